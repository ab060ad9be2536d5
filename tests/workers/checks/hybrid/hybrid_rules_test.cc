#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/hybrid/hybrid_fixtures.h"
#include "workers/checks/check_catalog.h"
#include "workers/checks/hybrid/hybrid_checks.h"

namespace ndrdiag {
namespace {

using testing::CompletedSession;
using testing::Exchange;
using testing::ExpectLocalized;
using ::testing::HasSubstr;
using testing::HealthyHybridSnapshot;
using testing::HybridEvidence;
using testing::kResolver;
using testing::MxAnswers;
using testing::Reply;
using testing::ResolvedSmartHost;
using testing::Snapshot;

std::string Arg(const v1::CheckResult& r, const std::string& name) {
  auto it = r.message_args().find(name);
  return it == r.message_args().end() ? "" : it->second;
}

void ExpectStatus(const v1::CheckResult& r, v1::CheckStatus status,
                  const std::string& key, v1::RootCause cause) {
  EXPECT_EQ(r.status(), status) << r.DebugString();
  EXPECT_EQ(r.message_key(), key) << r.DebugString();
  EXPECT_EQ(r.cause(), cause) << r.DebugString();
  EXPECT_EQ(r.family(), v1::HYBRID);
  if (status != v1::SKIPPED) ExpectLocalized(r);
}

std::string Localized(v1::CheckResult r, const char* locale) {
  Localize(r, locale);
  return r.message();
}

TEST(HybridChecksTest, TableIsInCatalogueOrderAndInAllChecks) {
  const std::vector<Check>& checks = HybridChecks();
  ASSERT_EQ(checks.size(), 8u);
  const char* ids[] = {"hybrid.sendconn.to_o365",
                       "hybrid.sendconn.cert",
                       "hybrid.sendconn.internet_via_eop",
                       "hybrid.recvconn.frontend",
                       "hybrid.config.consistency",
                       "hybrid.coexistence_domain",
                       "hybrid.targetaddress",
                       "hybrid.onprem.accepts_domains"};
  for (size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(checks[i].id, ids[i]);
    EXPECT_EQ(checks[i].family, v1::HYBRID);
    ASSERT_NE(FindCatalogEntry(checks[i].id), nullptr) << ids[i];
    size_t found = 0;
    for (const Check& c : AllChecks()) found += c.id == checks[i].id;
    EXPECT_EQ(found, 1u) << ids[i];
  }
}

TEST(HybridChecksTest, SkippedWithoutSnapshotOrOnPremisesPart) {
  DiagnosisEvidence none = HybridEvidence(nullptr);
  auto exo_only = Snapshot(R"({"exo": {"acceptedDomains": []}})");
  DiagnosisEvidence no_onprem = HybridEvidence(exo_only.get());
  for (const Check& c : HybridChecks()) {
    v1::CheckResult r = c.rule(none);
    EXPECT_EQ(r.status(), v1::SKIPPED) << c.id;
    EXPECT_EQ(r.inconclusive_reason(), "no tenant snapshot given");
    r = c.rule(no_onprem);
    EXPECT_EQ(r.status(), v1::SKIPPED) << c.id;
    EXPECT_THAT(r.inconclusive_reason(), HasSubstr("onPremises")) << c.id;
  }
}

// Evidence with one session with the smart host presenting the hybrid
// certificate (issuer and subject as OpenSSL prints them, RFC 2253) with
// `sans`.
DiagnosisEvidence PresentingHybridCertificate(
    const v1::TenantSnapshot* snap, const std::vector<std::string>& sans) {
  DiagnosisEvidence e = HybridEvidence(snap);
  e.smart_hosts.push_back(ResolvedSmartHost(
      "mail.contoso.com", "Outbound to 5f3c", {"203.0.113.25"}));
  e.smart_hosts[0].sessions.push_back(CompletedSession(
      "mail.contoso.com", "203.0.113.25", true, "mail.contoso.com", sans));
  v1::TlsCertificate* presented =
      e.smart_hosts[0].sessions[0].transcript.mutable_certificate();
  presented->set_issuer(R"(CN=Contoso CA,O=Contoso\, Ltd.)");
  presented->set_subject(R"(CN=mail.contoso.com,O=Contoso\, Ltd.)");
  return e;
}

TEST(HybridChecksTest, HealthyHybridPasses) {
  auto snap = HealthyHybridSnapshot();
  DiagnosisEvidence e = PresentingHybridCertificate(snap.get(), {});
  for (const Check& c : HybridChecks()) {
    const v1::CheckResult r = c.rule(e);
    if (c.id == kCheckHybridSendConnInternetViaEop) {
      ExpectStatus(r, v1::INFO,
                   std::string(c.id) + ".info_no_internet_connector",
                   v1::ROOT_CAUSE_UNSPECIFIED);
    } else {
      ExpectStatus(r, v1::PASS, std::string(c.id) + ".pass",
                   v1::ROOT_CAUSE_UNSPECIFIED);
    }
  }
}

TEST(HybridChecksTest, NotHybridIsInfo) {
  auto snap = Snapshot(R"({"exo": {"acceptedDomains": [{"DomainName":
      "contoso.com", "DomainType": "Authoritative"}]}, "onPremises": {
      "acceptedDomains": [{"DomainName": "contoso.com"}]}})");
  DiagnosisEvidence e = HybridEvidence(snap.get());
  for (const Check& c : HybridChecks()) {
    const v1::CheckResult r = c.rule(e);
    EXPECT_EQ(r.status(), v1::INFO) << c.id << r.DebugString();
    ExpectLocalized(r);
  }
}

