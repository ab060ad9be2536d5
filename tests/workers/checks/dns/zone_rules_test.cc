// The zone-level DNS rules on recorded evidence: delegation, authoritative
// servers, SOA serial arithmetic, propagation ETAs, secondary findings.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/dns/zone_evidence_builder.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/zone_answers.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using testing::SoaTimers;
using testing::ZoneEvidenceBuilder;

const absl::Time kNow = absl::FromCivil(
    absl::CivilSecond(2026, 11, 27, 12, 0, 0), absl::UTCTimeZone());
constexpr char kExo[] = "0 contoso-com.mail.protection.outlook.com.";
constexpr char kOld[] = "10 mail.contoso.com.";

// Every result must be renderable: its message key is in the catalogue.
v1::CheckResult Checked(v1::CheckResult r) {
  EXPECT_NE(FindCatalogEntry(r.message_key()), nullptr) << r.message_key();
  EXPECT_NE(FindCatalogEntry(r.check_id()), nullptr) << r.check_id();
  if (r.status() == v1::WARN || r.status() == v1::FAIL) {
    // Localised text must not leave a placeholder unfilled.
    v1::CheckResult en = r, ja = r;
    Localize(en, "en");
    Localize(ja, "ja");
    EXPECT_EQ(en.message().find('{'), std::string::npos) << en.message();
    EXPECT_EQ(ja.message().find('{'), std::string::npos) << ja.message();
  }
  return r;
}

ZoneEvidenceBuilder TwoServers() {
  ZoneEvidenceBuilder b("contoso.com");
  b.Delegation("com", {"ns1.contoso.com", "ns2.contoso.com"});
  return b;
}

uint32_t UnixSerial(absl::Duration ago) {
  return static_cast<uint32_t>(absl::ToUnixSeconds(kNow - ago));
}

// ---- RFC 1982 and serials as time -----------------------------------------

TEST(SerialTest, Rfc1982ComparisonWrapsAround) {
  EXPECT_EQ(CompareSerials(1, 2), -1);
  EXPECT_EQ(CompareSerials(2, 1), 1);
  EXPECT_EQ(CompareSerials(7, 7), 0);
  // 4294967295 + 10 wraps to 9: 9 is newer.
  EXPECT_EQ(CompareSerials(4294967295u, 9), -1);
  EXPECT_EQ(CompareSerials(9, 4294967295u), 1);
  // Exactly 2^31 apart: undefined (RFC 1982 §3.2).
  EXPECT_EQ(CompareSerials(0, 0x80000000u), std::nullopt);
  EXPECT_EQ(CompareSerials(0, 0x7fffffffu), -1);
}

TEST(SerialTest, DateAndUnixSerialsAreTimesCountersAreNot) {
  auto date = TimeOfSerial(2024060102, kNow);
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(FormatUtc(date->earliest), "2024-06-01 00:00 UTC");
  EXPECT_EQ(date->latest - date->earliest, absl::Hours(24));
  auto unix = TimeOfSerial(UnixSerial(absl::Minutes(10)), kNow);
  ASSERT_TRUE(unix.has_value());
  EXPECT_EQ(unix->earliest, kNow - absl::Minutes(10));
  EXPECT_FALSE(TimeOfSerial(7, kNow).has_value());
  EXPECT_FALSE(TimeOfSerial(2024023101, kNow).has_value());  // Feb 31
}

// ---- dns.auth.reachable
// ------------------------------------------------------

TEST(AuthReachableTest, EveryServerAnsweringWithAaPasses) {
  auto r = Checked(
      CheckAuthReachable(TwoServers()
                             .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo})
                             .Server("ns2.contoso.com", "192.0.2.2", 7, {kExo})
                             .Build(kNow)));
  EXPECT_EQ(r.status(), v1::PASS);
}

TEST(AuthReachableTest, TimeoutWhileAnotherAnswersIsLame) {
  auto r = Checked(
      CheckAuthReachable(TwoServers()
                             .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo})
                             .DeadServer("ns2.contoso.com", "192.0.2.2")
                             .Build(kNow)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DNS_LAME_DELEGATION);
  EXPECT_THAT(r.message_args().at("servers"),
              HasSubstr("ns2.contoso.com (192.0.2.2)"));
}

