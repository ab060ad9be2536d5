// End to end from dns.propagation.recursive to the verdict's re-test time:
// the rule's real arguments (remaining_ttl; changed_* and ttl) feed the
// disagreement an NDR raises when the configuration is right now.
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/dns/zone_evidence_builder.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/verdict/verdict.h"

namespace ndrdiag {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ZoneEvidenceBuilder;

// The checks ran at 12:00:00; the verdict is made 30 s later.
const absl::Time kChecked = absl::FromCivil(
    absl::CivilSecond(2026, 11, 27, 12, 0, 0), absl::UTCTimeZone());
const absl::Time kVerdict = kChecked + absl::Seconds(30);
constexpr char kExo[] = "0 contoso-com.mail.protection.outlook.com.";
constexpr char kOld[] = "10 mail.contoso.com.";

uint32_t UnixSerial(absl::Duration ago) {
  return static_cast<uint32_t>(absl::ToUnixSeconds(kChecked - ago));
}

ZoneEvidenceBuilder Zone(uint32_t serial) {
  ZoneEvidenceBuilder b("contoso.com");
  b.Delegation("com", {"ns1.contoso.com", "ns2.contoso.com"})
      .Server("ns1.contoso.com", "192.0.2.1", serial, {kExo})
      .Server("ns2.contoso.com", "192.0.2.2", serial, {kExo});
  return b;
}

v1::NdrReport RelayDenied() {
  v1::NdrReport ndr;
  ndr.set_reply_text("550 5.4.1 Relay Access Denied");
  ndr.set_generating_server("TYZPR01MB1234.jpnprd01.prod.outlook.com");
  ndr.set_remote_server("contoso-com.mail.protection.outlook.com");
  ndr.set_rejected_by("exchange-online");
  ndr.add_causes(v1::DOMAIN_NOT_ACCEPTED);
  ndr.add_causes(v1::MX_INCORRECT);
  return ndr;
}

v1::Verdict Judge(v1::CheckResult propagation, const v1::NdrReport& ndr,
                  const std::string& locale) {
  std::vector<v1::CheckResult> results = {
      MakeResult("dns.mx.target_format", v1::DNS, v1::PASS,
                 "dns.mx.target_format.pass", {}),
      MakeResult("tenant.domain.accepted", v1::TENANT, v1::PASS,
                 "tenant.domain.accepted.pass", {}),
      std::move(propagation),
      MakeResult("ndr.classify", v1::NDR, v1::WARN, "ndr.classify.warn", {},
                 ndr.causes(0))};
  VerdictInput input{"contoso.com", locale, false};
  input.ndr = &ndr;
  input.now = kVerdict;
  return ComputeVerdict(results, input);
}

TEST(VerdictPropagationTest, StaleResolverGivesTheReTestTime) {
  const v1::CheckResult r =
      CheckPropagationRecursive(Zone(UnixSerial(absl::Hours(6)))
                                    .Panel("127.0.0.53:53", {kExo})
                                    .Panel("8.8.8.8:53", {kOld}, 4000)
                                    .Build(kChecked));
  ASSERT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.message_args().at("remaining_ttl"), "4000");
  const v1::NdrReport ndr = RelayDenied();
  // 12:00:30 + 4000 s = 13:07:10, rounded up to 13:08.
  const v1::Verdict v = Judge(r, ndr, "en");
  ASSERT_EQ(v.causes(0).cause(), v1::DNS_PROPAGATION);
  ASSERT_EQ(v.causes(0).disagreements_size(), 2);
  EXPECT_THAT(v.causes(0).disagreements(1),
              HasSubstr("re-test after 13:08 UTC."));
  EXPECT_EQ(v.causes(0).retest_after().seconds(),
            absl::ToUnixSeconds(kChecked + absl::Minutes(68)));
  const v1::Verdict ja = Judge(r, ndr, "ja");
  EXPECT_THAT(ja.causes(0).disagreements(1), HasSubstr("13:08 UTC 以降"));
}

TEST(VerdictPropagationTest, ARecentChangeGivesTheReTestTime) {
  // Changed 20 min before the checks (Unix-time serial); every panel
  // resolver already has the new MX, but the MX TTL is 3600 s.
  const v1::CheckResult r =
      CheckPropagationRecursive(Zone(UnixSerial(absl::Minutes(20)))
                                    .Panel("127.0.0.53:53", {kExo})
                                    .Panel("8.8.8.8:53", {kExo})
                                    .Build(kChecked));
  ASSERT_EQ(r.status(), v1::PASS);
  EXPECT_EQ(r.message_args().at("ttl"), "3600");
  EXPECT_EQ(r.message_args().at("changed_earliest"), "2026-11-27T11:40:00Z");
  const v1::NdrReport ndr = RelayDenied();
  const v1::Verdict v = Judge(r, ndr, "en");
  ASSERT_EQ(v.causes(0).cause(), v1::DNS_PROPAGATION);
  ASSERT_EQ(v.causes(0).disagreements_size(), 2);
  EXPECT_THAT(v.causes(0).disagreements(1),
              HasSubstr("re-test after 12:40 UTC."));
}

TEST(VerdictPropagationTest, AnOldChangeLeavesTheConfigurationRight) {
  const v1::CheckResult r =
      CheckPropagationRecursive(Zone(UnixSerial(absl::Hours(5)))
                                    .Panel("127.0.0.53:53", {kExo})
                                    .Build(kChecked));
  ASSERT_EQ(r.status(), v1::PASS);
  const v1::NdrReport ndr = RelayDenied();
  const v1::Verdict v = Judge(r, ndr, "en");
  ASSERT_EQ(v.causes(0).cause(), v1::HEALTHY);
  ASSERT_EQ(v.causes(0).disagreements_size(), 2);
  EXPECT_THAT(v.causes(0).disagreements(1), HasSubstr("may predate a fix"));
  EXPECT_FALSE(v.causes(0).has_retest_after());
}

}  // namespace
}  // namespace ndrdiag