// ---- hybrid.sendconn.to_o365 ----------------------------------------------

TEST(SendConnToO365Test, MissingCloudServicesMailFails) {
  auto snap = HealthyHybridSnapshot();
  auto* c = snap->mutable_on_premises()->mutable_send_connectors(0);
  c->set_cloud_services_mail_enabled(false);
  c->set_require_tls(false);
  const v1::CheckResult r =
      CheckHybridSendConnToO365(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::FAIL, "hybrid.sendconn.to_o365.fail_properties",
               v1::HYBRID_SEND_CONNECTOR);
  EXPECT_THAT(Arg(r, "problems"), HasSubstr("CloudServicesMailEnabled"));
  EXPECT_THAT(Arg(r, "problems"), HasSubstr("RequireTLS"));
}

TEST(SendConnToO365Test, MissingCertificateNameFails) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()
      ->mutable_send_connectors(0)
      ->clear_tls_certificate_name();
  ExpectStatus(CheckHybridSendConnToO365(HybridEvidence(snap.get())), v1::FAIL,
               "hybrid.sendconn.to_o365.fail_properties",
               v1::HYBRID_SEND_CONNECTOR);
}

TEST(SendConnToO365Test, OtherDifferencesWarn) {
  auto snap = HealthyHybridSnapshot();
  auto* c = snap->mutable_on_premises()->mutable_send_connectors(0);
  c->set_tls_domain("contoso.com");
  const v1::CheckResult r =
      CheckHybridSendConnToO365(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::WARN, "hybrid.sendconn.to_o365.warn_properties",
               v1::HYBRID_SEND_CONNECTOR);
  EXPECT_THAT(Arg(r, "problems"), HasSubstr("TlsDomain"));

  c->set_tls_domain("");
  c->set_tls_auth_level("EncryptionOnly");
  EXPECT_THAT(
      Arg(CheckHybridSendConnToO365(HybridEvidence(snap.get())), "problems"),
      HasSubstr("TlsAuthLevel"));

  c->set_tls_auth_level("CertificateValidation");
  c->set_dns_routing_enabled(false);
  c->add_smart_hosts("relay.contoso.com");
  EXPECT_THAT(
      Arg(CheckHybridSendConnToO365(HybridEvidence(snap.get())), "problems"),
      HasSubstr("SmartHosts"));
}

TEST(SendConnToO365Test, OlderSmartHostFormPasses) {
  auto snap = HealthyHybridSnapshot();
  auto* c = snap->mutable_on_premises()->mutable_send_connectors(0);
  c->set_dns_routing_enabled(false);
  c->add_smart_hosts("contoso-com.mail.protection.outlook.com");
  ExpectStatus(CheckHybridSendConnToO365(HybridEvidence(snap.get())), v1::PASS,
               "hybrid.sendconn.to_o365.pass", v1::ROOT_CAUSE_UNSPECIFIED);
}

TEST(SendConnToO365Test, DisabledConnectorWarns) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()->mutable_send_connectors(0)->set_enabled(false);
  const v1::CheckResult r =
      CheckHybridSendConnToO365(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::WARN, "hybrid.sendconn.to_o365.warn_properties",
               v1::HYBRID_SEND_CONNECTOR);
  EXPECT_THAT(Arg(r, "problems"), HasSubstr("Enabled"));
}