TEST(AuthReachableTest, RefusedServfailNonAaAreLame) {
  for (const auto& [rcode, aa] : std::vector<std::pair<std::string, bool>>{
           {"REFUSED", false}, {"SERVFAIL", false}, {"NOERROR", false}}) {
    auto r = Checked(CheckAuthReachable(
        TwoServers()
            .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo})
            .OddServer("ns2.contoso.com", "192.0.2.2", rcode, aa)
            .Build(kNow)));
    EXPECT_EQ(r.status(), v1::FAIL) << rcode;
    EXPECT_THAT(r.message_args().at("servers"), HasSubstr("192.0.2.2"));
  }
}

TEST(AuthReachableTest, NobodyAnsweringIsInconclusiveNamingServers) {
  auto r =
      Checked(CheckAuthReachable(TwoServers()
                                     .DeadServer("ns1.contoso.com", "192.0.2.1")
                                     .DeadServer("ns2.contoso.com", "192.0.2.2")
                                     .Build(kNow)));
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("192.0.2.1:53"));
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("192.0.2.2:53"));
}

TEST(AuthReachableTest, EgressPolicyIsInconclusiveNotLame) {
  auto r = Checked(CheckAuthReachable(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo})
          .DeadServer("ns2.contoso.com", "10.0.0.2",
                      "blocked by egress policy: 10.0.0.2 is private")
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("egress"));
}

// ---- dns.soa.serial_consistency ---------------------------------------------

TEST(SoaSerialTest, EqualSerialsPass) {
  auto r = Checked(CheckSoaSerialConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 2024060101, {kExo})
          .Server("ns2.contoso.com", "192.0.2.2", 2024060101, {kExo})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::PASS);
}

TEST(SoaSerialTest, DaysApartIsInconsistentNamingServersAndSerials) {
  auto r = Checked(CheckSoaSerialConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 2024060102, {kExo})
          .Server("ns2.contoso.com", "192.0.2.2", 2024053001, {kOld})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DNS_INCONSISTENT_AUTHORITATIVE);
  EXPECT_THAT(r.message_args().at("servers"),
              HasSubstr("ns2.contoso.com (192.0.2.2): 2024053001"));
  EXPECT_THAT(r.message_args().at("behind"), HasSubstr("192.0.2.2"));
}

TEST(SoaSerialTest, WrapAroundNewestIsTheSmallerNumber) {
  // 5 follows 4294967290 in serial arithmetic: ns1 is behind.
  auto r = Checked(CheckSoaSerialConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 4294967290u, {kOld})
          .Server("ns2.contoso.com", "192.0.2.2", 5, {kExo})
          .Build(kNow)));
  EXPECT_EQ(r.message_args().at("newest"), "5");
  EXPECT_THAT(r.message_args().at("behind"), HasSubstr("ns1.contoso.com"));
  EXPECT_EQ(r.status(), v1::WARN);  // counters carry no time
  EXPECT_EQ(r.message_key(), "dns.soa.serial_consistency.warn_age_unknown");
}

TEST(SoaSerialTest, UndefinedOrderFails) {
  auto r = Checked(CheckSoaSerialConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 0, {kExo})
          .Server("ns2.contoso.com", "192.0.2.2", 0x80000000u, {kExo})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(), "dns.soa.serial_consistency.fail_undefined");
}

v1::CheckResult SplitAged(absl::Duration age, SoaTimers timers) {
  return Checked(CheckSoaSerialConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", UnixSerial(age), {kExo},
                  timers)
          .Server("ns2.contoso.com", "192.0.2.2",
                  UnixSerial(age + absl::Hours(30)), {kOld}, timers)
          .Build(kNow)));
}

