// The MX rules on recorded evidence: one test per scenario of CHECKS.md §5
// that the MX family decides, plus the ways a check can fail to be made.
#include "workers/checks/dns/mx_rules.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/dns/mx_evidence_builder.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag {
namespace {

using ::ndrdiag::testing::MxEvidenceBuilder;
using ::testing::HasSubstr;

constexpr char kExo[] = "contoso-com.mail.protection.outlook.com";

// Runs every MX rule and checks the invariants every result must keep.
std::map<std::string, v1::CheckResult> RunAll(const MxEvidence& evidence) {
  std::map<std::string, v1::CheckResult> out;
  for (const MxCheck& check : MxChecks()) {
    v1::CheckResult r = check.rule(evidence);
    EXPECT_EQ(r.check_id(), check.id);
    EXPECT_EQ(r.family(), v1::DNS);
    EXPECT_NE(r.status(), v1::CHECK_STATUS_UNSPECIFIED) << check.id;
    EXPECT_NE(FindCatalogEntry(r.message_key()), nullptr)
        << "message key not in the catalogue: " << r.message_key();
    if (r.status() != v1::WARN && r.status() != v1::FAIL) {
      EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED) << check.id;
    }
    if (r.status() == v1::FAIL) {
      EXPECT_NE(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED) << check.id;
    }
    if (r.status() == v1::INCONCLUSIVE || r.status() == v1::SKIPPED) {
      EXPECT_FALSE(r.inconclusive_reason().empty()) << check.id;
    }
    EXPECT_GT(r.evidence_size(), 0) << check.id << " carries no evidence";
    out[r.check_id()] = r;
  }
  return out;
}

MxEvidenceBuilder Healthy() {
  return std::move(MxEvidenceBuilder("contoso.com")
                       .Mx({"0 contoso-com.mail.protection.outlook.com."})
                       .Target(kExo, {"104.47.1.1"})
                       .Ns({"ns1.contoso.com", "ns2.contoso.com"},
                           {"192.0.2.1", "192.0.2.2"})
                       .Auth("ns1.contoso.com", "192.0.2.1",
                             {"0 contoso-com.mail.protection.outlook.com."})
                       .Auth("ns2.contoso.com", "192.0.2.2",
                             {"0 contoso-com.mail.protection.outlook.com."}));
}

TEST(MxRulesTest, HealthyExchangeOnlineMxPassesEverything) {
  auto r = RunAll(Healthy().Build());
  for (const auto& [id, result] : r) {
    EXPECT_EQ(result.status(), v1::PASS) << id << ": " << result.message_key();
  }
  EXPECT_EQ(r["dns.mx.present"].message_args().at("view"), "authoritative");
  EXPECT_EQ(r["dns.mx.target_format"].message_args().at("target"), kExo);
}

TEST(MxRulesTest, NamesMatchCaseInsensitivelyWithoutTrailingDot) {
  auto r = RunAll(MxEvidenceBuilder("Contoso.COM.")
                      .Mx({"0 CONTOSO-COM.Mail.Protection.Outlook.COM."})
                      .Target(kExo, {"104.47.1.1"})
                      .Build());
  EXPECT_EQ(r["dns.mx.target_format"].status(), v1::PASS);
  EXPECT_EQ(r["dns.mx.single_record"].status(), v1::PASS);
}

TEST(MxRulesTest, WrongMxFailsAssumingAnAuthoritativeDomain) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"10 mail.contoso.com."})
                      .Target("mail.contoso.com", {"198.51.100.25"})
                      .Build());
  const v1::CheckResult& format = r["dns.mx.target_format"];
  EXPECT_EQ(format.status(), v1::FAIL);
  EXPECT_EQ(format.cause(), v1::MX_INCORRECT);
  EXPECT_EQ(format.message_key(), "dns.mx.target_format.fail_not_exo");
  EXPECT_EQ(format.message_args().at("expected"), kExo);
  v1::CheckResult localized = format;
  Localize(localized, "en");
  EXPECT_THAT(localized.message(),
              HasSubstr("if contoso.com is hosted in Exchange Online this is "
                        "why mail bounces"));
  EXPECT_THAT(localized.message(), HasSubstr("tenant snapshot"));
  EXPECT_EQ(r["dns.mx.single_record"].status(), v1::PASS);
  EXPECT_EQ(r["dns.mx.legacy_target"].status(), v1::PASS);
  EXPECT_EQ(r["dns.mx.target_resolves"].status(), v1::PASS);
}

