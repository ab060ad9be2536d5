// conn.outbound.onprem and conn.outbound.tls on hand-built snapshots and live
// MX evidence, including CHECKS.md §5 scenario 35 (mx-loop).
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
using testing::SetLiveMx;
using testing::Snapshot;

std::string Outbound(const std::string& type, const std::string& connectors) {
  return R"({"exo": {)" + AcceptedDomainsJson(type) +
         R"(, "outboundConnectors": [)" + connectors + "]}}";
}

constexpr char kGoodConnector[] = R"({"Name": "Outbound to 5f3c",
    "Enabled": true, "ConnectorType": "OnPremises",
    "ConnectorSource": "HybridWizard", "RecipientDomains": ["contoso.com"],
    "SmartHosts": ["mail.contoso.com"], "UseMXRecord": false,
    "TlsSettings": "DomainValidation", "TlsDomain": "mail.contoso.com",
    "CloudServicesMailEnabled": true})";

// ---- conn.outbound.onprem ---------------------------------------------------

TEST(OutboundOnPremTest, AuthoritativeDomainIsInfo) {
  auto snap = Snapshot(Outbound("Authoritative", ""));
  v1::CheckResult r = CheckConnOutboundOnPrem(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_args().at("type"), "Authoritative");
  ExpectLocalized(r);
}

TEST(OutboundOnPremTest, SkippedWhenTheDomainIsNotAccepted) {
  auto snap = Snapshot(Outbound("InternalRelay", kGoodConnector));
  v1::CheckResult r =
      CheckConnOutboundOnPrem(Evidence(snap.get(), "fabrikam.com"));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("tenant.domain.accepted"));
  snap = Snapshot(R"({"exo": {"outboundConnectors": []}})");
  EXPECT_THAT(
      CheckConnOutboundOnPrem(Evidence(snap.get())).inconclusive_reason(),
      HasSubstr("acceptedDomains"));
}

TEST(OutboundOnPremTest, PassWithSmartHostConnector) {
  auto snap = Snapshot(Outbound("InternalRelay", kGoodConnector));
  v1::CheckResult r = CheckConnOutboundOnPrem(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_args().at("smart_hosts"), "mail.contoso.com");
  ExpectLocalized(r);
}

TEST(OutboundOnPremTest, WildcardAndRouteAllCover) {
  auto snap = Snapshot(Outbound("InternalRelay", R"({"Name": "W",
      "Enabled": true, "ConnectorType": "OnPremises",
      "RecipientDomains": ["smtp:*.contoso.com;1"],
      "SmartHosts": ["10.0.0.5"]})"));
  EXPECT_EQ(CheckConnOutboundOnPrem(Evidence(snap.get())).status(), v1::PASS);
  snap = Snapshot(Outbound("InternalRelay", R"({"Name": "CMT",
      "Enabled": true, "ConnectorType": "OnPremises",
      "RouteAllMessagesViaOnPremises": true, "SmartHosts": ["mail.contoso.com"]})"));
  EXPECT_EQ(CheckConnOutboundOnPrem(Evidence(snap.get())).status(), v1::PASS);
}

TEST(OutboundOnPremTest, FailWithoutAQualifyingConnector) {
  auto snap = Snapshot(Outbound("InternalRelay", R"(
      {"Name": "Off", "Enabled": false, "ConnectorType": "OnPremises",
       "RecipientDomains": ["contoso.com"], "SmartHosts": ["mail.contoso.com"]},
      {"Name": "Partner", "Enabled": true, "ConnectorType": "Partner",
       "RecipientDomains": ["contoso.com"], "SmartHosts": ["mx.partner.net"]},
      {"Name": "Other", "Enabled": true, "ConnectorType": "OnPremises",
       "RecipientDomains": ["fabrikam.com"], "SmartHosts": ["mail.contoso.com"]})"));
  v1::CheckResult r = CheckConnOutboundOnPrem(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_key(), "conn.outbound.onprem.fail_missing");
  ASSERT_EQ(r.evidence_size(), 1);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("\"Off\" is disabled"));
  EXPECT_THAT(r.evidence(0).note(),
              HasSubstr("\"Partner\" is of type Partner"));
  ExpectLocalized(r);
}

TEST(OutboundOnPremTest, FailWithoutSmartHosts) {
  auto snap = Snapshot(Outbound("InternalRelay", R"({"Name": "Empty",
      "Enabled": true, "ConnectorType": "OnPremises",
      "RecipientDomains": ["contoso.com"], "UseMXRecord": false})"));
  v1::CheckResult r = CheckConnOutboundOnPrem(Evidence(snap.get()));
  EXPECT_EQ(r.message_key(), "conn.outbound.onprem.fail_no_smarthosts");
  ExpectLocalized(r);
}

constexpr char kUseMxConnector[] = R"({"Name": "Outbound to 5f3c",
    "Enabled": true, "ConnectorType": "OnPremises",
    "RecipientDomains": ["contoso.com"], "UseMXRecord": true})";

// §5 scenario 35: UseMXRecord=true while the MX points to EOP.
TEST(OutboundOnPremTest, Scenario35MxLoop) {
  auto snap = Snapshot(Outbound("InternalRelay", kUseMxConnector));
  DiagnosisEvidence e = Evidence(snap.get());
  SetLiveMx(e, "contoso-com.mail.protection.outlook.com", {"104.47.1.1"});
  v1::CheckResult r = CheckConnOutboundOnPrem(e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(r.message_key(), "conn.outbound.onprem.fail_loop");
  EXPECT_THAT(r.message_args().at("mx"),
              HasSubstr("contoso-com.mail.protection.outlook.com"));
  ASSERT_EQ(r.evidence_size(), 2);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("Inference"));
  EXPECT_EQ(r.evidence(1).dns().qtype(), "MX");
  ExpectLocalized(r);
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("5.4.14"));
  EXPECT_THAT(en.message(), HasSubstr("inference"));
}