TEST(SoaSerialTest, RefreshRetryExpireBoundaries) {
  const SoaTimers t{.refresh = 3600, .retry = 600, .expire = 1209600};
  // Younger than REFRESH+RETRY (4200 s): catching up, with an ETA.
  auto young = SplitAged(absl::Seconds(4199), t);
  EXPECT_EQ(young.message_key(), "dns.soa.serial_consistency.warn_catching_up");
  EXPECT_EQ(young.cause(), v1::DNS_INCONSISTENT_AUTHORITATIVE);
  EXPECT_EQ(young.message_args().at("eta"), FormatUtc(kNow + absl::Seconds(1)));
  // Exactly REFRESH+RETRY: no longer "catching up", not yet 2 x REFRESH.
  EXPECT_EQ(SplitAged(absl::Seconds(4200), t).message_key(),
            "dns.soa.serial_consistency.warn_late");
  // 2 x REFRESH is the limit; past it: FAIL.
  EXPECT_EQ(SplitAged(absl::Seconds(7200), t).status(), v1::WARN);
  auto late = SplitAged(absl::Seconds(7201), t);
  EXPECT_EQ(late.status(), v1::FAIL);
  EXPECT_EQ(late.message_args().at("limit"), "2 x REFRESH");
  // EXPIRE shorter than 2 x REFRESH: EXPIRE decides.
  auto expired = SplitAged(absl::Seconds(5001),
                           {.refresh = 86400, .retry = 600, .expire = 5000});
  EXPECT_EQ(expired.status(), v1::FAIL);
  EXPECT_EQ(expired.message_args().at("limit"), "EXPIRE");
}

TEST(SoaSerialTest, NoAnswerIsInconclusiveNamingServers) {
  auto r = Checked(CheckSoaSerialConsistency(
      TwoServers().DeadServer("ns1.contoso.com", "192.0.2.1").Build(kNow)));
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("192.0.2.1:53"));
}

// ---- dns.rrset.auth_consistency ---------------------------------------------

TEST(ZoneRrsetTest, SameSerialDifferentMxFails) {
  auto r = Checked(CheckZoneRrsetConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 2024060101, {kExo})
          .Server("ns2.contoso.com", "192.0.2.2", 2024060101, {kOld})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DNS_INCONSISTENT_AUTHORITATIVE);
  EXPECT_THAT(r.message_args().at("details"), HasSubstr("serial 2024060101"));
}

TEST(ZoneRrsetTest, DifferentSerialsDeferToTheSoaCheck) {
  auto r = Checked(CheckZoneRrsetConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 8, {kExo})
          .Server("ns2.contoso.com", "192.0.2.2", 7, {kOld})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.message_key(), "dns.rrset.auth_consistency.warn_serials_differ");
}

TEST(ZoneRrsetTest, TxtDifferenceCountsToo) {
  auto r = Checked(CheckZoneRrsetConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo}, {}, {"\"a\""})
          .Server("ns2.contoso.com", "192.0.2.2", 7, {kExo}, {}, {"\"b\""})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_THAT(r.message_args().at("details"), HasSubstr("TXT"));
}

TEST(ZoneRrsetTest, AgreementPasses) {
  auto r = Checked(CheckZoneRrsetConsistency(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo})
          .Server("ns2.contoso.com", "192.0.2.2", 7, {kExo})
          .RecursiveMx({kExo})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::PASS);
}

// ---- dns.ns.delegation_match
// -------------------------------------------------

TEST(DelegationTest, SameSetsPass) {
  auto r = Checked(CheckNsDelegationMatch(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::PASS);
}

TEST(DelegationTest, EditsAtAnUndelegatedProviderFail) {
  ZoneEvidenceBuilder b("contoso.com");
  b.Delegation("com", {"ns1.registrar.net"})
      .ChildNs({"ns1.otherdns.net"})
      .Server("ns1.registrar.net", "192.0.2.1", 7, {kOld})
      .Server("ns1.otherdns.net", "192.0.2.6", 9, {kExo});
  auto r = Checked(CheckNsDelegationMatch(b.Build(kNow)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DNS_INCONSISTENT_AUTHORITATIVE);
  EXPECT_THAT(r.message_args().at("undelegated"),
              HasSubstr("ns1.otherdns.net"));
  EXPECT_THAT(r.message_args().at("delegated"), HasSubstr("mail.contoso.com"));
}

TEST(DelegationTest, DifferentSetsSameDataWarn) {
  ZoneEvidenceBuilder b("contoso.com");
  b.Delegation("com", {"ns1.contoso.com"})
      .ChildNs({"ns1.contoso.com", "ns3.contoso.com"})
      .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo})
      .Server("ns3.contoso.com", "192.0.2.3", 7, {kExo});
  auto r = Checked(CheckNsDelegationMatch(b.Build(kNow)));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
}

