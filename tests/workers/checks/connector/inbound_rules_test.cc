// conn.inbound.* on hand-built snapshots, including CHECKS.md §5 scenarios
// 22 (kb2827473-no-inbound), 24 (inbound-cert-renewed), 25 (attr36),
// 26 (inbound-ip-changed) and 31 (partner-lockdown).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/connector/connector_fixtures.h"
#include "workers/checks/connector/connector_checks.h"

namespace ndrdiag {
namespace {

using testing::AcceptedDomainsJson;
using testing::Evidence;
using testing::ExpectLocalized;
using ::testing::HasSubstr;
using testing::OnPremOrgJson;
using testing::Snapshot;

std::string Exo(const std::string& body) {
  return R"({"capturedAt": "2026-11-27T10:00:00Z", "exo": {)" + body + "}}";
}

std::string ExoAndOnPrem(const std::string& exo, const std::string& on_prem) {
  return R"({"capturedAt": "2026-11-27T10:00:00Z", "exo": {)" + exo +
         R"(}, "onPremises": {)" + on_prem + "}}";
}

constexpr char kInboundOnPrem[] = R"("inboundConnectors": [
    {"Name": "Inbound from 5f3c", "Enabled": true, "ConnectorType": "OnPremises",
     "ConnectorSource": "HybridWizard", "SenderDomains": ["smtp:*;1"],
     "RequireTls": true, "TlsSenderCertificateName": "mail.contoso.com",
     "Identity": "Inbound from 5f3c"}])";

// ---- conn.inbound.onprem_exists -------------------------------------------

TEST(OnPremExistsTest, SkippedWithoutSnapshotOrExoPart) {
  v1::CheckResult r = CheckConnInboundOnPremExists(Evidence(nullptr));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_EQ(r.inconclusive_reason(), "no tenant snapshot given");
  auto snap = Snapshot(R"({"graph": {"domains": []}})");
  r = CheckConnInboundOnPremExists(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("Exchange Online part"));
}