TEST(OutboundOnPremTest, LoopDetectedByEopAddressOfAnotherName) {
  auto snap = Snapshot(Outbound("InternalRelay", kUseMxConnector));
  DiagnosisEvidence e = Evidence(snap.get());
  SetLiveMx(e, "mx.contoso.com", {"40.107.22.1"});
  EXPECT_EQ(CheckConnOutboundOnPrem(e).message_key(),
            "conn.outbound.onprem.fail_loop");
}

TEST(OutboundOnPremTest, UseMxRecordWithOtherMxStillFails) {
  auto snap = Snapshot(Outbound("InternalRelay", kUseMxConnector));
  DiagnosisEvidence e = Evidence(snap.get());
  SetLiveMx(e, "mx.contoso.com", {"203.0.113.25"});
  v1::CheckResult r = CheckConnOutboundOnPrem(e);
  EXPECT_EQ(r.message_key(), "conn.outbound.onprem.fail_use_mx");
  EXPECT_EQ(r.message_args().at("mx"), "0 mx.contoso.com");
  ExpectLocalized(r);
  // MX not known: the requirement still fails, the reason is named.
  e = Evidence(snap.get());
  r = CheckConnOutboundOnPrem(e);
  EXPECT_EQ(r.message_key(), "conn.outbound.onprem.fail_use_mx");
  EXPECT_EQ(r.message_args().at("mx"), "not asked");
}

// ---- conn.outbound.tls ------------------------------------------------------

TEST(OutboundTlsTest, PassForWizardSettings) {
  auto snap = Snapshot(Outbound("InternalRelay", kGoodConnector));
  v1::CheckResult r = CheckConnOutboundTls(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::PASS);
  ASSERT_EQ(r.evidence_size(), 1);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("not compared"));
  ExpectLocalized(r);
}

TEST(OutboundTlsTest, WarnListsEveryDifference) {
  auto snap = Snapshot(Outbound("InternalRelay", R"({"Name": "Outbound to 5f3c",
      "Enabled": true, "ConnectorType": "OnPremises",
      "ConnectorSource": "HybridWizard", "SmartHosts": ["mail.contoso.com"],
      "TlsSettings": "EncryptionOnly", "CloudServicesMailEnabled": false})"));
  v1::CheckResult r = CheckConnOutboundTls(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::CONNECTOR_MISCONFIGURED);
  const std::string& problems = r.message_args().at("problems");
  EXPECT_THAT(problems, HasSubstr("EncryptionOnly"));
  EXPECT_THAT(problems, HasSubstr("TlsDomain is empty"));
  EXPECT_THAT(problems, HasSubstr("CloudServicesMailEnabled=false"));
  ExpectLocalized(r);
}

TEST(OutboundTlsTest, TlsDomainComparedWithOnPremisesCertificate) {
  const std::string exo = AcceptedDomainsJson("InternalRelay") + "," +
                          OnPremOrgJson() + R"(, "outboundConnectors": [)" +
                          kGoodConnector + "]";
  auto json = [&exo](const std::string& cert_domains) {
    return R"({"exo": {)" + exo + R"(}, "onPremises": {
        "sendConnectors": [{"Name": "Outbound to Office 365", "Enabled": true,
          "CloudServicesMailEnabled": true,
          "TlsCertificateName": "<I>CN=CA<S>CN=hybrid.contoso.com"}],
        "exchangeCertificates": [{"Issuer": "CN=CA",
          "Subject": "CN=hybrid.contoso.com",
          "CertificateDomains": [)" +
           cert_domains + "]}]}}";
  };
  auto snap = Snapshot(json(R"("hybrid.contoso.com", "*.contoso.com")"));
  EXPECT_EQ(CheckConnOutboundTls(Evidence(snap.get())).status(), v1::PASS);
  snap = Snapshot(json(R"("hybrid.contoso.com")"));
  v1::CheckResult r = CheckConnOutboundTls(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_THAT(r.message_args().at("problems"),
              HasSubstr("TlsDomain=mail.contoso.com matches no name"));
}

TEST(OutboundTlsTest, SkippedWithoutWizardConnector) {
  auto snap = Snapshot(Outbound("InternalRelay", R"({"Name": "Manual",
      "Enabled": true, "ConnectorType": "OnPremises", "ConnectorSource":
      "AdminUI"})"));
  v1::CheckResult r = CheckConnOutboundTls(Evidence(snap.get()));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(),
              HasSubstr("Hybrid Configuration Wizard"));
}

TEST(OutboundTlsTest, ConnectorNamedByOnPremOrgCounts) {
  auto snap = Snapshot(R"({"exo": {)" + OnPremOrgJson() +
                       R"(, "outboundConnectors": [{"Name": "Outbound to 5f3c",
      "Enabled": true, "ConnectorType": "OnPremises", "TlsSettings": ""}]}})");
  EXPECT_EQ(CheckConnOutboundTls(Evidence(snap.get())).status(), v1::WARN);
}

}  // namespace
}  // namespace ndrdiag
