// smtp.mx.connect, smtp.ehlo.caps and smtp.starttls on hand-built sessions.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "tests/workers/checks/smtp/smtp_session_builder.h"
#include "tests/workers/checks/smtp/smtp_test_util.h"
#include "workers/checks/dns/ip_ranges.h"
#include "workers/checks/smtp/smtp_checks.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag {
namespace {

using ::ndrdiag::testing::Evidence;
using ::ndrdiag::testing::kEopHost;
using ::ndrdiag::testing::RunRule;
using ::ndrdiag::testing::SessionBuilder;
using ::ndrdiag::testing::SmtpEvidenceCount;
using ::testing::HasSubstr;

SmtpSessionEvidence EopSession(const std::string& address = "104.47.1.1") {
  return SessionBuilder(kEopHost, address).Eop().Build();
}

v1::TenantSnapshot SnapshotWithType(const std::string& type) {
  v1::TenantSnapshot snapshot;
  v1::AcceptedDomain* d = snapshot.mutable_exo()->add_accepted_domains();
  d->set_domain_name("Contoso.com");
  d->set_domain_type(type);
  return snapshot;
}

TEST(SmtpConnectTest, ExchangeOnlineBannerOnEveryAddressPasses) {
  auto e = Evidence({EopSession("104.47.1.1"), EopSession("104.47.2.2")});
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_key(), "smtp.mx.connect.pass");
  EXPECT_THAT(r.message_args().at("addresses"), HasSubstr("104.47.2.2"));
  EXPECT_THAT(r.message_args().at("banner"),
              HasSubstr("Microsoft ESMTP MAIL Service"));
  EXPECT_EQ(SmtpEvidenceCount(r), 2);
}

TEST(SmtpConnectTest, ProbeDisabledIsInconclusiveForEveryRule) {
  DiagnosisEvidence e = Evidence({}, "alice@contoso.com");
  e.smtp.disabled = true;
  e.smtp.disabled_reason = "disabled in the request";
  v1::TenantSnapshot snapshot;
  snapshot.mutable_exo()->add_recipients()->set_primary_smtp_address(
      "alice@contoso.com");
  e.snapshot = &snapshot;
  for (const Check& check : SmtpChecks()) {
    v1::CheckResult r = RunRule(check.rule, e);
    EXPECT_EQ(r.status(), v1::INCONCLUSIVE) << check.id;
    EXPECT_THAT(r.inconclusive_reason(), HasSubstr("disabled in the request"));
  }
}

TEST(SmtpConnectTest, NoMxAddressIsSkipped) {
  DiagnosisEvidence e = Evidence({});
  e.smtp.unresolved_hosts = {"contoso-co.mail.protection.outlook.com"};
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("no MX address to probe"));
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("contoso-co"));
}

TEST(SmtpConnectTest, EgressPolicyAndRateLimitAreNeverBlamedOnTheCustomer) {
  auto e =
      Evidence({SessionBuilder("mail.contoso.com", "127.0.0.1")
                    .Ended(SmtpOutcome::kBlockedByPolicy, SmtpStep::kConnect,
                           "blocked by egress policy: 127.0.0.1 is loopback")
                    .Build(),
                SessionBuilder("mail.contoso.com", "198.51.100.25")
                    .Ended(SmtpOutcome::kRateLimited, SmtpStep::kConnect,
                           "held back by the rate limit: next token in 8s")
                    .Build()},
               "alice@contoso.com");
  for (const Check& check : SmtpChecks()) {
    if (check.family != v1::CONNECTOR) continue;
    v1::CheckResult r = RunRule(check.rule, e);
    EXPECT_EQ(r.status(), v1::INCONCLUSIVE) << check.id;
    EXPECT_THAT(r.inconclusive_reason(), HasSubstr("blocked by egress policy"))
        << check.id;
    EXPECT_THAT(r.inconclusive_reason(), HasSubstr("rate limit")) << check.id;
  }
}

TEST(SmtpConnectTest, ThrottlingBannerIsInconclusive) {
  auto e = Evidence({SessionBuilder(kEopHost, "104.47.1.1")
                         .Banner("4.7.0 Too many connections", 421)
                         .Build()});
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("throttled (421)"));
}

TEST(SmtpConnectTest, SilentOnPremisesHostFails) {
  auto e = Evidence({SessionBuilder("mail.contoso.com", "198.51.100.25")
                         .Ended(SmtpOutcome::kTimeout, SmtpStep::kBanner,
                                "timeout after 30s waiting for the banner")
                         .Build(),
                     SessionBuilder("mail.contoso.com", "198.51.100.26")
                         .Ended(SmtpOutcome::kRefused, SmtpStep::kConnect,
                                "connection refused")
                         .Build()});
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::HOST_NOT_RESPONDING);
  EXPECT_THAT(r.message_args().at("failures"), HasSubstr("timeout after 30s"));
  EXPECT_THAT(r.message_args().at("failures"),
              HasSubstr("198.51.100.26): connection refused"));
}