TEST(OnPremExistsTest, InfoWhenNothingRelaysThroughExo) {
  auto snap = Snapshot(Exo(AcceptedDomainsJson()));
  v1::CheckResult r = CheckConnInboundOnPremExists(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
  ExpectLocalized(r);
}

TEST(OnPremExistsTest, PassWithEnabledOnPremisesConnector) {
  auto snap = Snapshot(Exo(AcceptedDomainsJson() + "," + OnPremOrgJson() + "," +
                           kInboundOnPrem));
  v1::CheckResult r = CheckConnInboundOnPremExists(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_args().at("connectors"), "Inbound from 5f3c");
  ExpectLocalized(r);
}

TEST(OnPremExistsTest, FailWhenTheOnlyConnectorIsDisabled) {
  auto snap = Snapshot(Exo(OnPremOrgJson() + R"(, "inboundConnectors": [
      {"Name": "Inbound from 5f3c", "Enabled": false,
       "ConnectorType": "OnPremises"}])"));
  v1::CheckResult r = CheckConnInboundOnPremExists(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_key(), "conn.inbound.onprem_exists.fail_disabled");
  ExpectLocalized(r);
}

TEST(OnPremExistsTest, OnPremisesOutboundConnectorIsASignOfHybrid) {
  auto snap = Snapshot(Exo(R"("outboundConnectors": [
      {"Name": "To on-prem", "Enabled": true, "ConnectorType": "OnPremises",
       "SmartHosts": ["mail.contoso.com"]}],
      "inboundConnectors": [{"Name": "Partner X", "Enabled": true,
       "ConnectorType": "Partner"}])"));
  v1::CheckResult r = CheckConnInboundOnPremExists(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(), "conn.inbound.onprem_exists.fail_missing");
  EXPECT_THAT(r.message_args().at("signals"), HasSubstr("To on-prem"));
}

// §5 scenario 22: on-prem relays "*" through EOP, no OnPremises connector.
TEST(OnPremExistsTest, Scenario22Kb2827473NoInboundConnector) {
  auto snap = Snapshot(ExoAndOnPrem(AcceptedDomainsJson(), R"(
      "sendConnectors": [{"Name": "Outbound to Internet", "Enabled": true,
        "AddressSpaces": ["SMTP:*;1"],
        "SmartHosts": ["contoso-com.mail.protection.outlook.com"],
        "DNSRoutingEnabled": false}])"));
  v1::CheckResult r = CheckConnInboundOnPremExists(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_key(), "conn.inbound.onprem_exists.fail_missing");
  EXPECT_THAT(r.message_args().at("signals"),
              HasSubstr("contoso-com.mail.protection.outlook.com"));
  ExpectLocalized(r);
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("#550 5.4.1 Relay Access Denied ##"));
}

// ---- conn.inbound.cert_match ----------------------------------------------

constexpr char kSendToO365[] = R"("sendConnectors": [
    {"Name": "Outbound to Office 365 - 5f3c", "Enabled": true,
     "AddressSpaces": ["smtp:contoso.mail.onmicrosoft.com;1"],
     "DNSRoutingEnabled": true, "RequireTLS": true,
     "TlsAuthLevel": "DomainValidation",
     "TlsDomain": "mail.protection.outlook.com",
     "CloudServicesMailEnabled": true,
     "TlsCertificateName": "<I>CN=Contoso Issuing CA, O=Contoso, C=US<S>CN=)";

std::string CertSnapshot(const std::string& inbound_name,
                         const std::string& send_cn, const std::string& cert_cn,
                         const std::string& cert_domains) {
  return ExoAndOnPrem(
      AcceptedDomainsJson() + "," + OnPremOrgJson() +
          R"(, "inboundConnectors": [{"Name": "Inbound from 5f3c",
           "Enabled": true, "ConnectorType": "OnPremises",
           "TlsSenderCertificateName": ")" +
          inbound_name + R"("}])",
      std::string(kSendToO365) + send_cn + R"("}],
      "exchangeCertificates": [
        {"Thumbprint": "AB12", "Issuer": "CN=Contoso Issuing CA,O=Contoso,C=US",
         "Subject": "CN=)" +
          cert_cn + R"(", "CertificateDomains": [)" + cert_domains +
          R"(], "NotAfter": "2027-06-01T00:00:00Z",
         "Services": "IMAP, POP, IIS, SMTP", "Status": "Valid"}])");
}

TEST(CertMatchTest, PassWhenTheCertificateMatchesAndIsAccepted) {
  auto snap = Snapshot(
      CertSnapshot("mail.contoso.com", "mail.contoso.com", "mail.contoso.com",
                   R"("mail.contoso.com", "autodiscover.contoso.com")"));
  v1::CheckResult r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::PASS) << r.DebugString();
  EXPECT_THAT(r.message_args().at("names"),
              HasSubstr("autodiscover.contoso.com"));
  ExpectLocalized(r);
}

TEST(CertMatchTest, WildcardConnectorNameMatchesOneLabel) {
  auto snap =
      Snapshot(CertSnapshot("*.contoso.com", "smtp.contoso.com",
                            "smtp.contoso.com", R"("smtp.contoso.com")"));
  EXPECT_EQ(CheckConnInboundCertMatch(Evidence(snap.get())).status(), v1::PASS);
  snap = Snapshot(CertSnapshot("*.contoso.com", "a.b.contoso.com",
                               "a.b.contoso.com", R"("a.b.contoso.com")"));
  EXPECT_EQ(CheckConnInboundCertMatch(Evidence(snap.get())).message_key(),
            "conn.inbound.cert_match.fail_mismatch");
}

