// The snapshot lookups on hand-built snapshots: name matching,
// MatchSubDomains, DNSSEC records, the initial domain, on-premises signals,
// proxy addresses and the snapshot's age.
#include "workers/checks/tenant/snapshot_lookup.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/tenant/tenant_fixture.h"

namespace ndrdiag::tenant {
namespace {

using ndrdiag::testing::CloudOnlySnapshot;
using ndrdiag::testing::kTenantNow;
using ndrdiag::testing::MakeHybrid;
using ndrdiag::testing::SnapshotFromJson;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(SnapshotLookupTest, GraphDomainIgnoresCaseAndTrailingDot) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  GraphDomainMatch m = FindGraphDomain(s, "CONTOSO.COM.");
  ASSERT_NE(m.domain, nullptr);
  EXPECT_EQ(m.domain->id(), "Contoso.com.");
  EXPECT_FALSE(m.via_parent);
  EXPECT_EQ(FindGraphDomain(s, "fabrikam.com").domain, nullptr);
  EXPECT_EQ(FindGraphDomain(s, "sub.contoso.com").domain, nullptr);
}

TEST(SnapshotLookupTest, AcceptedDomainHonoursMatchSubDomains) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EXPECT_EQ(FindAcceptedDomain(s, "sub.contoso.com").domain, nullptr);
  EXPECT_EQ(AcceptedDomainType(s, "sub.contoso.com"), DomainType::kNotAccepted);
  s.mutable_exo()->mutable_accepted_domains(0)->set_match_sub_domains(true);
  s.mutable_exo()->mutable_accepted_domains(0)->set_domain_type(
      "InternalRelay");
  AcceptedDomainMatch m = FindAcceptedDomain(s, "a.sub.contoso.com");
  ASSERT_NE(m.domain, nullptr);
  EXPECT_TRUE(m.via_subdomain);
  EXPECT_EQ(AcceptedDomainType(s, "a.sub.contoso.com"),
            DomainType::kInternalRelay);
  EXPECT_TRUE(IsInternalRelay(&s, "Sub.Contoso.com."));
  EXPECT_FALSE(IsInternalRelay(nullptr, "contoso.com"));
  // The subdomain's verification is the parent's.
  GraphDomainMatch g = FindGraphDomain(s, "sub.contoso.com");
  ASSERT_NE(g.domain, nullptr);
  EXPECT_TRUE(g.via_parent);
  // An exact entry wins over the parent, and "*." names match subdomains
  // only.
  v1::AcceptedDomain* exact = s.mutable_exo()->add_accepted_domains();
  exact->set_domain_name("sub.contoso.com");
  exact->set_domain_type("Authoritative");
  EXPECT_EQ(AcceptedDomainType(s, "sub.contoso.com"),
            DomainType::kAuthoritative);
  v1::AcceptedDomain* wild = s.mutable_exo()->add_accepted_domains();
  wild->set_domain_name("*.fabrikam.com");
  wild->set_domain_type("ExternalRelay");
  EXPECT_EQ(AcceptedDomainType(s, "x.fabrikam.com"), DomainType::kOther);
  EXPECT_EQ(AcceptedDomainType(s, "fabrikam.com"), DomainType::kNotAccepted);
}

TEST(SnapshotLookupTest, DnssecStatusAndExpectedMx) {
  v1::TenantSnapshot s = SnapshotFromJson(R"json({"exo": {"dnssec": [
    {"DomainName": "contoso.com", "DnssecFeatureStatus": "enabled",
     "ExpectedMxRecord": {"Record": "@ 60 IN MX 10 contoso-com.e-v1.mx.microsoft."}}
  ]}})json");
  ASSERT_NE(FindDnssecStatus(s, "Contoso.COM"), nullptr);
  EXPECT_TRUE(DnssecEnabled(*FindDnssecStatus(s, "contoso.com")));
  std::optional<MxRecord> mx = ExpectedDnssecMx(s, "contoso.com");
  ASSERT_TRUE(mx.has_value());
  EXPECT_EQ(mx->preference, 10);
  EXPECT_EQ(mx->target, "contoso-com.e-v1.mx.microsoft");
  EXPECT_FALSE(ParseExpectedMx("").has_value());
  EXPECT_FALSE(ParseExpectedMx("@ 60 IN MX ten host").has_value());
  EXPECT_FALSE(ParseExpectedMx("@ 60 IN MX 10").has_value());
  EXPECT_EQ(ParseExpectedMx("contoso.com. 3600 in mx 0 A.Example.")->target,
            "a.example");
  EXPECT_EQ(FindDnssecStatus(s, "fabrikam.com"), nullptr);
}

TEST(SnapshotLookupTest, GraphMxAndInitialDomain) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  std::optional<MxRecord> mx = GraphMx(s, "contoso.com");
  ASSERT_TRUE(mx.has_value());
  EXPECT_EQ(mx->target, "contoso-com.mail.protection.outlook.com");
  EXPECT_EQ(mx->preference, 0);
  EXPECT_EQ(InitialDomain(s), "contoso.onmicrosoft.com");
  // Without isInitial: the <t>.onmicrosoft.com form, never
  // <t>.mail.onmicrosoft.com.
  v1::TenantSnapshot t = SnapshotFromJson(R"json({
    "graph": {"domains": [{"id": "contoso.mail.onmicrosoft.com"},
                          {"id": "contoso.onmicrosoft.com"}]}})json");
  EXPECT_EQ(InitialDomain(t), "contoso.onmicrosoft.com");
  EXPECT_EQ(InitialDomain(v1::TenantSnapshot()), "");
}

