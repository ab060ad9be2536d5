// The rules that compare a tenant snapshot with live DNS:
// tenant.dns_records_match, tenant.dnssec.status and the snapshot forms of
// dns.verification.txt, dns.mx.target_format, dns.mx.ip_in_eop and
// dns.mx.priority, with the scenarios of shared CHECKS.md §5 (#7
// mx-dane-prio, #8 dane-cutover, #9 unverified).
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/tenant/tenant_fixture.h"
#include "workers/checks/dns/dns_checks.h"
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
using testing::SnapshotFromJson;
using testing::ZoneEvidenceBuilder;

constexpr char kDane[] = "contoso-com.e-v1.mx.microsoft";

v1::GraphDomain& Contoso(v1::TenantSnapshot& s) {
  return *s.mutable_graph()->mutable_domains(1);
}

void EnableDnssec(v1::TenantSnapshot& s, const std::string& validation,
                  const std::string& record = std::string("@ 60 IN MX 10 ") +
                                              kDane) {
  v1::DnssecStatus* d = s.mutable_exo()->add_dnssec();
  d->set_domain_name("contoso.com");
  d->set_dnssec_feature_status("Enabled");
  d->mutable_expected_mx_record()->set_record(record);
  d->mutable_mx_validation()->set_status(validation);
  if (validation != "Valid") {
    d->mutable_mx_validation()->add_errors("EX003: MX priority mismatch");
  }
}

// ---- tenant.dns_records_match -----------------------------------------------

TEST(DnsRecordsMatchTest, HealthyPassesListingWhatWasNotCompared) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  v1::CheckResult r = Checked(CheckTenantDnsRecordsMatch(Evidence(s)));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_THAT(r.message_args().at("not_compared"),
              HasSubstr("sip.contoso.com CNAME"));
  // Optional records are not judged at all.
  EXPECT_THAT(r.message_args().at("not_compared"),
              ::testing::Not(HasSubstr("msoid")));
  EXPECT_EQ(r.message_args().at("captured_at"), "2026-11-27 10:00 UTC");
  EXPECT_EQ(r.message_args().at("snapshot_age"), "2h");
  EXPECT_EQ(r.evidence_size(), 3);
}

TEST(DnsRecordsMatchTest, WrongMxFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  DiagnosisEvidence e = Evidence(
      s, HealthyDns().RecursiveMx({"10 mail.contoso.com."}).Build(kTenantNow));
  v1::CheckResult r = Checked(CheckTenantDnsRecordsMatch(e));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::MX_INCORRECT);
  EXPECT_THAT(r.message_args().at("mismatches"),
              HasSubstr("expected MX contoso-com.mail.protection.outlook.com, "
                        "found 10 mail.contoso.com"));
}

TEST(DnsRecordsMatchTest, SpfAndAutodiscoverAreSecondaryWarnings) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  // A merged SPF record that keeps Microsoft's include is fine.
  DiagnosisEvidence merged = Evidence(
      s, HealthyDns()
             .Txt({"\"v=spf1 ip4:192.0.2.0/24 include:spf.protection.outlook."
                   "com ~all\""})
             .Build(kTenantNow));
  EXPECT_EQ(Checked(CheckTenantDnsRecordsMatch(merged)).status(), v1::PASS);

  DiagnosisEvidence spf =
      Evidence(s, HealthyDns()
                      .Txt({"\"v=spf1 include:_spf.example.net -all\""})
                      .Build(kTenantNow));
  v1::CheckResult r = Checked(CheckTenantDnsRecordsMatch(spf));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::SPF_MISCONFIGURED);

  DiagnosisEvidence ad =
      Evidence(s, HealthyDns().Autodiscover("", "NXDOMAIN").Build(kTenantNow));
  r = Checked(CheckTenantDnsRecordsMatch(ad));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::AUTODISCOVER_MISSING);
  EXPECT_THAT(r.message_args().at("mismatches"), HasSubstr("no CNAME"));

  // Hybrid: autodiscover pointing on-premises is on purpose.
  v1::TenantSnapshot h = CloudOnlySnapshot();
  MakeHybrid(h);
  DiagnosisEvidence onprem = Evidence(
      h, HealthyDns().Autodiscover("mail.contoso.com").Build(kTenantNow));
  EXPECT_EQ(Checked(CheckTenantDnsRecordsMatch(onprem)).status(), v1::PASS);
}

