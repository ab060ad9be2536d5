// The snapshot-only tenant rules on hand-built snapshots, with the
// scenarios of shared CHECKS.md §5 (#9 unverified, #10 not-accepted, #11
// no-email-service, #12 dbeb-hybrid-authoritative, #13/#14 DBEB sub-reasons,
// #16 missing-internalrelay, #36 service-incident).
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/tenant/tenant_fixture.h"
#include "workers/checks/tenant/tenant_checks.h"

namespace ndrdiag {
namespace {

using testing::Checked;
using testing::CloudOnlySnapshot;
using testing::Evidence;
using ::testing::HasSubstr;
using testing::HealthyDns;
using testing::kTenantNow;
using testing::MakeHybrid;

v1::GraphDomain& Contoso(v1::TenantSnapshot& s) {
  return *s.mutable_graph()->mutable_domains(1);
}

TEST(TenantChecksTest, TableInCatalogueOrderWithTitles) {
  std::vector<std::string> ids;
  for (const Check& check : TenantChecks()) {
    ids.emplace_back(check.id);
    EXPECT_EQ(check.family, v1::TENANT);
    const CatalogEntry* entry = FindCatalogEntry(check.id);
    ASSERT_NE(entry, nullptr) << check.id;
    EXPECT_FALSE(entry->en.title.empty()) << check.id;
    EXPECT_FALSE(entry->ja.title.empty()) << check.id;
  }
  EXPECT_THAT(ids, ::testing::ElementsAre(
                       "tenant.domain.verified", "tenant.domain.email_service",
                       "tenant.domain.accepted", "tenant.domain.type",
                       "tenant.dns_records_match", "tenant.dnssec.status",
                       "tenant.service_health", "tenant.recipient.dbeb"));
  // Snapshot-only rules run at once; the DNS comparisons wait for DNS.
  EXPECT_EQ(TenantChecks()[0].needs, 0u);
  EXPECT_NE(TenantChecks()[4].needs & kMxStageRecursive, 0u);
  EXPECT_NE(TenantChecks()[4].needs & kZoneStageRecords, 0u);
  EXPECT_NE(TenantChecks()[5].needs & kMxStageRecursive, 0u);
}

TEST(TenantChecksTest, EveryRuleIsSkippedWithoutASnapshot) {
  DiagnosisEvidence e;
  e.domain = "contoso.com";
  e.recipient_address = "alice@contoso.com";
  e.dns = HealthyDns().Build(kTenantNow);
  for (const Check& check : TenantChecks()) {
    v1::CheckResult r = Checked(check.rule(e));
    EXPECT_EQ(r.check_id(), check.id);
    EXPECT_EQ(r.family(), v1::TENANT);
    EXPECT_EQ(r.status(), v1::SKIPPED) << check.id;
    EXPECT_EQ(r.inconclusive_reason(), "no tenant snapshot given");
  }
}

TEST(TenantChecksTest, HealthyCloudOnlyTenantPassesEverything) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  DiagnosisEvidence e =
      Evidence(s, HealthyDns().Build(kTenantNow), "Alice@Contoso.com");
  for (const Check& check : TenantChecks()) {
    v1::CheckResult r = Checked(check.rule(e));
    if (check.id == kCheckTenantDnssecStatus) {
      EXPECT_EQ(r.status(), v1::SKIPPED) << r.inconclusive_reason();
    } else {
      EXPECT_EQ(r.status(), v1::PASS) << check.id << " " << r.message_key();
    }
    EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
  }
}

// ---- tenant.domain.verified
// ---------------------------------------------------

TEST(DomainVerifiedTest, Scenario9UnverifiedFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  Contoso(s).set_is_verified(false);
  v1::CheckResult r = Checked(CheckTenantDomainVerified(Evidence(s)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DOMAIN_NOT_VERIFIED);
  EXPECT_EQ(r.message_key(), "tenant.domain.verified.fail_unverified");
  EXPECT_EQ(r.message_args().at("tenant"), "contoso.onmicrosoft.com");
}

TEST(DomainVerifiedTest, DomainNotAddedFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  s.mutable_graph()->mutable_domains()->DeleteSubrange(1, 1);
  v1::CheckResult r = Checked(CheckTenantDomainVerified(Evidence(s)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DOMAIN_NOT_VERIFIED);
  EXPECT_EQ(r.message_key(), "tenant.domain.verified.fail_not_added");
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("not added to contoso.onmicrosoft.com"));
}

TEST(DomainVerifiedTest, NoGraphDomainsIsSkipped) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  s.mutable_graph()->clear_domains();
  EXPECT_EQ(CheckTenantDomainVerified(Evidence(s)).status(), v1::SKIPPED);
  EXPECT_EQ(CheckTenantDomainEmailService(Evidence(s)).status(), v1::SKIPPED);
}

TEST(DomainVerifiedTest, SubdomainCoveredByParentUsesTheParent) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  s.mutable_exo()->mutable_accepted_domains(0)->set_match_sub_domains(true);
  DiagnosisEvidence e = Evidence(s);
  e.domain = "eu.contoso.com";
  v1::CheckResult r = Checked(CheckTenantDomainVerified(e));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_THAT(r.evidence(0).note(), HasSubstr("MatchSubDomains"));
}