TEST(DelegationTest, UnknownDelegationIsInconclusive) {
  ZoneEvidenceBuilder b("contoso.com");
  auto r = Checked(CheckNsDelegationMatch(b.Build(kNow)));
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
}

// ---- dns.propagation.recursive
// -----------------------------------------------

ZoneEvidenceBuilder Propagating(uint32_t serial) {
  ZoneEvidenceBuilder b = TwoServers();
  b.Server("ns1.contoso.com", "192.0.2.1", serial, {kExo})
      .Server("ns2.contoso.com", "192.0.2.2", serial, {kExo});
  return b;
}

TEST(PropagationTest, StaleCacheWarnsWithTheEta) {
  auto r =
      Checked(CheckPropagationRecursive(Propagating(UnixSerial(absl::Hours(6)))
                                            .Panel("127.0.0.53:53", {kExo})
                                            .Panel("8.8.8.8:53", {kOld}, 64800)
                                            .Build(kNow)));
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::DNS_PROPAGATION);
  EXPECT_EQ(r.message_args().at("eta"), FormatUtc(kNow + absl::Seconds(64800)));
  EXPECT_EQ(r.message_args().at("eta"), "2026-11-28 06:00 UTC");
  EXPECT_EQ(r.message_args().at("recursive_stale"), "false");
  EXPECT_THAT(r.message_args().at("stale"), HasSubstr("8.8.8.8:53"));
}

TEST(PropagationTest, EtaIsTheLongestRemainingTtl) {
  auto r =
      Checked(CheckPropagationRecursive(Propagating(7)
                                            .Panel("127.0.0.53:53", {kOld}, 100)
                                            .Panel("8.8.8.8:53", {kOld}, 5000)
                                            .Build(kNow)));
  EXPECT_EQ(r.message_args().at("eta"), FormatUtc(kNow + absl::Seconds(5000)));
  EXPECT_EQ(r.message_args().at("recursive_stale"), "true");
}

TEST(PropagationTest, NegativeCacheEtaIsMinOfSoaTtlAndMinimum) {
  // RFC 2308 §5: min(SOA TTL, MINIMUM).
  auto ttl_smaller = Checked(CheckPropagationRecursive(
      Propagating(7).PanelNoData("1.1.1.1:53", 2400, 3600).Build(kNow)));
  EXPECT_EQ(ttl_smaller.message_key(),
            "dns.propagation.recursive.warn_negative_cache");
  EXPECT_EQ(ttl_smaller.message_args().at("eta"),
            FormatUtc(kNow + absl::Seconds(2400)));
  auto minimum_smaller = Checked(CheckPropagationRecursive(
      Propagating(7).PanelNoData("1.1.1.1:53", 7200, 3600).Build(kNow)));
  EXPECT_EQ(minimum_smaller.message_args().at("eta"),
            FormatUtc(kNow + absl::Seconds(3600)));
}

