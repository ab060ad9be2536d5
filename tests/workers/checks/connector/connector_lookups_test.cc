#include "workers/checks/connector/connector_lookups.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/connector/connector_fixtures.h"

namespace ndrdiag::conn {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(ConnectorLookupsTest, NormalizesPowerShellDomainEntries) {
  EXPECT_EQ(NormalizeDomainEntry("SMTP:*.Contoso.COM;1"), "*.contoso.com");
  EXPECT_EQ(NormalizeDomainEntry(" contoso.com. "), "contoso.com");
  EXPECT_EQ(NormalizeDomainEntry("smtp:*;1"), "*");
}

TEST(ConnectorLookupsTest, DomainEntriesCoverDomains) {
  EXPECT_TRUE(DomainEntryCovers("*", "contoso.com"));
  EXPECT_TRUE(DomainEntryCovers("*.contoso.com", "contoso.com"));
  EXPECT_TRUE(DomainEntryCovers("*.contoso.com", "a.b.contoso.com"));
  EXPECT_TRUE(DomainEntryCovers("smtp:contoso.com;1", "contoso.com"));
  EXPECT_FALSE(DomainEntryCovers("contoso.com", "sub.contoso.com"));
  EXPECT_FALSE(DomainEntryCovers("*.contoso.com", "notcontoso.com"));
}

TEST(ConnectorLookupsTest, AcceptedDomainsAndCertificateNames) {
  auto snap = testing::Snapshot(R"({"exo": {"acceptedDomains": [
      {"DomainName": "contoso.com", "DomainType": "Authoritative"},
      {"DomainName": "fabrikam.com", "DomainType": "InternalRelay",
       "MatchSubDomains": true}]}})");
  const v1::ExoSnapshot& exo = snap->exo();
  ASSERT_NE(FindAcceptedDomain(exo, "contoso.com"), nullptr);
  EXPECT_EQ(FindAcceptedDomain(exo, "sub.contoso.com"), nullptr);
  ASSERT_NE(FindAcceptedDomain(exo, "eu.fabrikam.com"), nullptr);
  EXPECT_EQ(FindAcceptedDomain(exo, "eu.fabrikam.com")->domain_type(),
            "InternalRelay");
  EXPECT_TRUE(IsAcceptedCertName(exo, "contoso.com"));
  EXPECT_TRUE(IsAcceptedCertName(exo, "mail.contoso.com"));
  EXPECT_TRUE(IsAcceptedCertName(exo, "*.contoso.com"));
  EXPECT_FALSE(IsAcceptedCertName(exo, "host.sub.contoso.com"));
  EXPECT_TRUE(IsAcceptedCertName(exo, "host.sub.fabrikam.com"));
  EXPECT_FALSE(IsAcceptedCertName(exo, "mail.contoso.net"));
}

TEST(ConnectorLookupsTest, FindsTheInstalledCertificateByIssuerAndSubject) {
  // How the names compare is cert_names_test's; here only the lookup.
  auto snap = testing::Snapshot(R"({"onPremises": {"exchangeCertificates": [
      {"Thumbprint": "A1", "Issuer": "CN=Contoso CA, O=Contoso",
       "Subject": "CN=mail.contoso.com, O=Contoso",
       "CertificateDomains": ["mail.contoso.com", "MAIL.contoso.com",
                             "autodiscover.contoso.com"]}]}})");
  const v1::OnPremisesSnapshot& on_prem = snap->on_premises();
  const v1::ExchangeCertificate* found = FindCertificate(
      on_prem, {"cn=contoso ca,o=contoso", "CN=mail.contoso.com,O=Contoso"});
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->thumbprint(), "A1");
  EXPECT_EQ(FindCertificate(on_prem, {"CN=Other CA", "CN=mail.contoso.com"}),
            nullptr);
  EXPECT_THAT(
      CertificateNames(*found),
      ::testing::ElementsAre("mail.contoso.com", "autodiscover.contoso.com"));
}

TEST(ConnectorLookupsTest, HybridSignals) {
  auto none = testing::Snapshot(R"({"exo": {"onPremOrg": {}}})");
  EXPECT_THAT(HybridSignals(*none), IsEmpty());
  auto hybrid = testing::Snapshot(R"({"exo": {"onPremOrg": {"HybridDomains":
      ["contoso.com"]}}, "onPremises": {"sendConnectors": [
      {"Name": "Off", "Enabled": false,
       "SmartHosts": ["contoso-com.mail.protection.outlook.com"]}]}})");
  EXPECT_THAT(HybridSignals(*hybrid), SizeIs(1));
}

TEST(ConnectorLookupsTest, Ipv4Ranges) {
  auto r = ParseIpv4Range("203.0.113.0/24", 24);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->Contains(*ParseIpv4("203.0.113.200")));
  EXPECT_FALSE(r->Contains(*ParseIpv4("203.0.114.1")));
  EXPECT_TRUE(
      ParseIpv4Range("203.0.113.7", 24)->Contains(*ParseIpv4("203.0.113.7")));
  EXPECT_FALSE(
      ParseIpv4Range("203.0.113.7", 24)->Contains(*ParseIpv4("203.0.113.8")));
  // Host bits are cleared, as Exchange Online stores the range.
  EXPECT_TRUE(ParseIpv4Range("203.0.113.9/24", 24)
                  ->Contains(*ParseIpv4("203.0.113.1")));
  EXPECT_FALSE(ParseIpv4Range("203.0.0.0/16", 24).has_value());
  EXPECT_FALSE(ParseIpv4Range("203.0.113.0/33", 24).has_value());
  EXPECT_FALSE(ParseIpv4Range("203.0.113.0/x", 24).has_value());
  EXPECT_FALSE(ParseIpv4Range("2001:db8::/64", 24).has_value());
  EXPECT_FALSE(ParseIpv4Range("203.0.113.1-203.0.113.9", 24).has_value());
  EXPECT_FALSE(ParseIpv4("300.1.1.1").has_value());
}

TEST(ConnectorLookupsTest, EopAndLegacyHosts) {
  EXPECT_TRUE(IsEopHost("contoso-com.mail.protection.outlook.com."));
  EXPECT_TRUE(IsEopHost("contoso-com.e-v1.mx.microsoft"));
  EXPECT_FALSE(IsEopHost("mail.contoso.com"));
  EXPECT_TRUE(IsLegacyEndpoint("mail.global.frontbridge.com"));
  EXPECT_TRUE(IsLegacyEndpoint("contoso.mail.eo.outlook.com"));
  EXPECT_FALSE(IsLegacyEndpoint("contoso-com.mail.protection.outlook.com"));
}

}  // namespace
}  // namespace ndrdiag::conn
