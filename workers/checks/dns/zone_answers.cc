#include "workers/checks/dns/zone_answers.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_answers.h"

namespace ndrdiag {

bool IsAuthFact(const std::optional<v1::DnsExchange>& exchange) {
  return exchange.has_value() && exchange->authoritative_answer() &&
         IsConclusive(Classify(*exchange));
}

std::string ServerLabel(const AuthServerEvidence& server) {
  return absl::StrCat(server.ns_host, " (", server.address, ")");
}

std::optional<SoaAnswer> SoaOf(const v1::DnsExchange& exchange,
                               bool authority) {
  const auto& records = authority ? exchange.authority() : exchange.answers();
  for (const v1::DnsRecord& record : records) {
    if (!absl::EqualsIgnoreCase(record.type(), "SOA")) continue;
    absl::StatusOr<dns::SoaData> soa = dns::ParseSoaData(record.data());
    if (soa.ok()) return SoaAnswer{*std::move(soa), record.ttl()};
  }
  return std::nullopt;
}

std::string RrsetSignature(const v1::DnsExchange& exchange) {
  switch (Classify(exchange)) {
    case AnswerKind::kNxDomain:
      return "NXDOMAIN";
    case AnswerKind::kNoData:
      return "(none)";
    case AnswerKind::kRecords:
      break;
    default:
      return "(no answer)";
  }
  std::vector<std::string> data;
  for (const v1::DnsRecord& record : exchange.answers()) {
    if (!absl::EqualsIgnoreCase(record.type(), exchange.qtype())) continue;
    // TXT data is case-sensitive; names in MX/CNAME/NS are not (RFC 4343).
    data.push_back(absl::EqualsIgnoreCase(record.type(), "TXT")
                       ? record.data()
                       : absl::AsciiStrToLower(record.data()));
  }
  std::sort(data.begin(), data.end());
  data.erase(std::unique(data.begin(), data.end()), data.end());
  return absl::StrJoin(data, ", ");
}

std::optional<int> CompareSerials(uint32_t a, uint32_t b) {
  if (a == b) return 0;
  const uint32_t diff = b - a;  // modulo 2^32
  if (diff == 0x80000000u) return std::nullopt;
  // a < b iff (b - a) mod 2^32 is in (0, 2^31).
  return diff < 0x80000000u ? -1 : 1;
}

std::optional<SerialTime> TimeOfSerial(uint32_t serial, absl::Time now) {
  const int64_t now_s = absl::ToUnixSeconds(now);
  if (serial >= 1000000000u && static_cast<int64_t>(serial) <= now_s + 86400) {
    absl::Time t = absl::FromUnixSeconds(serial);
    return SerialTime{t, t};
  }
  const uint32_t date = serial / 100;  // YYYYMMDD
  const int year = static_cast<int>(date / 10000);
  const int month = static_cast<int>(date / 100 % 100);
  const int day = static_cast<int>(date % 100);
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 ||
      day > 31) {
    return std::nullopt;
  }
  absl::CivilDay civil(year, month, day);
  if (civil.day() != day || civil.month() != month) return std::nullopt;
  absl::Time start = absl::FromCivil(civil, absl::UTCTimeZone());
  return SerialTime{start, start + absl::Hours(24)};
}

std::optional<v1::CheckResult> SkipIfNoZone(absl::string_view check_id,
                                            const ZoneEvidence& zone) {
  if (zone.delegation_known || !zone.recursive_ns.has_value() ||
      Classify(*zone.recursive_ns) != AnswerKind::kNxDomain) {
    return std::nullopt;
  }
  v1::CheckResult result =
      MakeSkipped(check_id, v1::DNS,
                  absl::StrCat(zone.domain,
                               " does not exist (NXDOMAIN); see "
                               "dns.mx.present"));
  AddEvidence(result, *zone.recursive_ns);
  for (const v1::DnsExchange& ex : zone.referrals) AddEvidence(result, ex);
  return result;
}

std::string FormatUtc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", t, absl::UTCTimeZone());
}

std::string FormatAge(absl::Duration d) {
  if (d >= absl::Hours(1)) d = absl::Floor(d, absl::Minutes(1));
  return absl::FormatDuration(d);
}

}  // namespace ndrdiag