TEST(MxRulesTest, TwoMxWithExchangeOnlineFailsMultiple) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"0 contoso-com.mail.protection.outlook.com.",
                           "10 mx.oldisp.net."})
                      .Target(kExo, {"104.47.1.1"})
                      .Target("mx.oldisp.net", {"198.51.100.7"})
                      .Build());
  const v1::CheckResult& single = r["dns.mx.single_record"];
  EXPECT_EQ(single.status(), v1::FAIL);
  EXPECT_EQ(single.cause(), v1::MX_MULTIPLE);
  EXPECT_EQ(single.message_args().at("count"), "2");
  // The EXO record itself is right; the extra one is single_record's finding.
  EXPECT_EQ(r["dns.mx.target_format"].status(), v1::PASS);
}

TEST(MxRulesTest, DnssecCutOverPairOnlyWarnsWithoutCause) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"20 contoso-com.e-v1.mx.microsoft.",
                           "30 contoso-com.mail.protection.outlook.com."})
                      .Target("contoso-com.e-v1.mx.microsoft", {"52.101.1.1"})
                      .Target(kExo, {"104.47.1.1"})
                      .Build());
  const v1::CheckResult& single = r["dns.mx.single_record"];
  EXPECT_EQ(single.status(), v1::WARN);
  EXPECT_EQ(single.message_key(), "dns.mx.single_record.warn_dnssec_cutover");
  EXPECT_EQ(single.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
  EXPECT_EQ(r["dns.mx.target_format"].status(), v1::PASS);
}

TEST(MxRulesTest, SeveralMxNoneAtExchangeOnlineIsInfo) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"10 mx1.filter.example.", "20 mx2.filter.example."})
                      .Target("mx1.filter.example", {"198.51.100.1"})
                      .Target("mx2.filter.example", {"198.51.100.2"})
                      .Build());
  EXPECT_EQ(r["dns.mx.single_record"].status(), v1::INFO);
}

TEST(MxRulesTest, TypoTargetWithNxdomainFailsUnresolvable) {
  auto r = RunAll(
      MxEvidenceBuilder("contoso.com")
          .Mx({"0 contoso-co.mail.protection.outlook.com."})
          .TargetRcode("contoso-co.mail.protection.outlook.com", "NXDOMAIN")
          .Build());
  const v1::CheckResult& resolves = r["dns.mx.target_resolves"];
  EXPECT_EQ(resolves.status(), v1::FAIL);
  EXPECT_EQ(resolves.cause(), v1::MX_TARGET_UNRESOLVABLE);
  EXPECT_EQ(resolves.message_key(), "dns.mx.target_resolves.fail_nxdomain");
  EXPECT_EQ(resolves.message_args().at("target"),
            "contoso-co.mail.protection.outlook.com");
  const v1::CheckResult& format = r["dns.mx.target_format"];
  EXPECT_EQ(format.status(), v1::WARN);
  EXPECT_EQ(format.message_key(), "dns.mx.target_format.warn_token");
  EXPECT_EQ(format.message_args().at("token"), "contoso-co");
}

TEST(MxRulesTest, TargetWithoutAnyAddressFails) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"0 mail.contoso.com."})
                      .Target("mail.contoso.com", {})
                      .Build());
  EXPECT_EQ(r["dns.mx.target_resolves"].message_key(),
            "dns.mx.target_resolves.fail_no_address");
}

TEST(MxRulesTest, FrontbridgeIsALegacyEndpoint) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"10 mail.global.frontbridge.com."})
                      .Target("mail.global.frontbridge.com", {"65.55.88.22"})
                      .Build());
  const v1::CheckResult& legacy = r["dns.mx.legacy_target"];
  EXPECT_EQ(legacy.status(), v1::FAIL);
  EXPECT_EQ(legacy.cause(), v1::MX_LEGACY_ENDPOINT);
  EXPECT_EQ(legacy.message_key(), "dns.mx.legacy_target.fail_legacy");
  EXPECT_EQ(legacy.message_args().at("target"), "mail.global.frontbridge.com");
}

TEST(MxRulesTest, EoOutlookIsFlaggedAsUnconfirmedLegacy) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"10 contoso.mail.eo.outlook.com."})
                      .Target("contoso.mail.eo.outlook.com", {"65.55.88.22"})
                      .Build());
  const v1::CheckResult& legacy = r["dns.mx.legacy_target"];
  EXPECT_EQ(legacy.status(), v1::FAIL);
  EXPECT_EQ(legacy.message_key(),
            "dns.mx.legacy_target.fail_legacy_unconfirmed");
  v1::CheckResult localized = legacy;
  Localize(localized, "en");
  EXPECT_THAT(localized.message(), HasSubstr("unconfirmed"));
}