// ---- tenant.domain.email_service -------------------------------------------

TEST(EmailServiceTest, Scenario11NoEmailServiceFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  Contoso(s).clear_supported_services();
  Contoso(s).add_supported_services("OfficeCommunicationsOnline");
  v1::CheckResult r = Checked(CheckTenantDomainEmailService(Evidence(s)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DOMAIN_NOT_ACCEPTED);
  EXPECT_EQ(r.message_args().at("services"), "OfficeCommunicationsOnline");
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("unconfirmed"));
  // The domain itself is verified: that check passes.
  EXPECT_EQ(CheckTenantDomainVerified(Evidence(s)).status(), v1::PASS);
}

TEST(EmailServiceTest, InternalRelayOnlyCountsAndAbsentDomainIsSkipped) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  Contoso(s).clear_supported_services();
  Contoso(s).add_supported_services("emailinternalrelayonly");
  EXPECT_EQ(Checked(CheckTenantDomainEmailService(Evidence(s))).status(),
            v1::PASS);
  Contoso(s).clear_supported_services();
  v1::CheckResult r = Checked(CheckTenantDomainEmailService(Evidence(s)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_args().at("services"), "(none)");
  s.mutable_graph()->mutable_domains()->DeleteSubrange(1, 1);
  EXPECT_EQ(CheckTenantDomainEmailService(Evidence(s)).status(), v1::SKIPPED);
}

// ---- tenant.domain.accepted -------------------------------------------------

TEST(AcceptedTest, Scenario10NotAcceptedFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  s.mutable_exo()->mutable_accepted_domains()->DeleteSubrange(0, 1);
  v1::CheckResult r = Checked(CheckTenantDomainAccepted(Evidence(s)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DOMAIN_NOT_ACCEPTED);
  EXPECT_EQ(r.message_args().at("accepted"), "contoso.onmicrosoft.com");
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.remediation(), HasSubstr("about an hour"));
  // Its type cannot be judged.
  EXPECT_EQ(CheckTenantDomainType(Evidence(s)).status(), v1::SKIPPED);
}

TEST(AcceptedTest, SubdomainAndMissingList) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  s.mutable_exo()->mutable_accepted_domains(0)->set_match_sub_domains(true);
  DiagnosisEvidence e = Evidence(s);
  e.domain = "eu.contoso.com";
  v1::CheckResult r = Checked(CheckTenantDomainAccepted(e));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_key(), "tenant.domain.accepted.pass_subdomain");
  s.mutable_exo()->clear_accepted_domains();
  EXPECT_EQ(CheckTenantDomainAccepted(Evidence(s)).status(), v1::SKIPPED);
}

// ---- tenant.domain.type -----------------------------------------------------