TEST(SmtpConnectTest, SilentExchangeOnlineFailsMentioningTheWorkersPort25) {
  auto e = Evidence({SessionBuilder(kEopHost, "104.47.1.1")
                         .Ended(SmtpOutcome::kTimeout, SmtpStep::kConnect,
                                "timeout after 30s connecting")
                         .Build()});
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::HOST_NOT_RESPONDING);
  EXPECT_EQ(r.message_key(), "smtp.mx.connect.fail_no_answer_eop");
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("outbound port 25"));
}

TEST(SmtpConnectTest, SomeAddressesSilentWarns) {
  auto e = Evidence(
      {SessionBuilder("mail.contoso.com", "198.51.100.25").OnPrem().Build(),
       SessionBuilder("mail.contoso.com", "198.51.100.26")
           .Ended(SmtpOutcome::kRefused, SmtpStep::kConnect,
                  "connection refused")
           .Build()});
  v1::TenantSnapshot snapshot = SnapshotWithType("InternalRelay");
  e.snapshot = &snapshot;
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::HOST_NOT_RESPONDING);
  EXPECT_THAT(r.message_args().at("addresses"), HasSubstr("198.51.100.26"));
}

TEST(SmtpConnectTest, ForeignBannerWarnsAssumingAuthoritative) {
  auto e = Evidence(
      {SessionBuilder("mail.contoso.com", "198.51.100.25").OnPrem().Build()});
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::MX_INCORRECT);
  EXPECT_EQ(r.message_key(), "smtp.mx.connect.warn_not_microsoft_assumed");
  EXPECT_THAT(r.message_args().at("banner"), HasSubstr("Postfix"));
}

TEST(SmtpConnectTest, OnPremisesExchangeBannerIsNotExchangeOnline) {
  auto e = Evidence({SessionBuilder("mail.contoso.com", "198.51.100.25")
                         .Banner("EX01.contoso.com Microsoft ESMTP MAIL "
                                 "Service ready at Thu, 22 Jun 2023")
                         .Build()});
  v1::TenantSnapshot snapshot = SnapshotWithType("Authoritative");
  e.snapshot = &snapshot;
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.message_key(), "smtp.mx.connect.warn_not_microsoft");
  EXPECT_EQ(r.message_args().at("domain_type"), "Authoritative");
}

TEST(SmtpConnectTest, MicrosoftPhraseAtAnEopAddressCounts) {
  auto ranges = IpRanges::Parse("127.77.0.0/16");
  ASSERT_TRUE(ranges.ok());
  auto e = Evidence({SessionBuilder(kEopHost, "127.77.1.1")
                         .Banner("mx1.lab Microsoft ESMTP MAIL Service ready")
                         .Build()});
  e.dns.eop_ranges = &*ranges;
  EXPECT_EQ(RunRule(&CheckSmtpMxConnect, e).status(), v1::PASS);
}

TEST(SmtpConnectTest, ForeignBannerIsExpectedForInternalRelay) {
  auto e = Evidence(
      {SessionBuilder("mail.contoso.com", "198.51.100.25").OnPrem().Build()});
  v1::TenantSnapshot snapshot = SnapshotWithType("InternalRelay");
  e.snapshot = &snapshot;
  v1::CheckResult r = RunRule(&CheckSmtpMxConnect, e);
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "smtp.mx.connect.info_not_microsoft");
}

TEST(SmtpEhloCapsTest, ObservedEopSetPasses) {
  v1::CheckResult r = RunRule(&CheckSmtpEhloCaps, Evidence({EopSession()}));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_THAT(r.message_args().at("keywords"), HasSubstr("SIZE PIPELINING"));
}

TEST(SmtpEhloCapsTest, EopWithoutStartTlsIsAnAnomalyWithoutCause) {
  auto e = Evidence({SessionBuilder(kEopHost, "104.47.1.1")
                         .Banner(::ndrdiag::testing::kEopBanner)
                         .Ehlo(::ndrdiag::testing::EopEhloLines(false))
                         .MailFrom()
                         .Build()});
  v1::CheckResult r = RunRule(&CheckSmtpEhloCaps, e);
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
  EXPECT_EQ(r.message_args().at("missing"), "STARTTLS");
  // The same session for smtp.starttls: not offered at EOP -> WARN.
  v1::CheckResult tls = RunRule(&CheckSmtpStartTls, e);
  EXPECT_EQ(tls.message_key(), "smtp.starttls.warn_not_offered_eop");
  EXPECT_EQ(tls.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
}

TEST(SmtpEhloCapsTest, EopMissingOtherKeywordsIsInfo) {
  std::vector<std::string> lines = ::ndrdiag::testing::EopEhloLines();
  lines.erase(std::find(lines.begin(), lines.end(), "CHUNKING"));
  auto e = Evidence({SessionBuilder(kEopHost, "104.47.1.1")
                         .Banner(::ndrdiag::testing::kEopBanner)
                         .Ehlo(lines)
                         .Build()});
  v1::CheckResult r = RunRule(&CheckSmtpEhloCaps, e);
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_args().at("missing"), "CHUNKING");
}

