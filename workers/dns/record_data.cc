// The presentation-form side of dns_message.h: mnemonics, and reading
// record data (as rendered by the parser) back into fields for the rules.
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "workers/dns/dns_message.h"
#include "workers/dns/dns_resolver.h"

namespace ndrdiag::dns {
namespace {

// Debian's Abseil has its own string_view type: headers speak
// std::string_view, Abseil calls need this.
absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace

std::string RcodeName(uint16_t rcode) {
  static constexpr const char* kNames[] = {
      "NOERROR",  "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
      "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE", "DSOTYPENI"};
  if (rcode < std::size(kNames)) return kNames[rcode];
  if (rcode == 16) return "BADVERS";
  if (rcode == 23) return "BADCOOKIE";
  return absl::StrCat("RCODE", rcode);
}

std::string TypeName(uint16_t type) {
  switch (type) {
    case 1:
      return "A";
    case 2:
      return "NS";
    case 5:
      return "CNAME";
    case 6:
      return "SOA";
    case 12:
      return "PTR";
    case 15:
      return "MX";
    case 16:
      return "TXT";
    case 28:
      return "AAAA";
    case 33:
      return "SRV";
    case 39:
      return "DNAME";
    case 41:
      return "OPT";
    case 43:
      return "DS";
    case 46:
      return "RRSIG";
    case 47:
      return "NSEC";
    case 48:
      return "DNSKEY";
    case 50:
      return "NSEC3";
    case 52:
      return "TLSA";
    case 64:
      return "SVCB";
    case 65:
      return "HTTPS";
    case 257:
      return "CAA";
    default:
      return absl::StrCat("TYPE", type);
  }
}

absl::StatusOr<MxData> ParseMxData(std::string_view text) {
  absl::string_view data = AV(text);
  std::vector<absl::string_view> parts = absl::StrSplit(data, ' ');
  uint32_t preference;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &preference) ||
      preference > 0xFFFF || parts[1].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not MX data: \"", data, "\""));
  }
  return MxData{static_cast<uint16_t>(preference), std::string(parts[1])};
}

absl::StatusOr<SoaData> ParseSoaData(std::string_view text) {
  absl::string_view data = AV(text);
  std::vector<absl::string_view> parts = absl::StrSplit(data, ' ');
  SoaData soa;
  if (parts.size() != 7 || parts[0].empty() || parts[1].empty() ||
      !absl::SimpleAtoi(parts[2], &soa.serial) ||
      !absl::SimpleAtoi(parts[3], &soa.refresh) ||
      !absl::SimpleAtoi(parts[4], &soa.retry) ||
      !absl::SimpleAtoi(parts[5], &soa.expire) ||
      !absl::SimpleAtoi(parts[6], &soa.minimum)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not SOA data: \"", data, "\""));
  }
  soa.mname = std::string(parts[0]);
  soa.rname = std::string(parts[1]);
  return soa;
}

absl::StatusOr<std::vector<std::string>> ParseTxtData(std::string_view text) {
  absl::string_view data = AV(text);
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("not TXT data: \"", data, "\""));
  };
  std::vector<std::string> strings;
  if (data == "\\# 0") return strings;  // a TXT record without strings
  size_t i = 0;
  while (i < data.size()) {
    if (!strings.empty()) {
      if (data[i] != ' ') return bad();
      ++i;
    }
    if (i >= data.size() || data[i] != '"') return bad();
    ++i;
    std::string s;
    while (true) {
      if (i >= data.size()) return bad();
      char c = data[i++];
      if (c == '"') break;
      if (c != '\\') {
        s.push_back(c);
        continue;
      }
      if (i >= data.size()) return bad();
      if (absl::ascii_isdigit(data[i])) {
        int v = 0;
        for (int k = 0; k < 3; ++k, ++i) {
          if (i >= data.size() || !absl::ascii_isdigit(data[i])) return bad();
          v = v * 10 + (data[i] - '0');
        }
        if (v > 255) return bad();
        s.push_back(static_cast<char>(v));
      } else {
        s.push_back(data[i++]);
      }
    }
    strings.push_back(std::move(s));
  }
  if (strings.empty()) return bad();
  return strings;
}

}  // namespace ndrdiag::dns

namespace ndrdiag {

const char* DnsTypeName(DnsType type) {
  switch (type) {
    case DnsType::kA:
      return "A";
    case DnsType::kNs:
      return "NS";
    case DnsType::kCname:
      return "CNAME";
    case DnsType::kSoa:
      return "SOA";
    case DnsType::kMx:
      return "MX";
    case DnsType::kTxt:
      return "TXT";
    case DnsType::kAaaa:
      return "AAAA";
  }
  return "?";
}

}  // namespace ndrdiag