TEST(DomainTypeTest, Scenario12HybridAuthoritativeFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  MakeHybrid(s);
  v1::CheckResult r = Checked(CheckTenantDomainType(Evidence(s)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::ACCEPTED_DOMAIN_TYPE);
  EXPECT_THAT(r.message_args().at("signals"), HasSubstr("HybridDomains"));
  EXPECT_THAT(r.message_args().at("signals"), HasSubstr("OnPremises"));
  v1::CheckResult en = r;
  Localize(en, "en");
  EXPECT_THAT(en.remediation(), HasSubstr("-DomainType InternalRelay"));
}

TEST(DomainTypeTest, Scenario16HybridConfigurationOnlyFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  auto* hc = s.mutable_on_premises()->mutable_hybrid_configuration();
  hc->add_domains("autod:contoso.com");
  hc->add_domains("contoso.com");
  v1::CheckResult r = Checked(CheckTenantDomainType(Evidence(s)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::ACCEPTED_DOMAIN_TYPE);
}

TEST(DomainTypeTest, RowLogic) {
  auto type = [](v1::TenantSnapshot s, const std::string& t, bool hybrid) {
    s.mutable_exo()->mutable_accepted_domains(0)->set_domain_type(t);
    if (hybrid) MakeHybrid(s);
    return Checked(CheckTenantDomainType(Evidence(s)));
  };
  const v1::TenantSnapshot s = CloudOnlySnapshot();
  EXPECT_EQ(type(s, "Authoritative", false).status(), v1::PASS);
  EXPECT_EQ(type(s, "InternalRelay", true).status(), v1::PASS);
  v1::CheckResult warn = type(s, "InternalRelay", false);
  EXPECT_EQ(warn.status(), v1::WARN);
  EXPECT_EQ(warn.cause(), v1::ACCEPTED_DOMAIN_TYPE);
  EXPECT_EQ(type(s, "ExternalRelay", false).status(), v1::INFO);
  // InternalRelay with an OnPremises connector for other domains: not
  // cloud-only, but nothing routes this one.
  v1::TenantSnapshot other = CloudOnlySnapshot();
  MakeHybrid(other);
  auto* c = other.mutable_exo()->mutable_outbound_connectors(0);
  c->clear_recipient_domains();
  c->add_recipient_domains("fabrikam.com");
  other.mutable_exo()->mutable_on_prem_org()->clear_hybrid_domains();
  v1::CheckResult info = type(other, "InternalRelay", false);
  EXPECT_EQ(info.status(), v1::INFO);
  EXPECT_EQ(info.message_key(),
            "tenant.domain.type.info_internal_relay_unrouted");
}

// ---- tenant.service_health --------------------------------------------------

TEST(ServiceHealthTest, Scenario36DegradationWarnsListingOpenIssues) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  v1::ServiceHealthOverview* exo = s.mutable_graph()->mutable_service_health(0);
  exo->set_status("serviceDegradation");
  v1::ServiceHealthIssue* open = exo->add_issues();
  open->set_id("EX912345");
  open->set_title("Delays sending and receiving email");
  open->set_classification("incident");
  open->set_impact_description("Users may see NDRs.");
  v1::ServiceHealthIssue* done = exo->add_issues();
  done->set_id("EX900001");
  done->set_title("Old");
  done->set_is_resolved(true);
  v1::CheckResult r = Checked(CheckTenantServiceHealth(Evidence(s)));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::SERVICE_INCIDENT);
  EXPECT_EQ(r.message_args().at("issues"),
            "EX912345 (incident): Delays sending and receiving email");
  EXPECT_EQ(r.message_args().at("snapshot_age"), "2h");
  v1::CheckResult ja = r;
  Localize(ja, "ja");
  EXPECT_THAT(ja.message(), HasSubstr("EX912345"));
}