TEST(DnsRecordsMatchTest, NothingComparableIsInconclusive) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  DnsEvidence dns = ZoneEvidenceBuilder("contoso.com").Build(kTenantNow);
  dns.mx.mx =
      testing::Failed(testing::kResolver, "contoso.com", "MX", "timeout");
  v1::CheckResult r = Checked(CheckTenantDnsRecordsMatch(Evidence(s, dns)));
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("timeout"));
  // No Graph domain -> SKIPPED.
  s.mutable_graph()->mutable_domains()->DeleteSubrange(1, 1);
  EXPECT_EQ(CheckTenantDnsRecordsMatch(Evidence(s)).status(), v1::SKIPPED);
}

TEST(DnsRecordsMatchTest, DnssecTargetCountsAsTheExpectedMx) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EnableDnssec(s, "Valid");
  DiagnosisEvidence e =
      Evidence(s, HealthyDns()
                      .RecursiveMx({std::string("10 ") + kDane + "."})
                      .Build(kTenantNow));
  EXPECT_EQ(Checked(CheckTenantDnsRecordsMatch(e)).status(), v1::PASS);
}

// ---- tenant.dnssec.status ---------------------------------------------------

TEST(DnssecStatusTest, ValidAndMatchingPasses) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EnableDnssec(s, "Valid");
  DiagnosisEvidence e =
      Evidence(s, HealthyDns()
                      .RecursiveMx({std::string("10 ") + kDane + "."})
                      .Build(kTenantNow));
  v1::CheckResult r = Checked(CheckTenantDnssecStatus(e));
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.evidence_size(), 1);
}

TEST(DnssecStatusTest, LiveMxWithoutTheExpectedTargetFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EnableDnssec(s, "Valid");
  v1::CheckResult r = Checked(CheckTenantDnssecStatus(Evidence(s)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::MX_INCORRECT);
  EXPECT_EQ(r.message_args().at("expected"), std::string("10 ") + kDane);
  EXPECT_EQ(r.message_args().at("snapshot_age"), "2h");
}

TEST(DnssecStatusTest, Scenario7PreferenceMismatchFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EnableDnssec(s, "Invalid");
  DnsEvidence dns = HealthyDns()
                        .RecursiveMx({std::string("0 ") + kDane + "."})
                        .Build(kTenantNow);
  v1::CheckResult r = Checked(CheckTenantDnssecStatus(Evidence(s, dns)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::MX_INCORRECT);
  EXPECT_EQ(r.message_key(), "tenant.dnssec.status.fail_preference");
  // dns.mx.priority names the expected preference from the snapshot.
  DiagnosisEvidence e = Evidence(s, dns);
  v1::CheckResult p = Checked(CheckMxPriority(e.dns));
  EXPECT_EQ(p.status(), v1::WARN);
  EXPECT_EQ(p.cause(), v1::MX_INCORRECT);
  EXPECT_EQ(p.message_key(), "dns.mx.priority.warn_dnssec_expected");
  EXPECT_EQ(p.message_args().at("expected_preference"), "10");
  // The target itself is the expected one.
  EXPECT_EQ(Checked(CheckMxTargetFormat(e.dns)).status(), v1::PASS);
}

TEST(DnssecStatusTest, Scenario8CutoverIsInfo) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EnableDnssec(s, "Invalid");
  DnsEvidence dns =
      HealthyDns()
          .RecursiveMx({std::string("20 ") + kDane + ".",
                        "30 contoso-com.mail.protection.outlook.com."})
          .Build(kTenantNow);
  DiagnosisEvidence e = Evidence(s, dns);
  v1::CheckResult r = Checked(CheckTenantDnssecStatus(e));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_key(), "tenant.dnssec.status.info_cutover");
  EXPECT_EQ(Checked(CheckMxPriority(e.dns)).status(), v1::INFO);
  v1::CheckResult single = CheckMxSingleRecord(e.dns.mx);
  EXPECT_EQ(single.status(), v1::WARN);
  EXPECT_EQ(single.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
}

TEST(DnssecStatusTest, StaleInvalidStatusWithRightMxWarns) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EnableDnssec(s, "Invalid");
  DiagnosisEvidence e =
      Evidence(s, HealthyDns()
                      .RecursiveMx({std::string("10 ") + kDane + "."})
                      .Build(kTenantNow));
  v1::CheckResult r = Checked(CheckTenantDnssecStatus(e));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.message_key(), "tenant.dnssec.status.warn_validation");
  EXPECT_THAT(r.message_args().at("errors"), HasSubstr("EX003"));
}