TEST(PropagationTest, StaleBeyondTtlPlus72HoursIsNotPropagation) {
  // Changed 73 h + 1 day ago (a date serial covers a whole day), TTL 3600.
  const absl::Time changed = kNow - absl::Hours(24 + 72 + 2);
  const absl::CivilDay day = absl::ToCivilDay(changed, absl::UTCTimeZone());
  const uint32_t serial = static_cast<uint32_t>(
      day.year() * 1000000 + day.month() * 10000 + day.day() * 100 + 1);
  auto r = Checked(CheckPropagationRecursive(
      Propagating(serial).Panel("8.8.8.8:53", {kOld}, 3000).Build(kNow)));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.cause(), v1::DNS_INCONSISTENT_AUTHORITATIVE);
  EXPECT_EQ(r.message_key(), "dns.propagation.recursive.fail_too_stale");
  // Within TTL + 72 h: still propagation.
  auto recent =
      Checked(CheckPropagationRecursive(Propagating(UnixSerial(absl::Hours(72)))
                                            .Panel("8.8.8.8:53", {kOld}, 3000)
                                            .Build(kNow)));
  EXPECT_EQ(recent.status(), v1::WARN);
  auto over = Checked(CheckPropagationRecursive(
      Propagating(UnixSerial(absl::Hours(72) + absl::Seconds(3601)))
          .Panel("8.8.8.8:53", {kOld}, 3000)
          .Build(kNow)));
  EXPECT_EQ(over.status(), v1::FAIL);
}

TEST(PropagationTest, AllFreshPassesAndDisagreeingAuthIsInfo) {
  EXPECT_EQ(Checked(CheckPropagationRecursive(
                        Propagating(7).Panel("8.8.8.8:53", {kExo}).Build(kNow)))
                .status(),
            v1::PASS);
  auto r = Checked(CheckPropagationRecursive(
      TwoServers()
          .Server("ns1.contoso.com", "192.0.2.1", 7, {kExo})
          .Server("ns2.contoso.com", "192.0.2.2", 7, {kOld})
          .Panel("8.8.8.8:53", {kExo})
          .Build(kNow)));
  EXPECT_EQ(r.status(), v1::INFO);
}

// ---- MX extras -------------------------------------------------------------

TEST(IpInEopTest, DefaultRangesAndCustomRanges) {
  const std::string host = "contoso-com.mail.protection.outlook.com";
  auto inside = Checked(CheckMxIpInEop(ZoneEvidenceBuilder("contoso.com")
                                           .RecursiveMx({kExo})
                                           .Target(host, {"40.107.1.1"})
                                           .Build(kNow)));
  EXPECT_EQ(inside.status(), v1::PASS);
  auto outside = Checked(CheckMxIpInEop(ZoneEvidenceBuilder("contoso.com")
                                            .RecursiveMx({kExo})
                                            .Target(host, {"127.77.25.1"})
                                            .Build(kNow)));
  // A Microsoft name outside the list: the list may be stale; no cause.
  EXPECT_EQ(outside.status(), v1::WARN);
  EXPECT_EQ(outside.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
  auto elsewhere =
      Checked(CheckMxIpInEop(ZoneEvidenceBuilder("contoso.com")
                                 .RecursiveMx({kOld})
                                 .Target("mail.contoso.com", {"198.51.100.25"})
                                 .Build(kNow)));
  EXPECT_EQ(elsewhere.status(), v1::FAIL);
  EXPECT_EQ(elsewhere.cause(), v1::MX_INCORRECT);
  absl::StatusOr<IpRanges> lab = IpRanges::Parse("127.77.25.0/24\n");
  ASSERT_TRUE(lab.ok());
  DnsEvidence e = ZoneEvidenceBuilder("contoso.com")
                      .RecursiveMx({kExo})
                      .Target(host, {"127.77.25.1"})
                      .Build(kNow);
  e.eop_ranges = &*lab;
  EXPECT_EQ(Checked(CheckMxIpInEop(e)).status(), v1::PASS);
}

TEST(PriorityTest, DnssecMxExpectsTenClassicExpectsLowest) {
  auto dane0 = Checked(
      CheckMxPriority(ZoneEvidenceBuilder("contoso.com")
                          .RecursiveMx({"0 contoso-com.e-v1.mx.microsoft."})
                          .Build(kNow)));
  EXPECT_EQ(dane0.status(), v1::WARN);
  EXPECT_EQ(dane0.cause(), v1::MX_INCORRECT);
  EXPECT_EQ(Checked(CheckMxPriority(
                        ZoneEvidenceBuilder("contoso.com")
                            .RecursiveMx({"10 contoso-com.e-v1.mx.microsoft."})
                            .Build(kNow)))
                .status(),
            v1::PASS);
  EXPECT_EQ(Checked(CheckMxPriority(
                        ZoneEvidenceBuilder("contoso.com")
                            .RecursiveMx(
                                {"5 mail.contoso.com.",
                                 "10 contoso-com.mail.protection.outlook.com."})
                            .Build(kNow)))
                .message_key(),
            "dns.mx.priority.warn_not_lowest");
  EXPECT_EQ(Checked(CheckMxPriority(
                        ZoneEvidenceBuilder("contoso.com")
                            .RecursiveMx(
                                {"20 contoso-com.e-v1.mx.microsoft.",
                                 "30 contoso-com.mail.protection.outlook.com."})
                            .Build(kNow)))
                .status(),
            v1::INFO);
}

TEST(DnssecTest, NoValidatingResolverIsInconclusive) {
  const char* dane = "10 contoso-com.e-v1.mx.microsoft.";
  auto none = Checked(CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                                 .RecursiveMx({dane})
                                                 .Panel("8.8.8.8:53", {dane})
                                                 .Build(kNow)));
  EXPECT_EQ(none.status(), v1::INCONCLUSIVE);
  EXPECT_THAT(none.inconclusive_reason(),
              HasSubstr("no validating resolver in the panel"));
  auto ok = Checked(
      CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                 .RecursiveMx({dane})
                                 .Panel("8.8.8.8:53", {dane}, 300, /*ad=*/true)
                                 .Panel("1.1.1.1:53", {dane}, 300, /*ad=*/true)
                                 .Build(kNow)));
  EXPECT_EQ(ok.status(), v1::PASS);
  auto bogus =
      Checked(CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                         .RecursiveMx({dane})
                                         .Panel("127.0.0.53:53", {dane})
                                         .PanelRcode("8.8.8.8:53", "SERVFAIL")
                                         .Build(kNow)));
  EXPECT_EQ(bogus.status(), v1::FAIL);
  EXPECT_EQ(Checked(CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                               .RecursiveMx({kExo})
                                               .Build(kNow)))
                .status(),
            v1::SKIPPED);
}

