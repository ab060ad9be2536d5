#include "workers/verdict/verdict.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/dns/mx_evidence_builder.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/mx_rules.h"

namespace ndrdiag {
namespace {

using ::ndrdiag::testing::MxEvidenceBuilder;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

v1::CheckResult R(const std::string& id, v1::CheckStatus status,
                  v1::RootCause cause = v1::ROOT_CAUSE_UNSPECIFIED) {
  return MakeResult(id, v1::DNS, status, id + ".x", {}, cause);
}

std::vector<v1::CheckResult> RunRules(const MxEvidence& evidence) {
  std::vector<v1::CheckResult> out;
  for (const MxCheck& check : MxChecks()) out.push_back(check.rule(evidence));
  return out;
}

std::vector<v1::RootCause> Causes(const v1::Verdict& v) {
  std::vector<v1::RootCause> out;
  for (const v1::RankedCause& c : v.causes()) out.push_back(c.cause());
  return out;
}

const VerdictInput kEn{"contoso.com", "en", false};

TEST(VerdictTest, AllPassIsHealthyAndComplete) {
  v1::Verdict v = ComputeVerdict(
      {R("dns.mx.present", v1::PASS), R("dns.mx.single_record", v1::INFO)},
      kEn);
  EXPECT_THAT(Causes(v), ElementsAre(v1::HEALTHY));
  EXPECT_FALSE(v.partial());
  EXPECT_THAT(v.causes(0).check_ids(),
              ElementsAre("dns.mx.present", "dns.mx.single_record"));
  EXPECT_THAT(v.summary(), HasSubstr("contoso.com: no problem found"));
  EXPECT_THAT(v.causes(0).remediation(), Not(IsEmpty()));
}

TEST(VerdictTest, WarningWithoutCauseStillHealthy) {
  v1::Verdict v = ComputeVerdict(
      {R("dns.mx.present", v1::PASS), R("dns.mx.single_record", v1::WARN)},
      kEn);
  EXPECT_THAT(Causes(v), ElementsAre(v1::HEALTHY));
}

TEST(VerdictTest, FailsRankAboveWarnsWhateverTheirPrecedence) {
  v1::Verdict v =
      ComputeVerdict({R("dns.mx.present", v1::PASS),
                      R("dns.mx.target_format", v1::WARN, v1::MX_INCORRECT),
                      R("dns.soa.serial_consistency", v1::FAIL,
                        v1::DNS_INCONSISTENT_AUTHORITATIVE),
                      R("dns.mx.single_record", v1::FAIL, v1::MX_MULTIPLE)},
                     kEn);
  // Serials alone (no data disagreement) do not explain MX findings, so
  // DNS_INCONSISTENT_AUTHORITATIVE ranks by status and precedence.
  EXPECT_THAT(Causes(v),
              ElementsAre(v1::MX_MULTIPLE, v1::DNS_INCONSISTENT_AUTHORITATIVE,
                          v1::MX_INCORRECT));
  EXPECT_THAT(v.causes(1).check_ids(),
              ElementsAre("dns.soa.serial_consistency"));
  EXPECT_GT(v.causes(0).confidence(), v.causes(2).confidence());
}

TEST(VerdictTest, AuthoritativeDisagreementExplainsTheMxFindings) {
  v1::Verdict v =
      ComputeVerdict({R("dns.mx.target_format", v1::FAIL, v1::MX_INCORRECT),
                      R("dns.rrset.auth_consistency", v1::WARN,
                        v1::DNS_INCONSISTENT_AUTHORITATIVE)},
                     kEn);
  EXPECT_THAT(Causes(v), ElementsAre(v1::DNS_INCONSISTENT_AUTHORITATIVE,
                                     v1::MX_INCORRECT));
  EXPECT_THAT(v.causes(0).explanation(), HasSubstr("It comes first because"));
}

TEST(VerdictTest, LameDelegationOutranksMxAndInconsistency) {
  v1::CheckResult lame = MakeResult(
      "dns.auth.reachable", v1::DNS, v1::FAIL, "dns.auth.reachable.fail_lame",
      {{"servers", "ns2.contoso.com (192.0.2.2): timeout"}},
      v1::DNS_LAME_DELEGATION);
  v1::Verdict v =
      ComputeVerdict({R("dns.mx.single_record", v1::FAIL, v1::MX_MULTIPLE),
                      R("dns.ns.delegation_match", v1::FAIL,
                        v1::DNS_INCONSISTENT_AUTHORITATIVE),
                      lame, R("dns.spf.o365", v1::FAIL, v1::SPF_MISCONFIGURED)},
                     kEn);
  EXPECT_THAT(Causes(v), ElementsAre(v1::DNS_LAME_DELEGATION,
                                     v1::DNS_INCONSISTENT_AUTHORITATIVE,
                                     v1::MX_MULTIPLE, v1::SPF_MISCONFIGURED));
  EXPECT_THAT(v.causes(0).explanation(), HasSubstr("192.0.2.2"));
}

v1::CheckResult Propagation(bool recursive_stale) {
  return MakeResult("dns.propagation.recursive", v1::DNS, v1::WARN,
                    "dns.propagation.recursive.warn_propagating",
                    {{"eta", "2026-11-28 06:00 UTC"},
                     {"recursive_stale", recursive_stale ? "true" : "false"}},
                    v1::DNS_PROPAGATION);
}

TEST(VerdictTest, PropagationFirstOnlyWhenTheMxResolverIsStale) {
  const v1::CheckResult wrong_mx =
      R("dns.mx.target_format", v1::FAIL, v1::MX_INCORRECT);
  v1::Verdict stale = ComputeVerdict({wrong_mx, Propagation(true)}, kEn);
  EXPECT_THAT(Causes(stale),
              ElementsAre(v1::DNS_PROPAGATION, v1::MX_INCORRECT));
  EXPECT_THAT(stale.causes(0).explanation(), HasSubstr("2026-11-28 06:00 UTC"));
  v1::Verdict ja = ComputeVerdict({wrong_mx, Propagation(true)},
                                  {"contoso.com", "ja", false});
  EXPECT_THAT(ja.causes(0).explanation(), HasSubstr("2026-11-28 06:00 UTC"));
  // The resolver the MX checks read is fresh: the zone itself is wrong.
  v1::Verdict fresh = ComputeVerdict({wrong_mx, Propagation(false)}, kEn);
  EXPECT_THAT(Causes(fresh),
              ElementsAre(v1::MX_INCORRECT, v1::DNS_PROPAGATION));
}

TEST(VerdictTest, SecondaryFindingsAloneLeaveTheDomainHealthy) {
  v1::Verdict v = ComputeVerdict(
      {R("dns.mx.present", v1::PASS),
       R("dns.spf.o365", v1::FAIL, v1::SPF_MISCONFIGURED),
       R("dns.autodiscover", v1::WARN, v1::AUTODISCOVER_MISSING)},
      kEn);
  EXPECT_THAT(Causes(v), ElementsAre(v1::HEALTHY, v1::SPF_MISCONFIGURED,
                                     v1::AUTODISCOVER_MISSING));
  EXPECT_THAT(v.summary(), HasSubstr("no problem found"));
  EXPECT_LE(v.causes(1).confidence(), 0.3);
}

TEST(VerdictTest, FailPrecedenceIsFixed) {
  const std::vector<v1::RootCause> order = {v1::DOMAIN_NOT_FOUND,
                                            v1::MX_MISSING,
                                            v1::MX_LEGACY_ENDPOINT,
                                            v1::MX_TARGET_UNRESOLVABLE,
                                            v1::MX_MULTIPLE,
                                            v1::MX_INCORRECT,
                                            v1::DNS_INCONSISTENT_AUTHORITATIVE};
  // (check ids "check.*": no authoritative data disagreement is shown, so
  // the fixed precedence alone decides.)
  std::vector<v1::CheckResult> results;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    results.push_back(R(absl::StrCat("check.", *it), v1::FAIL, *it));
  }
  EXPECT_EQ(Causes(ComputeVerdict(results, kEn)), order);
}

TEST(VerdictTest, NothingConcludedIsUnknownAndPartial) {
  std::vector<v1::CheckResult> results;
  for (const MxCheck& check : MxChecks()) {
    results.push_back(MakeInconclusive(check.id, v1::DNS, "timeout"));
  }
  v1::Verdict v = ComputeVerdict(results, kEn);
  EXPECT_THAT(Causes(v), ElementsAre(v1::UNKNOWN));
  EXPECT_TRUE(v.partial());
  EXPECT_EQ(v.causes(0).check_ids_size(), 6);
  EXPECT_THAT(v.summary(), HasSubstr("6 check(s) could not be made"));
}

TEST(VerdictTest, NoResultsIsUnknown) {
  EXPECT_THAT(Causes(ComputeVerdict({}, kEn)), ElementsAre(v1::UNKNOWN));
}

TEST(VerdictTest, DecisiveCheckNotMadeIsUnknownNotHealthy) {
  v1::Verdict v = ComputeVerdict(
      {R("dns.mx.present", v1::PASS),
       MakeInconclusive("dns.mx.target_resolves", v1::DNS, "timeout")},
      kEn);
  EXPECT_THAT(Causes(v), ElementsAre(v1::UNKNOWN));
  EXPECT_TRUE(v.partial());
}

TEST(VerdictTest, SupplementaryCheckNotMadeLeavesHealthyButPartial) {
  v1::Verdict v = ComputeVerdict(
      {R("dns.mx.present", v1::PASS),
       MakeInconclusive("dns.rrset.auth_consistency", v1::DNS, "blocked")},
      kEn);
  EXPECT_THAT(Causes(v), ElementsAre(v1::HEALTHY));
  EXPECT_TRUE(v.partial());
}

TEST(VerdictTest, TimeBudgetMakesPartial) {
  v1::Verdict v =
      ComputeVerdict({R("dns.mx.present", v1::FAIL, v1::MX_MISSING)},
                     {"contoso.com", "en", /*time_budget_ran_out=*/true});
  EXPECT_TRUE(v.partial());
  EXPECT_THAT(v.summary(), HasSubstr("time budget ran out"));
  EXPECT_LT(v.causes(0).confidence(), 0.9);
}

TEST(VerdictTest, ExplanationAndStepsAreLocalised) {
  const std::vector<v1::CheckResult> results = {
      R("dns.mx.single_record", v1::FAIL, v1::MX_MULTIPLE)};
  v1::Verdict en = ComputeVerdict(results, kEn);
  v1::Verdict ja = ComputeVerdict(results, {"contoso.com", "ja", false});
  EXPECT_THAT(en.causes(0).explanation(), HasSubstr("more than one MX"));
  EXPECT_THAT(ja.causes(0).explanation(), HasSubstr("MX レコードが複数"));
  EXPECT_THAT(ja.summary(), HasSubstr("最も可能性の高い原因"));
  ASSERT_EQ(en.causes(0).remediation_size(), 3);
  EXPECT_EQ(ja.causes(0).remediation_size(), 3);
  EXPECT_THAT(en.causes(0).remediation(0),
              HasSubstr("contoso-com.mail.protection.outlook.com"));
}

// End to end over the rules: the scenarios of CHECKS.md §5 the MX family
// decides, each with the first cause it must name.
TEST(VerdictTest, ScenariosNameTheRightFirstCause) {
  struct Scenario {
    const char* name;
    MxEvidence evidence;
    v1::RootCause first;
    bool partial;
  };
  const std::string exo = "contoso-com.mail.protection.outlook.com";
  const std::vector<Scenario> scenarios = {
      {"healthy",
       MxEvidenceBuilder("contoso.com")
           .Mx({"0 " + exo + "."})
           .Target(exo, {"104.47.1.1"})
           .Ns({"ns1.contoso.com"}, {"192.0.2.1"})
           .Auth("ns1.contoso.com", "192.0.2.1", {"0 " + exo + "."})
           .Build(),
       v1::HEALTHY, false},
      {"mx-old-host",
       MxEvidenceBuilder("contoso.com")
           .Mx({"10 mail.contoso.com."})
           .Target("mail.contoso.com", {"198.51.100.25"})
           .Build(),
       v1::MX_INCORRECT, true},
      {"mx-two",
       MxEvidenceBuilder("contoso.com")
           .Mx({"0 " + exo + ".", "10 mx.oldisp.net."})
           .Target(exo, {"104.47.1.1"})
           .Target("mx.oldisp.net", {"198.51.100.7"})
           .Build(),
       v1::MX_MULTIPLE, true},
      {"mx-typo",
       MxEvidenceBuilder("contoso.com")
           .Mx({"0 contoso-co.mail.protection.outlook.com."})
           .TargetRcode("contoso-co.mail.protection.outlook.com", "NXDOMAIN")
           .Build(),
       v1::MX_TARGET_UNRESOLVABLE, true},
      {"mx-frontbridge",
       MxEvidenceBuilder("contoso.com")
           .Mx({"10 mail.global.frontbridge.com."})
           .Target("mail.global.frontbridge.com", {"65.55.88.22"})
           .Build(),
       v1::MX_LEGACY_ENDPOINT, true},
      {"mx-absent",
       MxEvidenceBuilder("contoso.com")
           .MxRcode("NOERROR")
           .Ns({"ns1.contoso.com"}, {"192.0.2.1"})
           .AuthRcode("ns1.contoso.com", "192.0.2.1", "NOERROR")
           .Build(),
       v1::MX_MISSING, false},
      {"nxdomain",
       MxEvidenceBuilder("nope.invalid")
           .MxRcode("NXDOMAIN")
           .NsRcode("NXDOMAIN")
           .Build(),
       v1::DOMAIN_NOT_FOUND, false},
      {"servfail",
       MxEvidenceBuilder("contoso.com")
           .MxRcode("SERVFAIL")
           .NsRcode("SERVFAIL")
           .Build(),
       v1::UNKNOWN, true},
  };
  for (const Scenario& s : scenarios) {
    v1::Verdict v =
        ComputeVerdict(RunRules(s.evidence), {s.evidence.domain, "en", false});
    ASSERT_GT(v.causes_size(), 0) << s.name;
    EXPECT_EQ(v.causes(0).cause(), s.first)
        << s.name << ": " << v.ShortDebugString();
    // Scenarios without name servers cannot compare authoritative answers.
    EXPECT_EQ(v.partial(), s.partial) << s.name;
  }
}

}  // namespace
}  // namespace ndrdiag