// §5 scenario 24: the certificate was renewed under another name.
TEST(CertMatchTest, Scenario24InboundCertRenewed) {
  auto snap =
      Snapshot(CertSnapshot("mail.contoso.com", "smtp.contoso.net",
                            "smtp.contoso.net", R"("smtp.contoso.net")"));
  v1::CheckResult r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_key(), "conn.inbound.cert_match.fail_mismatch");
  EXPECT_EQ(r.message_args().at("pattern"), "mail.contoso.com");
  EXPECT_EQ(r.message_args().at("subject"), "CN=smtp.contoso.net");
  ExpectLocalized(r);
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("550 5.7.64 TenantAttribution"));
}

// §5 scenario 25: the certificate's domain is not an accepted domain.
TEST(CertMatchTest, Scenario25Attr36) {
  auto snap = Snapshot(
      CertSnapshot("host.sub.contoso.com", "host.sub.contoso.com",
                   "host.sub.contoso.com", R"("host.sub.contoso.com")"));
  v1::CheckResult r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_key(), "conn.inbound.cert_match.fail_not_accepted");
  EXPECT_EQ(r.message_args().at("names"), "host.sub.contoso.com");
  ExpectLocalized(r);
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("ATTR36"));
}

// §5 scenario 27 (sendconn-cert-missing), as this check sees it.
TEST(CertMatchTest, Scenario27CertificateNamedBySendConnectorMissing) {
  auto snap =
      Snapshot(CertSnapshot("mail.contoso.com", "mail2.contoso.com",
                            "mail.contoso.com", R"("mail.contoso.com")"));
  v1::CheckResult r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::HYBRID_CERTIFICATE);
  EXPECT_EQ(r.message_key(), "conn.inbound.cert_match.fail_cert_missing");
  ExpectLocalized(r);
}

TEST(CertMatchTest, HybridConfigurationCertificateStandsIn) {
  auto snap = Snapshot(
      ExoAndOnPrem(AcceptedDomainsJson() + "," + std::string(kInboundOnPrem),
                   R"("hybridConfiguration": {"Domains": ["contoso.com"],
         "TlsCertificateName": "<I>CN=CA<S>CN=mail.contoso.com"},
         "exchangeCertificates": [{"Issuer": "CN=CA",
           "Subject": "CN=mail.contoso.com"}])"));
  EXPECT_EQ(CheckConnInboundCertMatch(Evidence(snap.get())).status(), v1::PASS);
}

TEST(CertMatchTest, WithoutOnPremisesPartOnlyTheAcceptedDomainIsJudged) {
  auto snap = Snapshot(Exo(AcceptedDomainsJson() + "," + kInboundOnPrem));
  v1::CheckResult r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("onPremises"));
  snap = Snapshot(Exo(AcceptedDomainsJson() + R"(, "inboundConnectors": [
      {"Name": "In", "Enabled": true, "ConnectorType": "OnPremises",
       "TlsSenderCertificateName": "mail.fabrikam.net"}])"));
  r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(), "conn.inbound.cert_match.fail_not_accepted");
}

TEST(CertMatchTest, SkippedWhenNothingToCompare) {
  // No connector identifies on-premises by certificate.
  auto snap = Snapshot(Exo(AcceptedDomainsJson() + R"(, "inboundConnectors": [
      {"Name": "In", "Enabled": true, "ConnectorType": "OnPremises",
       "SenderIPAddresses": ["203.0.113.10"]}])"));
  EXPECT_EQ(CheckConnInboundCertMatch(Evidence(snap.get())).status(),
            v1::SKIPPED);
  // No certificates exported.
  snap = Snapshot(
      ExoAndOnPrem(AcceptedDomainsJson() + "," + kInboundOnPrem,
                   std::string(kSendToO365) + R"(mail.contoso.com"}])"));
  v1::CheckResult r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("exchangeCertificates"));
  // No send connector to EXO names a certificate.
  snap = Snapshot(ExoAndOnPrem(AcceptedDomainsJson() + "," + kInboundOnPrem,
                               R"("sendConnectors": [])"));
  r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("TlsCertificateName"));
}

