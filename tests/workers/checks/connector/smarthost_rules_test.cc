// conn.outbound.smarthost_dns and conn.outbound.smarthost_smtp on
// hand-built smart-host evidence, including CHECKS.md §5 scenarios 28
// (onprem-firewall), 29 (onprem-no-starttls), 30 (subject mismatch) and 34
// (smarthost-nxdomain).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/connector/connector_fixtures.h"
#include "workers/checks/connector/connector_checks.h"

namespace ndrdiag {
namespace {

using testing::CompletedSession;
using testing::Evidence;
using testing::Exchange;
using testing::ExpectLocalized;
using testing::Failed;
using testing::FailedSession;
using ::testing::HasSubstr;
using testing::kResolver;
using testing::ResolvedSmartHost;
using testing::Snapshot;

constexpr char kConnector[] = "Outbound to 5f3c";

std::unique_ptr<v1::TenantSnapshot> SmartHostSnapshot(
    const std::string& smart_host, const std::string& tls_settings = "",
    const std::string& tls_domain = "") {
  return Snapshot(R"({"exo": {"outboundConnectors": [{"Name": ")" +
                  std::string(kConnector) +
                  R"(", "Enabled": true, "ConnectorType": "OnPremises",
      "RecipientDomains": ["contoso.com"], "SmartHosts": [")" +
                  smart_host + R"("], "TlsSettings": ")" + tls_settings +
                  R"(", "TlsDomain": ")" + tls_domain + R"("}]}})");
}

// ---- conn.outbound.smarthost_dns --------------------------------------------

TEST(SmartHostDnsTest, PassWhenEverySmartHostResolves) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  DiagnosisEvidence e = Evidence(snap.get());
  e.smart_hosts.push_back(
      ResolvedSmartHost("mail.contoso.com", kConnector, {"203.0.113.25"}));
  v1::CheckResult r = CheckConnOutboundSmartHostDns(e);
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_args().at("hosts"), "mail.contoso.com");
  EXPECT_EQ(r.evidence_size(), 2);  // A and AAAA
  ExpectLocalized(r);
}

// §5 scenario 34.
TEST(SmartHostDnsTest, Scenario34SmartHostNxdomain) {
  auto snap = SmartHostSnapshot("relay.contoso.com");
  DiagnosisEvidence e = Evidence(snap.get());
  SmartHostEvidence h;
  h.host = "relay.contoso.com";
  h.connector = kConnector;
  h.a = Exchange(kResolver, "relay.contoso.com", "A", "NXDOMAIN", {});
  h.aaaa = Exchange(kResolver, "relay.contoso.com", "AAAA", "NXDOMAIN", {});
  e.smart_hosts.push_back(h);
  v1::CheckResult r = CheckConnOutboundSmartHostDns(e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_dns.fail_unresolved");
  EXPECT_EQ(r.message_args().at("hosts"), "relay.contoso.com (NXDOMAIN)");
  EXPECT_EQ(r.evidence_size(), 2);
  ExpectLocalized(r);
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("450 4.4.312 DNS query failed"));
}

TEST(SmartHostDnsTest, NodataOnBothFamiliesFails) {
  auto snap = SmartHostSnapshot("relay.contoso.com");
  DiagnosisEvidence e = Evidence(snap.get());
  e.smart_hosts.push_back(
      ResolvedSmartHost("relay.contoso.com", kConnector, {}));
  v1::CheckResult r = CheckConnOutboundSmartHostDns(e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_THAT(r.message_args().at("hosts"), HasSubstr("no A/AAAA record"));
}

TEST(SmartHostDnsTest, TimeoutOrServfailIsInconclusive) {
  auto snap = SmartHostSnapshot("relay.contoso.com");
  DiagnosisEvidence e = Evidence(snap.get());
  SmartHostEvidence h;
  h.host = "relay.contoso.com";
  h.connector = kConnector;
  h.a = Failed(kResolver, "relay.contoso.com", "A", "timeout");
  h.aaaa = Exchange(kResolver, "relay.contoso.com", "AAAA", "SERVFAIL", {});
  e.smart_hosts.push_back(h);
  v1::CheckResult r = CheckConnOutboundSmartHostDns(e);
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("timeout"));
}

TEST(SmartHostDnsTest, IpLiteralPassesWithANote) {
  auto snap = SmartHostSnapshot("203.0.113.25");
  DiagnosisEvidence e = Evidence(snap.get());
  SmartHostEvidence h;
  h.host = "203.0.113.25";
  h.connector = kConnector;
  h.is_ip_literal = true;
  e.smart_hosts.push_back(h);
  v1::CheckResult r = CheckConnOutboundSmartHostDns(e);
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_dns.pass_ip_literal");
  ASSERT_EQ(r.evidence_size(), 1);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("203.0.113.25"));
  ExpectLocalized(r);
}