// The lab's §5 #6: the customer zone is unsigned (its MX never has AD), the
// target zone is signed; validators answer SERVFAIL for the bogus target
// while the non-validating resolvers answer it.
TEST(DnssecTest, TargetAnswersFromThePanel) {
  auto en = [](v1::CheckResult r) {
    Localize(r, "en");
    return r.message();
  };
  const char* dane = "10 contoso-com.e-v1.mx.microsoft.";
  const std::string host = "contoso-com.e-v1.mx.microsoft";
  auto bogus =
      Checked(CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                         .RecursiveMx({dane})
                                         .Panel("127.77.0.53:53", {dane})
                                         .PanelTarget(host, "NOERROR")
                                         .Panel("127.77.0.55:53", {dane})
                                         .PanelTarget(host, "SERVFAIL")
                                         .Panel("127.77.0.56:53", {dane})
                                         .PanelTarget(host, "SERVFAIL")
                                         .Build(kNow)));
  EXPECT_EQ(bogus.status(), v1::FAIL);
  EXPECT_EQ(bogus.cause(), v1::MX_INCORRECT);
  EXPECT_THAT(en(bogus), HasSubstr("127.77.0.55:53, 127.77.0.56:53"));
  EXPECT_THAT(en(bogus), HasSubstr("4.7.324"));

  // AD on the target from two validators: PASS, though the MX has no AD.
  auto good = Checked(
      CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                 .RecursiveMx({dane})
                                 .Panel("127.77.0.53:53", {dane})
                                 .PanelTarget(host, "NOERROR")
                                 .Panel("127.77.0.55:53", {dane})
                                 .PanelTarget(host, "NOERROR", /*ad=*/true)
                                 .Panel("127.77.0.56:53", {dane})
                                 .PanelTarget(host, "NOERROR", /*ad=*/true)
                                 .Build(kNow)));
  EXPECT_EQ(good.status(), v1::PASS);
  EXPECT_THAT(en(good), HasSubstr("127.77.0.55:53, 127.77.0.56:53"));

  // Every resolver fails: nothing tells a validator from a broken zone.
  auto all_fail =
      Checked(CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                         .RecursiveMx({dane})
                                         .Panel("127.77.0.53:53", {dane})
                                         .PanelTarget(host, "SERVFAIL")
                                         .Panel("127.77.0.55:53", {dane})
                                         .PanelTarget(host, "SERVFAIL")
                                         .Build(kNow)));
  EXPECT_EQ(all_fail.status(), v1::INCONCLUSIVE);

  // One validator with AD, another failing: a chain breaking (WARN).
  auto mixed = Checked(
      CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                 .RecursiveMx({dane})
                                 .Panel("127.77.0.55:53", {dane})
                                 .PanelTarget(host, "NOERROR", /*ad=*/true)
                                 .Panel("127.77.0.56:53", {dane})
                                 .PanelTarget(host, "SERVFAIL")
                                 .Build(kNow)));
  EXPECT_EQ(mixed.status(), v1::WARN);

  // No resolver sets AD anywhere: INCONCLUSIVE.
  auto none =
      Checked(CheckDnssecMxMicrosoft(ZoneEvidenceBuilder("contoso.com")
                                         .RecursiveMx({dane})
                                         .Panel("127.77.0.53:53", {dane})
                                         .PanelTarget(host, "NOERROR")
                                         .Panel("127.77.0.54:53", {dane})
                                         .PanelTarget(host, "NOERROR")
                                         .Build(kNow)));
  EXPECT_EQ(none.status(), v1::INCONCLUSIVE);
}