TEST(SnapshotLookupTest, OnPremisesSignals) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EXPECT_THAT(OnPremisesSignals(s, "contoso.com"), IsEmpty());
  EXPECT_THAT(OnPremisesConnectors(s), IsEmpty());
  MakeHybrid(s);
  EXPECT_THAT(OnPremisesSignals(s, "contoso.com"), SizeIs(2));
  EXPECT_THAT(OnPremisesConnectors(s), SizeIs(1));
  EXPECT_THAT(OnPremisesSignals(s, "fabrikam.com"), IsEmpty());

  v1::TenantSnapshot h = CloudOnlySnapshot();
  h.mutable_on_premises()->mutable_hybrid_configuration()->add_domains(
      "autod:Contoso.com");
  EXPECT_THAT(OnPremisesSignals(h, "contoso.com"),
              ElementsAre(HasSubstr("hybridConfiguration.Domains")));
  // A disabled or Partner connector is not a signal; "*" and
  // RouteAllMessagesViaOnPremises are.
  v1::TenantSnapshot c = CloudOnlySnapshot();
  v1::OutboundConnector* off = c.mutable_exo()->add_outbound_connectors();
  off->set_name("off");
  off->set_connector_type("OnPremises");
  off->add_recipient_domains("*");
  v1::OutboundConnector* partner = c.mutable_exo()->add_outbound_connectors();
  partner->set_name("partner");
  partner->set_enabled(true);
  partner->set_connector_type("Partner");
  partner->add_recipient_domains("contoso.com");
  EXPECT_THAT(OnPremisesSignals(c, "contoso.com"), IsEmpty());
  off->set_enabled(true);
  EXPECT_THAT(OnPremisesSignals(c, "contoso.com"), SizeIs(1));
  off->clear_recipient_domains();
  off->set_route_all_messages_via_on_premises(true);
  EXPECT_THAT(OnPremisesSignals(c, "contoso.com"),
              ElementsAre(HasSubstr("RouteAllMessagesViaOnPremises")));
  // On-premises accepted domain (shared namespace).
  v1::TenantSnapshot o = CloudOnlySnapshot();
  v1::AcceptedDomain* a = o.mutable_on_premises()->add_accepted_domains();
  a->set_domain_name("contoso.com");
  a->set_domain_type("Authoritative");
  EXPECT_THAT(OnPremisesSignals(o, "contoso.com"),
              ElementsAre(HasSubstr("on-premises accepted domain")));
}

TEST(SnapshotLookupTest, RecipientDomainPatterns) {
  EXPECT_TRUE(RecipientDomainCovers("*", "contoso.com"));
  EXPECT_TRUE(RecipientDomainCovers("Contoso.com", "contoso.com."));
  EXPECT_TRUE(RecipientDomainCovers("*.contoso.com", "a.contoso.com"));
  EXPECT_FALSE(RecipientDomainCovers("*.contoso.com", "contoso.com"));
  EXPECT_FALSE(RecipientDomainCovers("contoso.com", "a.contoso.com"));
  EXPECT_FALSE(RecipientDomainCovers("*.contoso.com", "xcontoso.com"));
}

TEST(SnapshotLookupTest, RecipientByProxyAddress) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  const auto& list = s.exo().recipients();
  EXPECT_NE(FindRecipient(list, "alice@contoso.com"), nullptr);
  EXPECT_NE(FindRecipient(list, "ALICE.SMITH@contoso.com"), nullptr);
  EXPECT_NE(FindRecipient(list, "alice@contoso.onmicrosoft.com"), nullptr);
  // X500 and other prefixes are not mail addresses.
  EXPECT_EQ(FindRecipient(list, "bob@contoso.com"), nullptr);
  EXPECT_EQ(FindRecipient(list, "/o=ExchangeLabs/ou=x/cn=bob@contoso.com"),
            nullptr);
}

TEST(SnapshotLookupTest, AgeAndTimeArgs) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EXPECT_EQ(SnapshotAge(s, kTenantNow), absl::Hours(2));
  // A snapshot from the future (clock skew) is not negative.
  EXPECT_EQ(SnapshotAge(s, kTenantNow - absl::Hours(3)), absl::ZeroDuration());
  MessageArgs args;
  AddSnapshotTimeArgs(s, kTenantNow, args);
  EXPECT_THAT(args, ElementsAre(std::pair<std::string, std::string>(
                                    "captured_at", "2026-11-27 10:00 UTC"),
                                std::pair<std::string, std::string>(
                                    "snapshot_age", "2h")));
  v1::TenantSnapshot none;
  EXPECT_FALSE(SnapshotAge(none, kTenantNow).has_value());
  MessageArgs unknown;
  AddSnapshotTimeArgs(none, kTenantNow, unknown);
  EXPECT_EQ(unknown[0].second, "unknown");
  EXPECT_EQ(unknown[1].second, "unknown");
}

TEST(SnapshotLookupTest, TxtTextsJoinStrings) {
  v1::DnsExchange ex = ndrdiag::testing::Exchange(
      ndrdiag::testing::kResolver, "contoso.com", "TXT", "NOERROR",
      {ndrdiag::testing::Record("contoso.com", "TXT",
                                "\"v=spf1 include:spf.prot\" "
                                "\"ection.outlook.com -all\""),
       ndrdiag::testing::Record("contoso.com", "MX", "0 a.example.")});
  EXPECT_THAT(TxtTexts(ex),
              ElementsAre("v=spf1 include:spf.protection.outlook.com -all"));
}

}  // namespace
}  // namespace ndrdiag::tenant