TEST(SmtpEhloCapsTest, OtherHostWithoutStartTlsIsInfo) {
  auto e = Evidence({SessionBuilder("mail.contoso.com", "198.51.100.25")
                         .OnPrem(/*starttls=*/false)
                         .Build()});
  v1::CheckResult r = RunRule(&CheckSmtpEhloCaps, e);
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "smtp.ehlo.caps.info_no_starttls");
  EXPECT_EQ(RunRule(&CheckSmtpStartTls, e).message_key(),
            "smtp.starttls.info_not_offered");
}

TEST(SmtpStartTlsTest, CompletedHandshakePassesNamingTheCertificate) {
  v1::CheckResult r = RunRule(&CheckSmtpStartTls, Evidence({EopSession()}));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_args().at("subject"), "CN=mail.protection.outlook.com");
  EXPECT_EQ(r.message_args().at("sans"), "*.mail.protection.outlook.com");
  EXPECT_EQ(r.message_args().at("not_after"), "2026-01-01 00:00:00 UTC");
  EXPECT_EQ(r.message_args().at("tls_version"), "TLSv1.3");
}

TEST(SmtpStartTlsTest, FailedHandshakeWarns) {
  SessionBuilder b("mail.contoso.com", "198.51.100.25");
  b.OnPrem();
  b.mutable_session().tls_established = false;
  b.mutable_session().ehlo_tls.reset();
  b.mutable_session().mail_from.reset();
  b.Ended(SmtpOutcome::kTlsFailed, SmtpStep::kTlsHandshake,
          "TLS handshake failed: wrong version number");
  v1::CheckResult r = RunRule(&CheckSmtpStartTls, Evidence({b.Build()}));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.message_key(), "smtp.starttls.warn_handshake_failed");
  EXPECT_THAT(r.message_args().at("error"), HasSubstr("wrong version number"));
}

TEST(SmtpStartTlsTest, ExpiredCertificateWarns) {
  SessionBuilder b("mail.contoso.com", "198.51.100.25");
  b.OnPrem().Time(1800000000);  // 2027, after the certificate's end
  v1::CheckResult r = RunRule(&CheckSmtpStartTls, Evidence({b.Build()}));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.message_key(), "smtp.starttls.warn_expired");
  EXPECT_EQ(r.message_args().at("subject"), "CN=mail.contoso.com");
}

TEST(SmtpStartTlsTest, UnverifiedCertificateIsInfoElsewhereWarnAtEop) {
  SessionBuilder other("mail.contoso.com", "198.51.100.25");
  other.OnPrem();
  other.mutable_session().transcript.mutable_certificate()->set_chain_verified(
      false);
  other.mutable_session().transcript.mutable_certificate()->set_verify_error(
      "self-signed certificate");
  v1::CheckResult r = RunRule(&CheckSmtpStartTls, Evidence({other.Build()}));
  EXPECT_EQ(r.message_key(), "smtp.starttls.info_unverified");
  EXPECT_EQ(r.message_args().at("verify_error"), "self-signed certificate");

  SessionBuilder eop(kEopHost, "104.47.1.1");
  eop.Eop();
  eop.mutable_session().transcript.mutable_certificate()->set_name_verified(
      false);
  r = RunRule(&CheckSmtpStartTls, Evidence({eop.Build()}));
  EXPECT_EQ(r.message_key(), "smtp.starttls.warn_unverified_eop");
  EXPECT_EQ(r.message_args().at("verify_error"),
            "name does not match the host");
}

TEST(SmtpStartTlsTest, StartTlsRefusedWarns) {
  SessionBuilder b("mail.contoso.com", "198.51.100.25");
  b.OnPrem();
  b.mutable_session().starttls =
      ::ndrdiag::testing::Reply(454,
                                "4.7.0 TLS not available due to local "
                                "problem");
  b.mutable_session().tls_established = false;
  v1::CheckResult r = RunRule(&CheckSmtpStartTls, Evidence({b.Build()}));
  EXPECT_EQ(r.message_key(), "smtp.starttls.warn_refused");
  EXPECT_THAT(r.message_args().at("reply"), HasSubstr("454 4.7.0 TLS"));
}

}  // namespace
}  // namespace ndrdiag