TEST(MxRulesTest, IpLiteralTargetIsALegacyEndpoint) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"10 207.46.163.247."})
                      .TargetRcode("207.46.163.247", "NXDOMAIN")
                      .Build());
  const v1::CheckResult& legacy = r["dns.mx.legacy_target"];
  EXPECT_EQ(legacy.status(), v1::FAIL);
  EXPECT_EQ(legacy.message_key(), "dns.mx.legacy_target.fail_ip_literal");
}

TEST(MxRulesTest, NoMxRecordFailsMissingFromTheAuthoritativeView) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .MxRcode("NOERROR")
                      .Ns({"ns1.contoso.com"}, {"192.0.2.1"})
                      .AuthRcode("ns1.contoso.com", "192.0.2.1", "NOERROR")
                      .Build());
  const v1::CheckResult& present = r["dns.mx.present"];
  EXPECT_EQ(present.status(), v1::FAIL);
  EXPECT_EQ(present.cause(), v1::MX_MISSING);
  EXPECT_EQ(present.message_args().at("view"), "authoritative");
  for (const char* id : {"dns.mx.single_record", "dns.mx.target_format",
                         "dns.mx.legacy_target", "dns.mx.target_resolves"}) {
    EXPECT_EQ(r[id].status(), v1::SKIPPED) << id;
  }
  // NODATA everywhere is consistent.
  EXPECT_EQ(r["dns.rrset.auth_consistency"].status(), v1::PASS);
}

TEST(MxRulesTest, NoMxRecordFromTheRecursiveViewWhenNoAuthoritativeAnswer) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .MxRcode("NOERROR")
                      .NsRcode("SERVFAIL")
                      .Build());
  EXPECT_EQ(r["dns.mx.present"].cause(), v1::MX_MISSING);
  EXPECT_EQ(r["dns.mx.present"].message_args().at("view"), "recursive");
  v1::CheckResult localized = r["dns.mx.present"];
  Localize(localized, "ja");
  EXPECT_THAT(localized.message(), HasSubstr("キャッシュ DNS サーバー"));
}

TEST(MxRulesTest, NonexistentDomainFailsDomainNotFound) {
  auto r = RunAll(MxEvidenceBuilder("contoso.invalid")
                      .MxRcode("NXDOMAIN")
                      .NsRcode("NXDOMAIN")
                      .Build());
  EXPECT_EQ(r["dns.mx.present"].status(), v1::FAIL);
  EXPECT_EQ(r["dns.mx.present"].cause(), v1::DOMAIN_NOT_FOUND);
  EXPECT_EQ(r["dns.rrset.auth_consistency"].status(), v1::SKIPPED);
  EXPECT_EQ(r["dns.mx.single_record"].status(), v1::SKIPPED);
}

TEST(MxRulesTest, NullMxFailsMissing) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com").Mx({"0 ."}).Build());
  EXPECT_EQ(r["dns.mx.present"].message_key(), "dns.mx.present.fail_null_mx");
  EXPECT_EQ(r["dns.mx.target_resolves"].status(), v1::SKIPPED);
}

TEST(MxRulesTest, CnameTargetWarns) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"0 mx.contoso.com."})
                      .TargetCname("mx.contoso.com", kExo, "104.47.1.1")
                      .Build());
  const v1::CheckResult& resolves = r["dns.mx.target_resolves"];
  EXPECT_EQ(resolves.status(), v1::WARN);
  EXPECT_EQ(resolves.message_key(), "dns.mx.target_resolves.warn_cname");
  EXPECT_EQ(resolves.message_args().at("cname"), kExo);
}

TEST(MxRulesTest, RecursiveServfailMakesEveryMxCheckInconclusive) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .MxRcode("SERVFAIL")
                      .NsRcode("SERVFAIL")
                      .Build());
  for (const auto& [id, result] : r) {
    EXPECT_EQ(result.status(), v1::INCONCLUSIVE) << id;
  }
  EXPECT_THAT(r["dns.mx.present"].inconclusive_reason(),
              HasSubstr("127.0.0.53:53 answered SERVFAIL for contoso.com MX"));
}

TEST(MxRulesTest, RecursiveTimeoutIsInconclusiveEvenIfAuthoritativeAnswers) {
  auto r = RunAll(Healthy().MxError("timeout").Build());
  EXPECT_EQ(r["dns.mx.present"].status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r["dns.mx.present"].inconclusive_reason(), HasSubstr("timeout"));
  EXPECT_EQ(r["dns.mx.single_record"].status(), v1::INCONCLUSIVE);
}

TEST(MxRulesTest, TargetTimeoutIsInconclusiveNotAFailure) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"0 contoso-com.mail.protection.outlook.com."})
                      .TargetError(kExo, "timeout")
                      .Build());
  const v1::CheckResult& resolves = r["dns.mx.target_resolves"];
  EXPECT_EQ(resolves.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(resolves.inconclusive_reason(), HasSubstr("timeout"));
}