// ---- secondary findings ----------------------------------------------------

TEST(SpfTest, Outcomes) {
  auto spf = [](std::vector<std::string> txt) {
    return Checked(
        CheckSpfO365(ZoneEvidenceBuilder("contoso.com").Txt(txt).Build(kNow)));
  };
  EXPECT_EQ(
      spf({"\"v=spf1 include:spf.protection.outlook.com -all\""}).status(),
      v1::PASS);
  // Strings of one record are joined without a space (RFC 7208 §3.3).
  EXPECT_EQ(
      spf({"\"v=spf1 include:spf.protection.\" \"outlook.com -all\""}).status(),
      v1::PASS);
  auto two = spf({"\"v=spf1 -all\"",
                  "\"v=spf1 include:spf.protection.outlook.com -all\""});
  EXPECT_EQ(two.status(), v1::FAIL);
  EXPECT_EQ(two.cause(), v1::SPF_MISCONFIGURED);
  EXPECT_EQ(spf({"\"MS=ms123\""}).message_key(), "dns.spf.o365.warn_missing");
  EXPECT_EQ(spf({"\"v=spf1 mx -all\""}).message_key(),
            "dns.spf.o365.warn_no_include");
  EXPECT_EQ(spf({"\"v=spf1 a mx ptr include:a.x include:b.x include:c.x "
                 "include:d.x include:e.x include:f.x include:g.x "
                 "include:spf.protection.outlook.com -all\""})
                .message_key(),
            "dns.spf.o365.fail_too_many_lookups");
}

TEST(AutodiscoverTest, Outcomes) {
  auto ad = [](const std::string& target, const std::string& rcode) {
    return Checked(CheckAutodiscover(ZoneEvidenceBuilder("contoso.com")
                                         .Autodiscover(target, rcode)
                                         .Build(kNow)));
  };
  EXPECT_EQ(ad("autodiscover.outlook.com", "NOERROR").status(), v1::PASS);
  EXPECT_EQ(ad("mail.contoso.com", "NOERROR").status(), v1::INFO);
  auto missing = ad("", "NXDOMAIN");
  EXPECT_EQ(missing.status(), v1::WARN);
  EXPECT_EQ(missing.cause(), v1::AUTODISCOVER_MISSING);
}

