// DNS wire format: the queries ndrdiag sends and the responses it reads.
//
// Responses come from servers named by untrusted DNS data, so the parser is
// strict and total: every read is bounds-checked, compression pointers must
// point backwards (no loops), names stay within 255 octets, and anything
// malformed comes back as INVALID_ARGUMENT, never a crash or a partial
// result. Records are rendered in presentation form (v1::DnsRecord), the
// form rules and humans read:
//
//   A / AAAA    "192.0.2.1" / "2001:db8::1"
//   NS, CNAME   "host.example.com."       (absolute, lower case)
//   MX          "10 mx.example.com."      (ParseMxData splits it again)
//   SOA         "ns. hostmaster. 2024060101 3600 900 604800 300"
//   TXT         "\"v=spf1 -all\" \"second string\""
//   other       "\# 4 0a000001"           (RFC 3597)
//
// Pure functions, no I/O; safe to call from any thread.
#ifndef NDRDIAG_WORKERS_DNS_DNS_MESSAGE_H_
#define NDRDIAG_WORKERS_DNS_DNS_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag::dns {

// The UDP payload size we advertise (EDNS0), the DNS Flag Day 2020 value.
inline constexpr uint16_t kEdnsUdpSize = 1232;

// Builds a query for `qname` (A-labels, trailing dot optional, "." is the
// root) of type `qtype`, class IN, with an EDNS0 OPT record advertising
// kEdnsUdpSize. With `recursion_desired` the query also sets AD (RFC 6840
// §5.7) so validating resolvers say whether the answer validated.
// INVALID_ARGUMENT for a name that cannot be encoded (empty
// label, label over 63 octets, name over 255 octets, characters outside
// printable ASCII, backslashes).
absl::StatusOr<std::string> BuildQuery(uint16_t id, std::string_view qname,
                                       uint16_t qtype, bool recursion_desired);

// A parsed message (query or response).
struct DnsMessage {
  uint16_t id = 0;
  bool qr = false;  // response
  uint8_t opcode = 0;
  bool aa = false;
  bool tc = false;
  bool rd = false;
  bool ra = false;
  bool ad = false;  // authenticated data (RFC 4035 §3.2.3)
  // Including the upper 8 bits from the OPT record, when there is one.
  uint16_t rcode = 0;
  bool has_edns = false;
  uint16_t edns_udp_size = 0;
  // The first question, if any ("" and 0 when QDCOUNT is 0).
  std::string qname;  // presentation form, lower case, trailing dot
  uint16_t qtype = 0;
  uint16_t qclass = 0;
  std::vector<v1::DnsRecord> answers;
  std::vector<v1::DnsRecord> authority;
  // Additional section without the OPT record.
  std::vector<v1::DnsRecord> additional;
};

// Parses a whole message. INVALID_ARGUMENT (saying where) when malformed,
// including trailing bytes after the last record.
absl::StatusOr<DnsMessage> ParseMessage(std::string_view wire);

// Parses a response and fills exchange's rcode, authoritative_answer,
// truncated, answers and authority (replacing what they held). Other fields
// are left alone. On error the exchange is not modified.
absl::Status ParseResponseInto(std::string_view wire,
                               v1::DnsExchange& exchange);

// "NOERROR", "NXDOMAIN", ...; "RCODE<n>" for unassigned values.
std::string RcodeName(uint16_t rcode);
// "A", "MX", ...; "TYPE<n>" (RFC 3597) for types without a mnemonic here.
std::string TypeName(uint16_t type);

// The data of an MX record, as found in DnsRecord.data.
struct MxData {
  uint16_t preference = 0;
  std::string target;  // "mx.example.com." as in the record; "." = null MX
};
absl::StatusOr<MxData> ParseMxData(std::string_view data);

// The data of an SOA record, as found in DnsRecord.data.
struct SoaData {
  std::string mname;
  std::string rname;
  uint32_t serial = 0;
  uint32_t refresh = 0;
  uint32_t retry = 0;
  uint32_t expire = 0;
  uint32_t minimum = 0;
};
absl::StatusOr<SoaData> ParseSoaData(std::string_view data);

// The character-strings of a TXT record, unescaped, as found in
// DnsRecord.data. Join them without separator for SPF (RFC 7208 3.3).
absl::StatusOr<std::vector<std::string>> ParseTxtData(std::string_view data);

}  // namespace ndrdiag::dns

#endif  // NDRDIAG_WORKERS_DNS_DNS_MESSAGE_H_