TEST(SendConnToO365Test, NoConnectorFails) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()->clear_send_connectors();
  const v1::CheckResult r =
      CheckHybridSendConnToO365(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::FAIL, "hybrid.sendconn.to_o365.fail_missing",
               v1::HYBRID_SEND_CONNECTOR);
  EXPECT_EQ(Arg(r, "routing_domain"), "contoso.mail.onmicrosoft.com");
}

// Scenario 33 (coexistence-missing): the address space lacks
// smtp:<t>.mail.onmicrosoft.com and RemoteRoutingAddress is
// @<t>.onmicrosoft.com.
TEST(SendConnToO365Test, Scenario33CoexistenceMissing) {
  auto snap = HealthyHybridSnapshot();
  auto* c = snap->mutable_on_premises()->mutable_send_connectors(0);
  c->clear_address_spaces();
  c->add_address_spaces("smtp:contoso.onmicrosoft.com;1");
  snap->mutable_on_premises()
      ->mutable_remote_mailboxes(0)
      ->set_remote_routing_address("ann@contoso.onmicrosoft.com");
  DiagnosisEvidence e = HybridEvidence(snap.get());
  const v1::CheckResult send = CheckHybridSendConnToO365(e);
  ExpectStatus(send, v1::WARN, "hybrid.sendconn.to_o365.warn_properties",
               v1::HYBRID_SEND_CONNECTOR);
  EXPECT_THAT(Arg(send, "problems"),
              HasSubstr("smtp:contoso.mail.onmicrosoft.com;1"));
  const v1::CheckResult target = CheckHybridTargetAddress(e);
  ExpectStatus(target, v1::FAIL, "hybrid.targetaddress.fail_routing_address",
               v1::HYBRID_ROUTING_DOMAIN);
  EXPECT_THAT(Arg(target, "problems"),
              HasSubstr("ann@contoso.onmicrosoft.com"));
}

// ---- hybrid.sendconn.cert --------------------------------------------------

// Scenario 27 (sendconn-cert-missing): 454 4.7.5.
TEST(SendConnCertTest, Scenario27CertificateNotInstalled) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()
      ->mutable_send_connectors(0)
      ->set_tls_certificate_name(
          "<I>CN=Contoso CA, O=Contoso<S>CN=old.contoso.com");
  const v1::CheckResult r = CheckHybridSendConnCert(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::FAIL, "hybrid.sendconn.cert.fail_not_found",
               v1::HYBRID_CERTIFICATE);
  EXPECT_EQ(Arg(r, "subject"), "CN=old.contoso.com");
  EXPECT_THAT(Localized(r, "en"), HasSubstr("454 4.7.5 The certificate "
                                            "specified in TlsCertificateName"));
  EXPECT_THAT(Localized(r, "ja"), HasSubstr("454 4.7.5"));
}

TEST(SendConnCertTest, NamesCompareAsDistinguishedNames) {
  auto snap = HealthyHybridSnapshot();
  // Escaped instead of quoted commas, other spacing and case.
  snap->mutable_on_premises()->mutable_send_connectors(0)->set_tls_certificate_name(
      R"(<I> cn=Contoso CA,o=Contoso\, Ltd. <S> CN=MAIL.contoso.com, O=Contoso\, Ltd.)");
  ExpectStatus(CheckHybridSendConnCert(HybridEvidence(snap.get())), v1::PASS,
               "hybrid.sendconn.cert.pass", v1::ROOT_CAUSE_UNSPECIFIED);
}

TEST(SendConnCertTest, MalformedNameFails) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()
      ->mutable_send_connectors(0)
      ->set_tls_certificate_name("mail.contoso.com");
  ExpectStatus(CheckHybridSendConnCert(HybridEvidence(snap.get())), v1::FAIL,
               "hybrid.sendconn.cert.fail_format", v1::HYBRID_CERTIFICATE);
}

TEST(SendConnCertTest, ExpiredFailsAndExpiringWarns) {
  auto snap = HealthyHybridSnapshot();
  DiagnosisEvidence e = HybridEvidence(snap.get());
  auto* cert = snap->mutable_on_premises()->mutable_exchange_certificates(0);
  cert->mutable_not_after()->set_seconds(absl::ToUnixSeconds(e.dns.now) - 3600);
  ExpectStatus(CheckHybridSendConnCert(e), v1::FAIL,
               "hybrid.sendconn.cert.fail_expired", v1::HYBRID_CERTIFICATE);
  cert->mutable_not_after()->set_seconds(absl::ToUnixSeconds(e.dns.now) +
                                         30 * 86400 + 3600);
  const v1::CheckResult warn = CheckHybridSendConnCert(e);
  ExpectStatus(warn, v1::WARN, "hybrid.sendconn.cert.warn_expiring",
               v1::HYBRID_CERTIFICATE);
  EXPECT_EQ(Arg(warn, "days"), "30");
  cert->mutable_not_after()->set_seconds(absl::ToUnixSeconds(e.dns.now) +
                                         61 * 86400);
  ExpectStatus(CheckHybridSendConnCert(e), v1::PASS,
               "hybrid.sendconn.cert.pass", v1::ROOT_CAUSE_UNSPECIFIED);
}