TEST(DnssecStatusTest, NotEnabledMissingOrUnreadable) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  EXPECT_EQ(CheckTenantDnssecStatus(Evidence(s)).status(), v1::SKIPPED);
  EnableDnssec(s, "Valid", "garbage");
  EXPECT_EQ(CheckTenantDnssecStatus(Evidence(s)).status(), v1::INCONCLUSIVE);
  s.mutable_exo()->mutable_dnssec(0)->set_dnssec_feature_status("Disabled");
  v1::CheckResult r = Checked(CheckTenantDnssecStatus(Evidence(s)));
  EXPECT_EQ(r.status(), v1::INFO);
  EXPECT_EQ(r.message_args().at("status"), "Disabled");
}

// ---- dns.verification.txt ---------------------------------------------------

TEST(VerificationTxtTest, Scenario9MissingPrefixFails) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  Contoso(s).set_is_verified(false);
  DiagnosisEvidence e =
      Evidence(s, HealthyDns().Txt({"\"ms12345678\""}).Build(kTenantNow));
  v1::CheckResult r = Checked(CheckVerificationTxt(e.dns));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DOMAIN_NOT_VERIFIED);
  EXPECT_EQ(r.message_key(), "dns.verification.txt.fail_no_prefix");
  EXPECT_EQ(r.message_args().at("found"), "ms12345678");
  EXPECT_EQ(r.message_args().at("expected"), "MS=ms12345678");
  EXPECT_EQ(r.evidence_size(), 1);
  // The same scenario through the tenant rule.
  EXPECT_EQ(CheckTenantDomainVerified(e).cause(), v1::DOMAIN_NOT_VERIFIED);
}

TEST(VerificationTxtTest, Outcomes) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  auto check = [&](const std::vector<std::string>& txt) {
    return Checked(CheckVerificationTxt(
        Evidence(s, HealthyDns().Txt(txt).Build(kTenantNow)).dns));
  };
  // Verified: the TXT does not matter any more.
  EXPECT_EQ(check({}).status(), v1::INFO);
  Contoso(s).set_is_verified(false);
  EXPECT_EQ(check({"\"MS=ms12345678\""}).status(), v1::PASS);
  v1::CheckResult missing = check({"\"v=spf1 -all\""});
  EXPECT_EQ(missing.message_key(), "dns.verification.txt.fail_missing");
  v1::CheckResult other = check({"\"MS=ms99999999\""});
  EXPECT_EQ(other.message_key(), "dns.verification.txt.fail_other_value");
  EXPECT_EQ(other.cause(), v1::DOMAIN_NOT_VERIFIED);
  // No answer -> INCONCLUSIVE; no verification records -> SKIPPED.
  DnsEvidence timeout = HealthyDns().Build(kTenantNow);
  timeout.zone.txt =
      testing::Failed(testing::kResolver, "contoso.com", "TXT", "timeout");
  EXPECT_EQ(CheckVerificationTxt(Evidence(s, timeout).dns).status(),
            v1::INCONCLUSIVE);
  Contoso(s).clear_verification_dns_records();
  EXPECT_EQ(check({}).status(), v1::SKIPPED);
  s.mutable_graph()->mutable_domains()->DeleteSubrange(1, 1);
  EXPECT_EQ(check({}).status(), v1::SKIPPED);
}

// ---- dns.mx.target_format / dns.mx.ip_in_eop with a snapshot
// -----------------