TEST(CertMatchTest, UnacceptedConnectorNameFailsEvenWhenTheCertIsUnknown) {
  auto snap = Snapshot(ExoAndOnPrem(AcceptedDomainsJson() + R"(,
      "inboundConnectors": [{"Name": "In", "Enabled": true,
       "ConnectorType": "OnPremises",
       "TlsSenderCertificateName": "*.contoso.net"}])",
                                    R"("sendConnectors": [])"));
  v1::CheckResult r = CheckConnInboundCertMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(), "conn.inbound.cert_match.fail_not_accepted");
  EXPECT_EQ(r.message_args().at("names"), "*.contoso.net");
  ExpectLocalized(r);
}

// ---- conn.inbound.ip_match --------------------------------------------------

std::string IpSnapshot(const std::string& sender_ips,
                       const std::string& on_prem) {
  return ExoAndOnPrem(AcceptedDomainsJson() + R"(, "inboundConnectors": [
      {"Name": "Inbound from on-prem", "Enabled": true,
       "ConnectorType": "OnPremises", "SenderIPAddresses": [)" +
                          sender_ips + "]}]",
                      on_prem);
}

// §5 scenario 26: the on-premises egress address changed.
TEST(IpMatchTest, Scenario26InboundIpChanged) {
  auto snap = Snapshot(IpSnapshot(R"("203.0.113.10")",
                                  R"("egressIpAddresses": ["198.51.100.7"])"));
  v1::CheckResult r = CheckConnInboundIpMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_args().at("outside"), "198.51.100.7");
  EXPECT_EQ(r.message_args().at("ranges"), "203.0.113.10");
  ExpectLocalized(r);
}

TEST(IpMatchTest, PassWhenEveryEgressAddressIsInside) {
  auto snap = Snapshot(
      IpSnapshot(R"("203.0.113.0/24", "198.51.100.7")",
                 R"("egressIpAddresses": ["203.0.113.10", "198.51.100.7"])"));
  v1::CheckResult r = CheckConnInboundIpMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::PASS);
  ExpectLocalized(r);
}

TEST(IpMatchTest, HybridExternalAddressesWhenNoEgressList) {
  auto snap = Snapshot(IpSnapshot(
      R"("203.0.113.0/24")",
      R"("hybridConfiguration": {"ExternalIPAddresses": ["203.0.114.1"]})"));
  EXPECT_EQ(CheckConnInboundIpMatch(Evidence(snap.get())).status(), v1::FAIL);
}

TEST(IpMatchTest, MalformedEntriesWarnByName) {
  auto snap = Snapshot(IpSnapshot(R"("203.0.113.10", "203.0.0.0/16", "bogus")",
                                  R"("egressIpAddresses": ["203.0.113.10"])"));
  v1::CheckResult r = CheckConnInboundIpMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_THAT(r.message_args().at("entries"), HasSubstr("203.0.0.0/16"));
  EXPECT_THAT(r.message_args().at("entries"), HasSubstr("bogus"));
  ExpectLocalized(r);
  // A bad entry does not hide an address outside the good ones.
  snap = Snapshot(IpSnapshot(R"("203.0.113.10", "x/33")",
                             R"("egressIpAddresses": ["198.51.100.7"])"));
  r = CheckConnInboundIpMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  ASSERT_GT(r.evidence_size(), 0);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("x/33"));
}

TEST(IpMatchTest, SkippedWithoutConnectorsOrEgressAddresses) {
  auto snap =
      Snapshot(IpSnapshot(R"("203.0.113.10")", R"("sendConnectors": [])"));
  v1::CheckResult r = CheckConnInboundIpMatch(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("egressIpAddresses"));
  snap = Snapshot(Exo(AcceptedDomainsJson() + R"(, "inboundConnectors": [
      {"Name": "In", "Enabled": true, "ConnectorType": "OnPremises",
       "SenderIPAddresses": ["203.0.113.10"]}])"));
  EXPECT_THAT(
      CheckConnInboundIpMatch(Evidence(snap.get())).inconclusive_reason(),
      HasSubstr("onPremises"));
  snap = Snapshot(Exo(AcceptedDomainsJson() + "," + kInboundOnPrem));
  EXPECT_EQ(CheckConnInboundIpMatch(Evidence(snap.get())).status(),
            v1::SKIPPED);
}