TEST(SendConnCertTest, MissingPartsAreNotGuessed) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()->clear_exchange_certificates();
  EXPECT_EQ(CheckHybridSendConnCert(HybridEvidence(snap.get())).status(),
            v1::SKIPPED);
  snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()
      ->mutable_send_connectors(0)
      ->clear_tls_certificate_name();
  ExpectStatus(CheckHybridSendConnCert(HybridEvidence(snap.get())), v1::INFO,
               "hybrid.sendconn.cert.info_no_name", v1::ROOT_CAUSE_UNSPECIFIED);
  snap->mutable_on_premises()->clear_send_connectors();
  EXPECT_EQ(CheckHybridSendConnCert(HybridEvidence(snap.get())).status(),
            v1::SKIPPED);
}

// ---- hybrid.sendconn.internet_via_eop ---------------------------------------

v1::SendConnector* AddInternetConnector(v1::TenantSnapshot& snap,
                                        const std::string& smart_host) {
  v1::SendConnector* c = snap.mutable_on_premises()->add_send_connectors();
  c->set_name("To Internet");
  c->set_enabled(true);
  c->add_address_spaces("SMTP:*;1");
  if (smart_host.empty()) {
    c->set_dns_routing_enabled(true);
  } else {
    c->add_smart_hosts(smart_host);
  }
  return c;
}

// Scenario 23 (sendconn-legacy-smarthost).
TEST(InternetViaEopTest, Scenario23LegacySmartHostFails) {
  auto snap = HealthyHybridSnapshot();
  AddInternetConnector(*snap, "mail.messaging.microsoft.com");
  const v1::CheckResult r =
      CheckHybridSendConnInternetViaEop(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::FAIL, "hybrid.sendconn.internet_via_eop.fail_legacy",
               v1::MX_LEGACY_ENDPOINT);
  EXPECT_EQ(Arg(r, "hosts"), "mail.messaging.microsoft.com");
  EXPECT_EQ(Arg(r, "expected"), "contoso-com.mail.protection.outlook.com");
}

TEST(InternetViaEopTest, EopIpLiteralFails) {
  auto snap = HealthyHybridSnapshot();
  AddInternetConnector(*snap, "[40.92.1.1]");
  ExpectStatus(CheckHybridSendConnInternetViaEop(HybridEvidence(snap.get())),
               v1::FAIL, "hybrid.sendconn.internet_via_eop.fail_legacy",
               v1::MX_LEGACY_ENDPOINT);
}

TEST(InternetViaEopTest, TenantHostPassesOtherTenantWarns) {
  auto snap = HealthyHybridSnapshot();
  v1::SendConnector* c =
      AddInternetConnector(*snap, "contoso-com.mail.protection.outlook.com");
  ExpectStatus(CheckHybridSendConnInternetViaEop(HybridEvidence(snap.get())),
               v1::PASS, "hybrid.sendconn.internet_via_eop.pass",
               v1::ROOT_CAUSE_UNSPECIFIED);
  c->set_smart_hosts(0, "contoso.mail.protection.outlook.com");  // <t>
  EXPECT_EQ(
      CheckHybridSendConnInternetViaEop(HybridEvidence(snap.get())).status(),
      v1::PASS);
  c->set_smart_hosts(0, "fabrikam-com.mail.protection.outlook.com");
  ExpectStatus(CheckHybridSendConnInternetViaEop(HybridEvidence(snap.get())),
               v1::WARN,
               "hybrid.sendconn.internet_via_eop.warn_other_tenant_host",
               v1::CONNECTOR_MISCONFIGURED);
}