TEST(MxRulesTest, AuthoritativeBlockedByEgressPolicyIsInconclusive) {
  const std::string blocked =
      "blocked by egress policy: 127.77.0.4 is in 127.0.0.0/8 (loopback); "
      "allow with --allow-cidr";
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"0 contoso-com.mail.protection.outlook.com."})
                      .Target(kExo, {"104.47.1.1"})
                      .Ns({"ns1.contoso.com"}, {"127.77.0.4"})
                      .AuthError("ns1.contoso.com", "127.77.0.4", blocked)
                      .Build());
  const v1::CheckResult& auth = r["dns.rrset.auth_consistency"];
  EXPECT_EQ(auth.status(), v1::INCONCLUSIVE);
  EXPECT_EQ(auth.inconclusive_reason(), blocked);
  // dns.mx.present falls back to the recursive view and says so.
  EXPECT_EQ(r["dns.mx.present"].status(), v1::PASS);
  EXPECT_EQ(r["dns.mx.present"].message_args().at("view"), "recursive");
}

TEST(MxRulesTest, AuthoritativeDisagreementWarns) {
  auto r =
      RunAll(MxEvidenceBuilder("contoso.com")
                 .Mx({"0 contoso-com.mail.protection.outlook.com."})
                 .Target(kExo, {"104.47.1.1"})
                 .Ns({"ns1.contoso.com", "ns2.contoso.com"},
                     {"192.0.2.1", "192.0.2.2"})
                 .Auth("ns1.contoso.com", "192.0.2.1",
                       {"0 contoso-com.mail.protection.outlook.com."})
                 .Auth("ns2.contoso.com", "192.0.2.2", {"10 mail.contoso.com."})
                 .Build());
  const v1::CheckResult& auth = r["dns.rrset.auth_consistency"];
  EXPECT_EQ(auth.status(), v1::WARN);
  EXPECT_EQ(auth.cause(), v1::DNS_INCONSISTENT_AUTHORITATIVE);
  EXPECT_THAT(auth.message_args().at("details"),
              HasSubstr("ns2.contoso.com (192.0.2.2): 10 mail.contoso.com"));
}

TEST(MxRulesTest, AuthoritativeSplitOnPresenceWarnsInPresent) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"0 contoso-com.mail.protection.outlook.com."})
                      .Target(kExo, {"104.47.1.1"})
                      .Ns({"ns1.contoso.com", "ns2.contoso.com"},
                          {"192.0.2.1", "192.0.2.2"})
                      .Auth("ns1.contoso.com", "192.0.2.1",
                            {"0 contoso-com.mail.protection.outlook.com."})
                      .AuthRcode("ns2.contoso.com", "192.0.2.2", "NOERROR")
                      .Build());
  EXPECT_EQ(r["dns.mx.present"].status(), v1::WARN);
  EXPECT_EQ(r["dns.mx.present"].cause(), v1::DNS_INCONSISTENT_AUTHORITATIVE);
}

TEST(MxRulesTest, AuthoritativeAgreeButResolverDiffersIsInfo) {
  auto r = RunAll(MxEvidenceBuilder("contoso.com")
                      .Mx({"10 mail.contoso.com."})
                      .Target("mail.contoso.com", {"198.51.100.25"})
                      .Ns({"ns1.contoso.com"}, {"192.0.2.1"})
                      .Auth("ns1.contoso.com", "192.0.2.1",
                            {"0 contoso-com.mail.protection.outlook.com."})
                      .Build());
  const v1::CheckResult& auth = r["dns.rrset.auth_consistency"];
  EXPECT_EQ(auth.status(), v1::INFO);
  EXPECT_EQ(auth.message_key(),
            "dns.rrset.auth_consistency.info_recursive_differs");
  EXPECT_EQ(auth.message_args().at("recursive"), "10 mail.contoso.com");
}

TEST(MxRulesTest, LameAuthoritativeAnswerIsNotCompared) {
  MxEvidence e = Healthy().Build();
  e.authoritative_mx[0].mx.set_authoritative_answer(false);
  e.authoritative_mx[1].mx.set_authoritative_answer(false);
  auto r = RunAll(e);
  EXPECT_EQ(r["dns.rrset.auth_consistency"].status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r["dns.rrset.auth_consistency"].inconclusive_reason(),
              HasSubstr("without the AA bit"));
}

TEST(MxRulesTest, ExoTokenReplacesDots) {
  EXPECT_EQ(ExoToken("Contoso.co.JP."), "contoso-co-jp");
}

}  // namespace
}  // namespace ndrdiag