TEST(SmartHostDnsTest, EopLiteralAndLegacyNameAreLegacyEndpoints) {
  auto snap = SmartHostSnapshot("104.47.1.1");
  DiagnosisEvidence e = Evidence(snap.get());
  SmartHostEvidence literal;
  literal.host = "104.47.1.1";
  literal.is_ip_literal = true;
  e.smart_hosts.push_back(literal);
  v1::CheckResult r = CheckConnOutboundSmartHostDns(e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::MX_LEGACY_ENDPOINT);
  ExpectLocalized(r);
  e.smart_hosts = {ResolvedSmartHost("mail.messaging.microsoft.com", kConnector,
                                     {"192.0.2.1"})};
  r = CheckConnOutboundSmartHostDns(e);
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_dns.fail_legacy");
  EXPECT_EQ(r.message_args().at("hosts"), "mail.messaging.microsoft.com");
}

TEST(SmartHostDnsTest, NoSmartHosts) {
  auto snap = Snapshot(R"({"exo": {"outboundConnectors": []}})");
  EXPECT_EQ(CheckConnOutboundSmartHostDns(Evidence(snap.get())).status(),
            v1::SKIPPED);
  // The snapshot has smart hosts but nothing was looked up.
  snap = SmartHostSnapshot("mail.contoso.com");
  EXPECT_EQ(CheckConnOutboundSmartHostDns(Evidence(snap.get())).status(),
            v1::INCONCLUSIVE);
}

// ---- conn.outbound.smarthost_smtp -------------------------------------------

DiagnosisEvidence WithSession(const v1::TenantSnapshot* snap,
                              SmtpSessionEvidence session) {
  DiagnosisEvidence e = Evidence(snap);
  SmartHostEvidence h =
      ResolvedSmartHost("mail.contoso.com", kConnector, {session.address});
  h.sessions.push_back(std::move(session));
  e.smart_hosts.push_back(std::move(h));
  return e;
}

TEST(SmartHostSmtpTest, PassWithStartTlsAndMatchingCertificate) {
  auto snap = SmartHostSnapshot("mail.contoso.com", "DomainValidation",
                                "mail.contoso.com");
  DiagnosisEvidence e = WithSession(
      snap.get(), CompletedSession("mail.contoso.com", "203.0.113.25", true,
                                   "EX01", {"mail.contoso.com"}));
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(e);
  EXPECT_EQ(r.status(), v1::PASS) << r.DebugString();
  ASSERT_EQ(r.evidence_size(), 1);
  EXPECT_EQ(r.evidence(0).smtp().server(), "203.0.113.25:25");
  ExpectLocalized(r);
}

// §5 scenario 28: the on-premises firewall refuses EOP.
TEST(SmartHostSmtpTest, Scenario28OnPremFirewall) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  DiagnosisEvidence e = WithSession(
      snap.get(),
      FailedSession("mail.contoso.com", "203.0.113.25", SmtpOutcome::kRefused,
                    SmtpStep::kConnect, "connection refused"));
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_smtp.fail_refused");
  ASSERT_EQ(r.evidence_size(), 1);
  EXPECT_EQ(r.evidence(0).smtp().error(), "connection refused");
  ExpectLocalized(r);
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("4.4.316"));
}

TEST(SmartHostSmtpTest, TimeoutFails) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(WithSession(
      snap.get(), FailedSession("mail.contoso.com", "203.0.113.25",
                                SmtpOutcome::kTimeout, SmtpStep::kBanner,
                                "timeout after 30s waiting for the banner")));
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_smtp.fail_timeout");
  EXPECT_EQ(r.message_args().at("step"), "banner");
  ExpectLocalized(r);
}

// §5 scenario 29: STARTTLS not offered.
TEST(SmartHostSmtpTest, Scenario29NoStartTls) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(WithSession(
      snap.get(), CompletedSession("mail.contoso.com", "203.0.113.25", false)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_smtp.fail_no_starttls");
  ASSERT_EQ(r.evidence_size(), 1);
  EXPECT_GT(r.evidence(0).smtp().lines_size(), 3);
  ExpectLocalized(r);
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("451 5.7.3 STARTTLS is required"));
}

