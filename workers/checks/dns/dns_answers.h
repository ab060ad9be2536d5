// Reading recorded DNS exchanges the way the DNS rules need them.
//
// A v1::DnsExchange is raw evidence: a response code, sections of records in
// presentation form, or an error. These helpers answer the questions rules
// ask of it ("was there an answer at all?", "which MX records?", "why did it
// fail?") so every rule reads an exchange the same way. Names are compared
// case-insensitively with the trailing dot ignored (RFC 4343).
//
// Pure functions of their arguments.
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_DNS_ANSWERS_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_DNS_ANSWERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {

// Lower case, without the trailing dot ("" for the root).
std::string NormalizeName(absl::string_view name);

// What an exchange says about its question.
enum class AnswerKind {
  kNoResponse,     // timeout, egress policy, malformed response, ...
  kServerFailure,  // SERVFAIL, REFUSED or another error rcode
  kNxDomain,       // the name does not exist
  kNoData,         // the name exists but has no record of the type
  kRecords,        // records of the asked type (possibly via CNAME)
};
AnswerKind Classify(const v1::DnsExchange& exchange);

// True for the kinds that state a fact about the name (NXDOMAIN, NODATA,
// records), as opposed to failing to say anything.
bool IsConclusive(AnswerKind kind);

// Why `exchange` is not conclusive, in English, naming server and question:
// "timeout asking 127.0.0.1:53 for contoso.com MX". Empty when conclusive.
std::string FailureReason(const v1::DnsExchange& exchange);

struct MxRecord {
  uint16_t preference = 0;
  std::string target;  // normalised; "" = null MX (RFC 7505)
  bool operator==(const MxRecord&) const = default;
  auto operator<=>(const MxRecord&) const = default;
};
// MX records of the answer section, sorted by preference then target.
// Malformed records are left out.
std::vector<MxRecord> MxRecords(const v1::DnsExchange& exchange);

// "0 a.example.com, 10 b.example.com" ("(none)" when empty).
std::string FormatMxSet(const std::vector<MxRecord>& records);

// A and AAAA addresses of the answer section.
std::vector<std::string> Addresses(const v1::DnsExchange& exchange);

// The first CNAME target in the answer section, normalised; "" if none.
std::string CnameTarget(const v1::DnsExchange& exchange);

// Whether `host` (normalised) is `suffix` or ends in "." + suffix.
bool HasDomainSuffix(absl::string_view host, absl::string_view suffix);

// "IP" for port 53 (the resolver's default), "IP:port" / "[v6]:port"
// otherwise: the server argument of DnsResolver::Direct().
std::string ServerAddress(const std::string& ip, int port);

// Whether `text` (trailing dot ignored) is an IPv4 or IPv6 literal.
bool IsIpLiteral(absl::string_view text);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_DNS_ANSWERS_H_