TEST(InternetViaEopTest, NotThroughEopIsInfo) {
  auto snap = HealthyHybridSnapshot();
  v1::SendConnector* c = AddInternetConnector(*snap, "relay.isp.example");
  ExpectStatus(CheckHybridSendConnInternetViaEop(HybridEvidence(snap.get())),
               v1::INFO, "hybrid.sendconn.internet_via_eop.info_third_party",
               v1::ROOT_CAUSE_UNSPECIFIED);
  c->clear_smart_hosts();
  ExpectStatus(CheckHybridSendConnInternetViaEop(HybridEvidence(snap.get())),
               v1::INFO, "hybrid.sendconn.internet_via_eop.info_dns_routing",
               v1::ROOT_CAUSE_UNSPECIFIED);
}

TEST(SendConnCertTest, WithoutAClockExpiryIsNotJudged) {
  auto snap = HealthyHybridSnapshot();
  DiagnosisEvidence e = HybridEvidence(snap.get());
  e.dns.now = absl::UnixEpoch();
  const v1::CheckResult r = CheckHybridSendConnCert(e);
  EXPECT_EQ(r.status(), v1::PASS);
  ASSERT_EQ(r.evidence_size(), 1);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("no clock reading"));
}

TEST(ConfigConsistencyTest, WithoutExoOnlyOnPremisesIsCompared) {
  auto snap = HealthyHybridSnapshot();
  snap->clear_exo();
  const v1::CheckResult r =
      CheckHybridConfigConsistency(HybridEvidence(snap.get()));
  EXPECT_EQ(r.status(), v1::PASS);
  ASSERT_EQ(r.evidence_size(), 1);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("(exo)"));
}

TEST(InternetViaEopTest, UnknownTenantDomainsPassWithANote) {
  auto snap = Snapshot(R"({"onPremises": {"sendConnectors": [{"Name": "Out",
      "Enabled": true, "AddressSpaces": ["SMTP:*;1"],
      "SmartHosts": ["x-com.mail.protection.outlook.com"]}]}})");
  DiagnosisEvidence e = HybridEvidence(snap.get());
  e.domain.clear();
  const v1::CheckResult r = CheckHybridSendConnInternetViaEop(e);
  EXPECT_EQ(r.status(), v1::PASS);
  ASSERT_EQ(r.evidence_size(), 1);
}

// ---- hybrid.recvconn.frontend ---------------------------------------------

// Scenario 30 (onprem-subject-mismatch): EXO expects *.contoso.com, the
// on-premises host presents CN=EX01.
TEST(RecvConnFrontendTest, Scenario30PresentedSubjectMismatch) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_exo()->mutable_outbound_connectors(0)->set_tls_domain(
      "*.contoso.com");
  snap->mutable_on_premises()
      ->mutable_receive_connectors(0)
      ->set_tls_certificate_name("<I>CN=EX01<S>CN=EX01");
  DiagnosisEvidence e = HybridEvidence(snap.get());
  e.smart_hosts.push_back(ResolvedSmartHost(
      "mail.contoso.com", "Outbound to 5f3c", {"203.0.113.25"}));
  e.smart_hosts[0].sessions.push_back(
      CompletedSession("mail.contoso.com", "203.0.113.25", true, "EX01"));
  const v1::CheckResult r = CheckHybridRecvConnFrontend(e);
  ExpectStatus(r, v1::WARN, "hybrid.recvconn.frontend.warn_presented_mismatch",
               v1::HYBRID_RECEIVE_CONNECTOR);
  EXPECT_EQ(Arg(r, "expected"), "*.contoso.com");
  EXPECT_THAT(Arg(r, "presented"), HasSubstr("CN=EX01"));
  ASSERT_GE(r.evidence_size(), 1);
  bool has_smtp = false, has_note = false;
  for (const v1::Evidence& ev : r.evidence()) {
    has_smtp = has_smtp || ev.has_smtp();
    has_note = has_note || (ev.has_note() &&
                            absl::StrContains(ev.note(), "TlsCertificateName"));
  }
  EXPECT_TRUE(has_smtp);
  EXPECT_TRUE(has_note);
}

TEST(RecvConnFrontendTest, SubjectAltNamesWinOverTheCommonName) {
  auto snap = HealthyHybridSnapshot();
  DiagnosisEvidence e =
      PresentingHybridCertificate(snap.get(), {"ex01.contoso.local"});
  EXPECT_EQ(CheckHybridRecvConnFrontend(e).status(), v1::WARN);
  e.smart_hosts[0]
      .sessions[0]
      .transcript.mutable_certificate()
      ->add_subject_alt_names("MAIL.contoso.com.");
  EXPECT_EQ(CheckHybridRecvConnFrontend(e).status(), v1::PASS);
}