TEST(SmartHostSmtpTest, StartTlsRejectedFails) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  SmtpSessionEvidence s =
      CompletedSession("mail.contoso.com", "203.0.113.25", true, "EX01");
  s.tls_established = false;
  s.starttls = testing::Reply(454, {"4.7.0 TLS not available"});
  v1::CheckResult r =
      CheckConnOutboundSmartHostSmtp(WithSession(snap.get(), s));
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_smtp.fail_no_starttls");
}

// §5 scenario 30: the certificate does not name TlsDomain.
TEST(SmartHostSmtpTest, Scenario30SubjectMismatch) {
  auto snap = SmartHostSnapshot("mail.contoso.com", "DomainValidation",
                                "*.contoso.com");
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(WithSession(
      snap.get(),
      CompletedSession("mail.contoso.com", "203.0.113.25", true, "EX01")));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(),
            "conn.outbound.smarthost_smtp.fail_subject_mismatch");
  EXPECT_EQ(r.message_args().at("expected"), "*.contoso.com");
  EXPECT_THAT(r.message_args().at("presented"), HasSubstr("CN=EX01"));
  ExpectLocalized(r);
  // A wildcard TlsDomain accepts a one-label name; other TLS settings do
  // not compare names.
  EXPECT_EQ(CheckConnOutboundSmartHostSmtp(
                WithSession(snap.get(),
                            CompletedSession("mail.contoso.com", "203.0.113.25",
                                             true, "mail.contoso.com")))
                .status(),
            v1::PASS);
  snap = SmartHostSnapshot("mail.contoso.com", "CertificateValidation",
                           "mail.contoso.com");
  EXPECT_EQ(CheckConnOutboundSmartHostSmtp(
                WithSession(snap.get(),
                            CompletedSession("mail.contoso.com", "203.0.113.25",
                                             true, "EX01")))
                .status(),
            v1::PASS);
}

TEST(SmartHostSmtpTest, ExpiredCertificateFails) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  SmtpSessionEvidence s = CompletedSession("mail.contoso.com", "203.0.113.25",
                                           true, "mail.contoso.com");
  s.transcript.mutable_certificate()->mutable_not_after()->set_seconds(
      1735689600);  // 2025-01-01
  DiagnosisEvidence e = WithSession(snap.get(), s);
  // Without the caller's clock only the verifier's word counts.
  EXPECT_EQ(CheckConnOutboundSmartHostSmtp(e).status(), v1::PASS);
  e.dns.now = absl::FromUnixSeconds(1798761600);  // 2027-01-01
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(e);
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_smtp.fail_expired");
  EXPECT_EQ(r.message_args().at("not_after"), "2025-01-01 00:00 UTC");
  // The certificate is the cause, not the connector (4.7.320).
  EXPECT_EQ(r.cause(), v1::HYBRID_CERTIFICATE);
  ExpectLocalized(r);
  s.transcript.mutable_certificate()->set_verify_error(
      "certificate has expired");
  EXPECT_EQ(
      CheckConnOutboundSmartHostSmtp(WithSession(snap.get(), s)).message_key(),
      "conn.outbound.smarthost_smtp.fail_expired");
}