TEST(TargetFormatSnapshotTest, ExpectedValueDecides) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  // The Graph value wins over the <d-> heuristic: a suffixed token the
  // tenant really has passes...
  Contoso(s).mutable_service_configuration_records(0)->set_mail_exchange(
      "Contoso-com01c.mail.protection.outlook.com.");
  DnsEvidence suffixed =
      HealthyDns()
          .RecursiveMx({"0 contoso-com01c.mail.protection.outlook.com."})
          .Build(kTenantNow);
  v1::CheckResult pass =
      Checked(CheckMxTargetFormat(Evidence(s, suffixed).dns));
  EXPECT_EQ(pass.status(), v1::PASS);
  EXPECT_EQ(pass.message_key(), "dns.mx.target_format.pass_snapshot");
  // ...and the <d-> form it does not have fails.
  v1::CheckResult fail = Checked(CheckMxTargetFormat(Evidence(s).dns));
  EXPECT_EQ(fail.status(), v1::FAIL);
  EXPECT_EQ(fail.cause(), v1::MX_INCORRECT);
  EXPECT_EQ(fail.message_args().at("expected"),
            "contoso-com01c.mail.protection.outlook.com");
  // The table runs the snapshot form.
  for (const DnsCheck& check : DnsChecks()) {
    if (check.id != kCheckMxTargetFormat) continue;
    EXPECT_EQ(check.rule(Evidence(s).dns).status(), v1::FAIL);
  }
}

TEST(TargetFormatSnapshotTest, InternalRelayMakesANonEopMxInformational) {
  v1::TenantSnapshot s = CloudOnlySnapshot();
  DnsEvidence filter = HealthyDns()
                           .RecursiveMx({"10 mx1.filter.example."})
                           .Target("mx1.filter.example", {"198.51.100.7"})
                           .Build(kTenantNow);
  // Authoritative: FAIL, with or without the expected value.
  EXPECT_EQ(Checked(CheckMxTargetFormat(Evidence(s, filter).dns)).status(),
            v1::FAIL);
  EXPECT_EQ(Checked(CheckMxIpInEop(Evidence(s, filter).dns)).status(),
            v1::FAIL);
  Contoso(s).clear_service_configuration_records();
  v1::CheckResult auth = Checked(CheckMxTargetFormat(Evidence(s, filter).dns));
  EXPECT_EQ(auth.message_key(),
            "dns.mx.target_format.fail_not_exo_authoritative");
  // InternalRelay: INFO for both checks.
  s.mutable_exo()->mutable_accepted_domains(0)->set_domain_type(
      "InternalRelay");
  v1::CheckResult info = Checked(CheckMxTargetFormat(Evidence(s, filter).dns));
  EXPECT_EQ(info.status(), v1::INFO);
  EXPECT_EQ(info.message_key(), "dns.mx.target_format.info_internal_relay");
  v1::CheckResult ip = Checked(CheckMxIpInEop(Evidence(s, filter).dns));
  EXPECT_EQ(ip.status(), v1::INFO);
  EXPECT_EQ(ip.message_key(), "dns.mx.ip_in_eop.info_internal_relay");
  // A wrong EOP target is still wrong for InternalRelay.
  s = CloudOnlySnapshot();
  s.mutable_exo()->mutable_accepted_domains(0)->set_domain_type(
      "InternalRelay");
  DnsEvidence typo =
      HealthyDns()
          .RecursiveMx({"0 contoso-co.mail.protection.outlook.com."})
          .Build(kTenantNow);
  EXPECT_EQ(Checked(CheckMxTargetFormat(Evidence(s, typo).dns)).status(),
            v1::FAIL);
}

TEST(TargetFormatSnapshotTest, WithoutExpectationsTheSnapshotLessResultStays) {
  v1::TenantSnapshot s = SnapshotFromJson(R"json({"toolVersion": "1"})json");
  DiagnosisEvidence e = Evidence(s);
  v1::CheckResult r = CheckMxTargetFormat(e.dns);
  EXPECT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_key(), "dns.mx.target_format.pass");
  // No snapshot at all: exactly the MxEvidence form.
  DnsEvidence plain = HealthyDns().Build(kTenantNow);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      CheckMxTargetFormat(plain), CheckMxTargetFormat(plain.mx)));
}

}  // namespace
}  // namespace ndrdiag