TEST(ServiceHealthTest, StatesAndMissingParts) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  for (const char* state : {"serviceInterruption", "investigating",
                            "restoringService", "extendedRecovery"}) {
    s.mutable_graph()->mutable_service_health(0)->set_status(state);
    v1::CheckResult r = Checked(CheckTenantServiceHealth(Evidence(s)));
    EXPECT_EQ(r.status(), v1::WARN) << state;
    EXPECT_EQ(r.message_args().at("issues"), "(none)");
  }
  s.mutable_graph()->mutable_service_health(0)->set_status("serviceRestored");
  EXPECT_EQ(Checked(CheckTenantServiceHealth(Evidence(s))).status(), v1::INFO);
  s.mutable_graph()->mutable_service_health(0)->set_service("Exchange");
  EXPECT_EQ(CheckTenantServiceHealth(Evidence(s)).status(), v1::SKIPPED);
  s.mutable_graph()->clear_service_health();
  EXPECT_EQ(CheckTenantServiceHealth(Evidence(s)).status(), v1::SKIPPED);
}

// ---- tenant.recipient.dbeb --------------------------------------------------

TEST(RecipientDbebTest, ProxyAddressPassesUnknownFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  v1::CheckResult pass = Checked(CheckTenantRecipientDbeb(
      Evidence(s, HealthyDns().Build(kTenantNow), "alice.smith@contoso.com")));
  EXPECT_EQ(pass.status(), v1::PASS);
  EXPECT_EQ(pass.message_args().at("recipient"), "alice@contoso.com");
  v1::CheckResult fail = Checked(CheckTenantRecipientDbeb(
      Evidence(s, HealthyDns().Build(kTenantNow), "bob@contoso.com")));
  EXPECT_EQ(fail.status(), v1::FAIL);
  EXPECT_EQ(fail.cause(), v1::RECIPIENT_NOT_FOUND);
  EXPECT_EQ(fail.message_key(), "tenant.recipient.dbeb.fail_missing");
  v1::CheckResult en = fail;
  Localize(en, "en");
  EXPECT_THAT(en.message(), HasSubstr("dynamic distribution group"));
  EXPECT_THAT(en.remediation(), HasSubstr("Sync-ModernMailPublicFolders"));
}

TEST(RecipientDbebTest, Scenarios13And14OnPremisesSubReasons) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  auto add = [&](const std::string& address, const std::string& type) {
    v1::Recipient* r = s.mutable_on_premises()->add_remote_mailboxes();
    r->set_primary_smtp_address(address);
    r->set_recipient_type_details(type);
    r->add_email_addresses("SMTP:" + address);
  };
  add("all-sales@contoso.com", "DynamicDistributionGroup");
  add("pf-orders@contoso.com", "PublicFolder");
  add("carol@contoso.com", "RemoteUserMailbox");
  auto check = [&](const std::string& address) {
    return Checked(CheckTenantRecipientDbeb(
        Evidence(s, HealthyDns().Build(kTenantNow), address)));
  };
  EXPECT_EQ(check("all-sales@contoso.com").message_key(),
            "tenant.recipient.dbeb.fail_onprem_dynamic_dg");
  EXPECT_EQ(check("pf-orders@contoso.com").message_key(),
            "tenant.recipient.dbeb.fail_onprem_public_folder");
  v1::CheckResult carol = check("carol@contoso.com");
  EXPECT_EQ(carol.message_key(),
            "tenant.recipient.dbeb.fail_onprem_not_synced");
  EXPECT_EQ(carol.cause(), v1::RECIPIENT_NOT_FOUND);
}

TEST(RecipientDbebTest, SkippedWithoutAddressOrRecipients) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  v1::CheckResult no_address = CheckTenantRecipientDbeb(Evidence(s));
  EXPECT_EQ(no_address.status(), v1::SKIPPED);
  EXPECT_THAT(no_address.inconclusive_reason(), HasSubstr("no recipient"));
  s.mutable_exo()->clear_recipients();
  EXPECT_EQ(CheckTenantRecipientDbeb(
                Evidence(s, HealthyDns().Build(kTenantNow), "bob@contoso.com"))
                .status(),
            v1::SKIPPED);
}

}  // namespace
}  // namespace ndrdiag