// Issue 6: a certificate that expires within 60 days is a warning.
TEST(SmartHostSmtpTest, CertificateExpiringWithin60DaysWarns) {
  auto snap = SmartHostSnapshot("mail.contoso.com", "DomainValidation",
                                "mail.contoso.com");
  SmtpSessionEvidence s = CompletedSession("mail.contoso.com", "203.0.113.25",
                                           true, "EX01", {"mail.contoso.com"});
  const absl::Time now = absl::FromUnixSeconds(1798761600);  // 2027-01-01
  s.transcript.mutable_certificate()->mutable_not_after()->set_seconds(
      absl::ToUnixSeconds(now + absl::Hours(24 * 30)));
  DiagnosisEvidence e = WithSession(snap.get(), s);
  e.dns.now = now;
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(e);
  EXPECT_EQ(r.status(), v1::WARN) << r.DebugString();
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_smtp.warn_expiring");
  EXPECT_EQ(r.cause(), v1::HYBRID_CERTIFICATE);
  EXPECT_EQ(r.message_args().at("days"), "30");
  EXPECT_EQ(r.message_args().at("not_after"), "2027-01-31 00:00 UTC");
  ASSERT_EQ(r.evidence_size(), 1);
  // 61 days left: no warning; a failure elsewhere outranks the warning.
  s.transcript.mutable_certificate()->mutable_not_after()->set_seconds(
      absl::ToUnixSeconds(now + absl::Hours(24 * 61)));
  e = WithSession(snap.get(), s);
  e.dns.now = now;
  EXPECT_EQ(CheckConnOutboundSmartHostSmtp(e).status(), v1::PASS);
  s.transcript.mutable_certificate()->mutable_not_after()->set_seconds(
      absl::ToUnixSeconds(now + absl::Hours(24 * 10)));
  e = WithSession(snap.get(), s);
  e.dns.now = now;
  e.smart_hosts[0].sessions.push_back(
      FailedSession("mail.contoso.com", "203.0.113.26", SmtpOutcome::kRefused,
                    SmtpStep::kConnect, "connection refused"));
  // A session that could not be made does not hide the warning.
  DiagnosisEvidence limited = e;
  limited.smart_hosts[0].sessions[1] =
      FailedSession("mail.contoso.com", "203.0.113.26",
                    SmtpOutcome::kRateLimited, SmtpStep::kConnect, "");
  EXPECT_EQ(CheckConnOutboundSmartHostSmtp(limited).status(), v1::WARN);
  r = CheckConnOutboundSmartHostSmtp(e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  bool noted = false;
  for (const v1::Evidence& ev : r.evidence()) {
    noted = noted || (ev.has_note() &&
                      ev.note().find("expires on") != std::string::npos);
  }
  EXPECT_TRUE(noted);
}

// RFC 6125 §6.4.4: a certificate with DNS SANs is not named by its CN.
TEST(SmartHostSmtpTest, CommonNameDoesNotCountWhenTheCertificateHasSans) {
  auto snap = SmartHostSnapshot("mail.contoso.com", "DomainValidation",
                                "mail.contoso.com");
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(WithSession(
      snap.get(),
      CompletedSession("mail.contoso.com", "203.0.113.25", true,
                       "mail.contoso.com", {"ex01.contoso.local"})));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(),
            "conn.outbound.smarthost_smtp.fail_subject_mismatch");
  EXPECT_THAT(r.message_args().at("presented"),
              HasSubstr("ex01.contoso.local"));
}

TEST(SmartHostSmtpTest, TlsHandshakeFailureFails) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(WithSession(
      snap.get(),
      FailedSession("mail.contoso.com", "203.0.113.25", SmtpOutcome::kTlsFailed,
                    SmtpStep::kTlsHandshake, "handshake failure")));
  EXPECT_EQ(r.message_key(), "conn.outbound.smarthost_smtp.fail_tls");
  EXPECT_EQ(r.message_args().at("error"), "handshake failure");
  ExpectLocalized(r);
}

TEST(SmartHostSmtpTest, ProbeRefusalsAreInconclusive) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  for (SmtpOutcome outcome :
       {SmtpOutcome::kBlockedByPolicy, SmtpOutcome::kRateLimited}) {
    v1::CheckResult r = CheckConnOutboundSmartHostSmtp(WithSession(
        snap.get(), FailedSession("mail.contoso.com", "10.0.0.5", outcome,
                                  SmtpStep::kConnect,
                                  "blocked by egress policy: 10.0.0.0/8")));
    EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
    EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
    EXPECT_THAT(r.inconclusive_reason(), HasSubstr("10.0.0.5"));
    EXPECT_EQ(r.evidence_size(), 1);
  }
  // Probing disabled: no session at all.
  DiagnosisEvidence e = Evidence(snap.get());
  e.smart_hosts.push_back(
      ResolvedSmartHost("mail.contoso.com", kConnector, {"203.0.113.25"}));
  e.smtp.disabled = true;
  e.smtp.disabled_reason = "disabled in the request";
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(e);
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("disabled in the request"));
  // Nothing to probe because nothing resolved.
  e.smtp.disabled = false;
  EXPECT_EQ(CheckConnOutboundSmartHostSmtp(e).status(), v1::SKIPPED);
}

TEST(SmartHostSmtpTest, FailureWinsOverInconclusiveAndKeepsEveryTranscript) {
  auto snap = SmartHostSnapshot("mail.contoso.com");
  DiagnosisEvidence e = WithSession(
      snap.get(), FailedSession("mail.contoso.com", "198.51.100.1",
                                SmtpOutcome::kRateLimited, SmtpStep::kConnect,
                                "held back by the rate limit"));
  e.smart_hosts[0].sessions.push_back(
      FailedSession("mail.contoso.com", "203.0.113.25", SmtpOutcome::kRefused,
                    SmtpStep::kConnect, "connection refused"));
  v1::CheckResult r = CheckConnOutboundSmartHostSmtp(e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_args().at("server"), "203.0.113.25:25");
  int transcripts = 0;
  for (const v1::Evidence& ev : r.evidence()) transcripts += ev.has_smtp();
  EXPECT_EQ(transcripts, 2);
}

}  // namespace
}  // namespace ndrdiag