// Issue 6: the live certificate must be the one TlsCertificateName names
// (an RFC 2253 subject as OpenSSL prints it compares with Windows' form).
TEST(RecvConnFrontendTest, PresentedCertificateIsNotTheNamedOne) {
  auto snap = HealthyHybridSnapshot();
  DiagnosisEvidence e =
      PresentingHybridCertificate(snap.get(), {"mail.contoso.com"});
  EXPECT_EQ(CheckHybridRecvConnFrontend(e).status(), v1::PASS);
  e.smart_hosts[0].sessions[0].transcript.mutable_certificate()->set_issuer(
      "CN=Old CA");
  const v1::CheckResult r = CheckHybridRecvConnFrontend(e);
  ExpectStatus(r, v1::WARN, "hybrid.recvconn.frontend.warn_properties",
               v1::HYBRID_RECEIVE_CONNECTOR);
  EXPECT_THAT(Arg(r, "problems"),
              HasSubstr("presented certificate of mail.contoso.com"));
  EXPECT_THAT(Arg(r, "problems"), HasSubstr("<I>CN=Old CA<S>"));
  bool has_smtp = false;
  for (const v1::Evidence& ev : r.evidence()) has_smtp |= ev.has_smtp();
  EXPECT_TRUE(has_smtp);
}

TEST(RecvConnFrontendTest, PropertiesDifferWarn) {
  auto snap = HealthyHybridSnapshot();
  auto* rc = snap->mutable_on_premises()->mutable_receive_connectors(0);
  rc->clear_tls_domain_capabilities();
  rc->set_permission_groups("ExchangeServers");
  rc->set_auth_mechanism("Integrated");
  const v1::CheckResult r =
      CheckHybridRecvConnFrontend(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::WARN, "hybrid.recvconn.frontend.warn_properties",
               v1::HYBRID_RECEIVE_CONNECTOR);
  EXPECT_THAT(Arg(r, "problems"), HasSubstr("AcceptCloudServicesMail"));
  EXPECT_THAT(Arg(r, "problems"), HasSubstr("AnonymousUsers"));
  EXPECT_THAT(Arg(r, "problems"), HasSubstr("+Tls"));
}

TEST(RecvConnFrontendTest, MissingFrontendWarnsAndNoListSkips) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()->mutable_receive_connectors()->DeleteSubrange(0,
                                                                            1);
  ExpectStatus(CheckHybridRecvConnFrontend(HybridEvidence(snap.get())),
               v1::WARN, "hybrid.recvconn.frontend.warn_missing",
               v1::HYBRID_RECEIVE_CONNECTOR);
  snap->mutable_on_premises()->clear_receive_connectors();
  EXPECT_EQ(CheckHybridRecvConnFrontend(HybridEvidence(snap.get())).status(),
            v1::SKIPPED);
}

// ---- hybrid.config.consistency --------------------------------------------

TEST(ConfigConsistencyTest, DifferencesWarn) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()
      ->mutable_receive_connectors(0)
      ->set_tls_certificate_name("<I>CN=EX01<S>CN=EX01");
  snap->mutable_on_premises()
      ->mutable_hybrid_configuration()
      ->set_on_premises_smart_host("smtp.contoso.com");
  snap->mutable_exo()->mutable_on_prem_org()->add_hybrid_domains(
      "fabrikam.com");
  snap->mutable_exo()->mutable_inbound_connectors(0)->set_enabled(false);
  snap->mutable_exo()->mutable_on_prem_org()->set_outbound_connector("Gone");
  const v1::CheckResult r =
      CheckHybridConfigConsistency(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::WARN, "hybrid.config.consistency.warn_inconsistent",
               v1::CONNECTOR_MISCONFIGURED);
  const std::string p = Arg(r, "problems");
  EXPECT_THAT(p, HasSubstr("Default Frontend EX01"));
  EXPECT_THAT(p, HasSubstr("OnPremisesSmartHost: smtp.contoso.com"));
  EXPECT_THAT(p, HasSubstr("+fabrikam.com"));
  EXPECT_THAT(p, HasSubstr("InboundConnector"));
  EXPECT_THAT(p, HasSubstr("OutboundConnector: Gone"));
}

TEST(ConfigConsistencyTest, NoHybridConfigurationIsSkipped) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()->clear_hybrid_configuration();
  EXPECT_EQ(CheckHybridConfigConsistency(HybridEvidence(snap.get())).status(),
            v1::SKIPPED);
}

// ---- hybrid.coexistence_domain --------------------------------------------

