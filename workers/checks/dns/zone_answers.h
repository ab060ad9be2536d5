// Reading ZoneEvidence the way the zone rules need it: which authoritative
// answers are facts, SOA data, comparable RRset signatures, RFC 1982 serial
// arithmetic and what a serial says about time. Pure functions.
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_ZONE_ANSWERS_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_ZONE_ANSWERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/dns/zone_evidence.h"
#include "workers/dns/dns_message.h"

namespace ndrdiag {

// An answer that states a fact about the zone: it arrived with AA=1 and
// says NXDOMAIN, NODATA or records.
bool IsAuthFact(const std::optional<v1::DnsExchange>& exchange);

// "ns1.example.net (192.0.2.1)".
std::string ServerLabel(const AuthServerEvidence& server);

// The SOA of the answer section (or, for negative answers, of the authority
// section when `authority` is set) with the record's TTL.
struct SoaAnswer {
  dns::SoaData soa;
  uint32_t ttl = 0;
};
std::optional<SoaAnswer> SoaOf(const v1::DnsExchange& exchange,
                               bool authority = false);

// A comparable rendering of the answer: "NXDOMAIN", "(none)" for NODATA, or
// the sorted record data of the asked type, names lower-cased.
std::string RrsetSignature(const v1::DnsExchange& exchange);

// RFC 1982 §3.2 comparison of SOA serials: -1 (a < b), 0, 1 (a > b), or
// nullopt when undefined (the two are exactly 2^31 apart).
std::optional<int> CompareSerials(uint32_t a, uint32_t b);

// What a serial says about when the zone was changed, or nullopt when it
// says nothing: a Unix time between 2001-09-09 and now + 1 day, or a
// YYYYMMDDnn date (1990..2100, valid month and day) read as the start of
// that day, UTC (the change happened within the following 24 h).
struct SerialTime {
  absl::Time earliest;  // the change happened at or after this
  absl::Time latest;    // and at or before this
};
std::optional<SerialTime> TimeOfSerial(uint32_t serial, absl::Time now);

// SKIPPED (with the evidence) when the domain does not exist: the recursive
// NS answer is NXDOMAIN and no parent server delegates it. nullopt
// otherwise. Shared by the zone checks so each says the same.
std::optional<v1::CheckResult> SkipIfNoZone(absl::string_view check_id,
                                            const ZoneEvidence& zone);

// "2024-06-01 14:00 UTC".
std::string FormatUtc(absl::Time t);
// "3h20m" style, seconds dropped above an hour.
std::string FormatAge(absl::Duration d);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_ZONE_ANSWERS_H_