// ---- conn.inbound.partner_lockdown ------------------------------------------

std::string PartnerSnapshot(const std::string& sender_domains,
                            bool restrict_ips, bool hybrid) {
  return Exo(AcceptedDomainsJson() + (hybrid ? "," + OnPremOrgJson() : "") +
             R"(, "inboundConnectors": [{"Name": "Partner lockdown",
       "Enabled": true, "ConnectorType": "Partner",
       "SenderDomains": [)" +
             sender_domains + R"(],
       "SenderIPAddresses": ["192.0.2.0/24"],
       "RestrictDomainsToIPAddresses": )" +
             (restrict_ips ? "true" : "false") + "}]");
}

// §5 scenario 31.
TEST(PartnerLockdownTest, Scenario31PartnerLockdown) {
  auto snap = Snapshot(PartnerSnapshot(R"("smtp:contoso.com;1")", true, true));
  v1::CheckResult r = CheckConnInboundPartnerLockdown(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_args().at("domain"), "contoso.com");
  EXPECT_EQ(r.message_args().at("restriction"), "RestrictDomainsToIPAddresses");
  ExpectLocalized(r);
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("5.7.51 TenantInboundAttribution"));
}

TEST(PartnerLockdownTest, WildcardsCoverTheOwnDomain) {
  for (const char* domains : {R"("*")", R"("*.contoso.com")"}) {
    auto snap = Snapshot(PartnerSnapshot(domains, true, true));
    EXPECT_EQ(CheckConnInboundPartnerLockdown(Evidence(snap.get())).status(),
              v1::WARN)
        << domains;
  }
}

TEST(PartnerLockdownTest, PassOrInfoOtherwise) {
  auto snap = Snapshot(PartnerSnapshot(R"("fabrikam.com")", true, true));
  v1::CheckResult r = CheckConnInboundPartnerLockdown(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::PASS);
  ExpectLocalized(r);
  snap = Snapshot(PartnerSnapshot(R"("contoso.com")", false, true));
  EXPECT_EQ(CheckConnInboundPartnerLockdown(Evidence(snap.get())).status(),
            v1::PASS);
  snap = Snapshot(PartnerSnapshot(R"("contoso.com")", true, false));
  r = CheckConnInboundPartnerLockdown(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::INFO);
  ExpectLocalized(r);
}

TEST(ConnectorChecksTest, TableInCatalogueOrderWithTitles) {
  const std::vector<Check>& checks = ConnectorChecks();
  ASSERT_EQ(checks.size(), 8u);
  EXPECT_EQ(checks[0].id, "conn.inbound.onprem_exists");
  EXPECT_EQ(checks[7].id, "conn.outbound.tls");
  for (const Check& c : checks) {
    EXPECT_EQ(c.family, v1::CONNECTOR);
    const CatalogEntry* entry = FindCatalogEntry(c.id);
    ASSERT_NE(entry, nullptr) << c.id;
    EXPECT_FALSE(entry->en.title.empty());
    EXPECT_FALSE(entry->ja.title.empty());
    // Every rule is safe on empty evidence.
    const v1::CheckResult r = c.rule(Evidence(nullptr));
    EXPECT_EQ(r.status(), v1::SKIPPED) << c.id;
    EXPECT_EQ(r.check_id(), c.id);
  }
  EXPECT_EQ(checks[5].needs, uint32_t{kSmartHostStageDns});
  EXPECT_NE(checks[6].needs & kSmartHostStageSmtp, 0u);
}

}  // namespace
}  // namespace ndrdiag