TEST(CoexistenceDomainTest, MissingObjectsFail) {
  auto snap = HealthyHybridSnapshot();
  auto* op = snap->mutable_on_premises();
  op->mutable_accepted_domains()->DeleteSubrange(1, 1);
  op->mutable_remote_domains(1)->set_target_delivery_domain(false);
  op->mutable_email_address_policies(0)
      ->mutable_enabled_email_address_templates()
      ->DeleteSubrange(1, 1);
  const v1::CheckResult r =
      CheckHybridCoexistenceDomain(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::FAIL, "hybrid.coexistence_domain.fail_missing",
               v1::HYBRID_ROUTING_DOMAIN);
  const std::string p = Arg(r, "problems");
  EXPECT_THAT(p,
              HasSubstr("Get-AcceptedDomain: +contoso.mail.onmicrosoft.com"));
  EXPECT_THAT(p, HasSubstr("TargetDeliveryDomain: False → True"));
  EXPECT_THAT(p, HasSubstr("smtp:%m@contoso.mail.onmicrosoft.com"));
  op->mutable_remote_domains()->DeleteSubrange(1, 1);
  EXPECT_THAT(
      Arg(CheckHybridCoexistenceDomain(HybridEvidence(snap.get())), "problems"),
      HasSubstr("Hybrid Domain - contoso.mail.onmicrosoft.com"));
}

bool HasNote(const v1::CheckResult& r, absl::string_view text) {
  for (const v1::Evidence& ev : r.evidence()) {
    if (ev.has_note() && absl::StrContains(ev.note(), text)) return true;
  }
  return false;
}

// Issue 6 / CHECKS.md: the routing domain's MX must resolve.
TEST(CoexistenceDomainTest, RoutingDomainMxIsLookedUp) {
  auto snap = HealthyHybridSnapshot();
  DiagnosisEvidence e = HybridEvidence(snap.get());
  // Not asked (no smart-host stage ran): a note, no judgement.
  v1::CheckResult r = CheckHybridCoexistenceDomain(e);
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_TRUE(HasNote(r, "was not looked up"));
  e.routing_domain = "contoso.mail.onmicrosoft.com";
  e.routing_domain_mx = Exchange(
      kResolver, e.routing_domain, "MX", "NOERROR",
      MxAnswers(e.routing_domain, {"0 contoso.mail.protection.outlook.com."}));
  r = CheckHybridCoexistenceDomain(e);
  EXPECT_EQ(r.status(), v1::PASS);
  bool has_dns = false;
  for (const v1::Evidence& ev : r.evidence()) has_dns |= ev.has_dns();
  EXPECT_TRUE(has_dns);
  // Scenario 33 (coexistence-missing): NXDOMAIN.
  e.routing_domain_mx =
      Exchange(kResolver, e.routing_domain, "MX", "NXDOMAIN", {});
  r = CheckHybridCoexistenceDomain(e);
  ExpectStatus(r, v1::FAIL, "hybrid.coexistence_domain.fail_missing",
               v1::HYBRID_ROUTING_DOMAIN);
  EXPECT_THAT(Arg(r, "problems"),
              HasSubstr("MX contoso.mail.onmicrosoft.com: NXDOMAIN"));
  // NODATA fails too; a timeout is no finding.
  e.routing_domain_mx =
      Exchange(kResolver, e.routing_domain, "MX", "NOERROR", {});
  EXPECT_EQ(CheckHybridCoexistenceDomain(e).status(), v1::FAIL);
  e.routing_domain_mx =
      Exchange(kResolver, e.routing_domain, "MX", "SERVFAIL", {});
  r = CheckHybridCoexistenceDomain(e);
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_TRUE(HasNote(r, "could not be looked up"));
}

TEST(CoexistenceDomainTest, UnknownTenantOrNoListsSkip) {
  auto snap = HealthyHybridSnapshot();
  auto* op = snap->mutable_on_premises();
  op->clear_accepted_domains();
  op->clear_remote_domains();
  op->clear_email_address_policies();
  EXPECT_EQ(CheckHybridCoexistenceDomain(HybridEvidence(snap.get())).status(),
            v1::SKIPPED);
  snap = HealthyHybridSnapshot();
  snap->clear_graph();
  snap->mutable_exo()->clear_accepted_domains();
  snap->mutable_on_premises()->mutable_hybrid_configuration()->clear_domains();
  snap->mutable_on_premises()->clear_accepted_domains();
  snap->mutable_on_premises()->clear_send_connectors();
  const v1::CheckResult r =
      CheckHybridCoexistenceDomain(HybridEvidence(snap.get()));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("initial domain"));
}