TEST(DkimTest, Outcomes) {
  auto dkim = [](const std::string& s1, const std::string& s2) {
    return Checked(CheckDkimSelectors(
        ZoneEvidenceBuilder("contoso.com").Dkim(s1, s2).Build(kNow)));
  };
  EXPECT_EQ(dkim("selector1-contoso-com._domainkey.contoso.onmicrosoft.com",
                 "selector2-contoso-com._domainkey.contoso.onmicrosoft.com")
                .status(),
            v1::PASS);
  EXPECT_EQ(dkim("", "").status(), v1::INFO);
  EXPECT_EQ(dkim("selector1.other.example", "").status(), v1::WARN);
}

TEST(VerificationTest, NeedsASnapshot) {
  auto r = Checked(
      CheckVerificationTxt(ZoneEvidenceBuilder("contoso.com").Build(kNow)));
  EXPECT_EQ(r.status(), v1::SKIPPED);
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr("needs a tenant snapshot"));
}

TEST(DnsChecksTest, EveryCatalogueIdOnceWithATitle) {
  std::set<std::string> ids;
  for (const DnsCheck& check : DnsChecks()) {
    EXPECT_TRUE(ids.insert(std::string(check.id)).second) << check.id;
    const CatalogEntry* entry = FindCatalogEntry(check.id);
    ASSERT_NE(entry, nullptr) << check.id;
    EXPECT_FALSE(entry->en.title.empty());
    EXPECT_FALSE(entry->ja.title.empty());
  }
  EXPECT_EQ(ids.size(), 17u);  // every dns.* row of CHECKS.md §1
}

TEST(IpRangesTest, ParsesRejectsAndMatchesTheConfigFile) {
  EXPECT_FALSE(IpRanges::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(IpRanges::Parse("nonsense").ok());
  absl::StatusOr<IpRanges> r =
      IpRanges::Parse("# c\n10.0.0.0/8 # x\n::1/128\n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->Contains("10.1.2.3"));
  EXPECT_FALSE(r->Contains("11.0.0.1"));
  EXPECT_TRUE(r->Contains("::1"));
  EXPECT_TRUE(IpRanges::DefaultEop().Contains("2a01:111:f400::1"));
  EXPECT_TRUE(IpRanges::DefaultEop().Contains("104.47.127.255"));
  EXPECT_FALSE(IpRanges::DefaultEop().Contains("104.47.128.0"));
  absl::StatusOr<IpRanges> file = IpRanges::LoadFile(
      std::string(NDRDIAG_SOURCE_DIR) + "/config/eop-ranges.txt");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->texts(), IpRanges::DefaultEop().texts());
}

}  // namespace
}  // namespace ndrdiag

namespace ndrdiag {
namespace {

TEST(NoZoneTest, ZoneChecksAreSkippedWithEvidenceForANonexistentDomain) {
  DnsEvidence e = testing::ZoneEvidenceBuilder("nope.com").Build(kNow);
  e.zone.recursive_ns =
      testing::Exchange(testing::kResolver, "nope.com", "NS", "NXDOMAIN", {});
  e.zone.autodiscover = testing::ZoneEvidenceBuilder::Cname(
      "autodiscover.nope.com", "", "NXDOMAIN");
  for (auto rule : {&CheckSoaSerialConsistency, &CheckZoneRrsetConsistency,
                    &CheckNsDelegationMatch, &CheckPropagationRecursive,
                    &CheckAutodiscover, &CheckAuthReachable}) {
    v1::CheckResult r = rule(e);
    EXPECT_EQ(r.status(), v1::SKIPPED) << r.check_id();
    EXPECT_GT(r.evidence_size(), 0) << r.check_id();
  }
}

TEST(TargetFormatTest, SuffixedTokenWarnsWithoutACause) {
  DnsEvidence e =
      testing::ZoneEvidenceBuilder("contoso.com")
          .RecursiveMx({"0 contoso-com01c.mail.protection.outlook.com."})
          .Build(kNow);
  v1::CheckResult r = CheckMxTargetFormat(e.mx);
  EXPECT_EQ(r.status(), v1::WARN);
  EXPECT_EQ(r.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
}

}  // namespace
}  // namespace ndrdiag