// ---- hybrid.targetaddress ---------------------------------------------------

TEST(TargetAddressTest, MissingCloudProxyFails) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_exo()
      ->mutable_recipients(0)
      ->mutable_email_addresses()
      ->DeleteSubrange(1, 1);
  const v1::CheckResult r =
      CheckHybridTargetAddress(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::FAIL, "hybrid.targetaddress.fail_routing_address",
               v1::HYBRID_ROUTING_DOMAIN);
  EXPECT_THAT(Arg(r, "problems"),
              HasSubstr("+smtp:ann@contoso.mail.onmicrosoft.com"));
}

TEST(TargetAddressTest, NoRemoteMailboxesSkipsAndUnknownCloudRecipientPasses) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_exo()->clear_recipients();
  const v1::CheckResult r =
      CheckHybridTargetAddress(HybridEvidence(snap.get()));
  EXPECT_EQ(r.status(), v1::PASS);
  ASSERT_GE(r.evidence_size(), 1);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("ann@contoso.com"));
  snap->mutable_on_premises()->clear_remote_mailboxes();
  EXPECT_EQ(CheckHybridTargetAddress(HybridEvidence(snap.get())).status(),
            v1::SKIPPED);
}

// ---- hybrid.onprem.accepts_domains
// -------------------------------------------

// Scenario 32 (cmt-onprem-rejects): RouteAllMessagesViaOnPremises and the
// hybrid domain is not accepted on-premises.
TEST(OnPremAcceptsDomainsTest, Scenario32CentralizedTransport) {
  auto snap = HealthyHybridSnapshot();
  auto* out = snap->mutable_exo()->mutable_outbound_connectors(0);
  out->clear_recipient_domains();
  out->set_route_all_messages_via_on_premises(true);
  snap->mutable_on_premises()->mutable_accepted_domains()->DeleteSubrange(0, 1);
  DiagnosisEvidence e = HybridEvidence(snap.get());
  const v1::CheckResult r = CheckHybridOnPremAcceptsDomains(e);
  ExpectStatus(r, v1::FAIL,
               "hybrid.onprem.accepts_domains.fail_not_accepted_cmt",
               v1::HYBRID_RECEIVE_CONNECTOR);
  EXPECT_EQ(Arg(r, "domains"), "contoso.com");
  // The live reply, when the smart host gave it, is the stronger evidence.
  e.smart_hosts.push_back(ResolvedSmartHost(
      "mail.contoso.com", "Outbound to 5f3c", {"203.0.113.25"}));
  SmtpSessionEvidence s = CompletedSession("mail.contoso.com", "203.0.113.25",
                                           true, "mail.contoso.com");
  s.mail_from = Reply(550, {"5.7.54 SMTP; Unable to relay recipient in "
                            "non-accepted domain"});
  e.smart_hosts[0].sessions.push_back(s);
  const v1::CheckResult live = CheckHybridOnPremAcceptsDomains(e);
  ExpectStatus(live, v1::FAIL, "hybrid.onprem.accepts_domains.fail_rejected",
               v1::HYBRID_RECEIVE_CONNECTOR);
  EXPECT_THAT(Arg(live, "reply"), HasSubstr("550 5.7.54"));
  ASSERT_EQ(live.evidence_size(), 1);
  EXPECT_TRUE(live.evidence(0).has_smtp());
}

TEST(OnPremAcceptsDomainsTest, RoutedDomainNotAcceptedFails) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_exo()->mutable_outbound_connectors(0)->add_recipient_domains(
      "*.fabrikam.com");
  const v1::CheckResult r =
      CheckHybridOnPremAcceptsDomains(HybridEvidence(snap.get()));
  ExpectStatus(r, v1::FAIL, "hybrid.onprem.accepts_domains.fail_not_accepted",
               v1::HYBRID_RECEIVE_CONNECTOR);
  EXPECT_EQ(Arg(r, "domains"), "fabrikam.com");
}

TEST(OnPremAcceptsDomainsTest, MissingPartsSkip) {
  auto snap = HealthyHybridSnapshot();
  snap->mutable_on_premises()->clear_accepted_domains();
  EXPECT_EQ(
      CheckHybridOnPremAcceptsDomains(HybridEvidence(snap.get())).status(),
      v1::SKIPPED);
  snap = HealthyHybridSnapshot();
  snap->clear_exo();
  const v1::CheckResult r =
      CheckHybridOnPremAcceptsDomains(HybridEvidence(snap.get()));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("exo"));
}

}  // namespace
}  // namespace ndrdiag
