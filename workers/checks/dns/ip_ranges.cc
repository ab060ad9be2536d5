#include "workers/checks/dns/ip_ranges.h"

#include <arpa/inet.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ndrdiag {

// Microsoft 365 endpoints, ID 10 "Exchange Online" (TCP 25), worldwide
// instance; https://endpoints.office.com/endpoints/worldwide (CHECKS.md §0
// fact 5). Keep in sync with config/eop-ranges.txt (a unit test compares).
const char kDefaultEopRanges[] =
    "40.92.0.0/15\n"
    "40.107.0.0/16\n"
    "52.100.0.0/14\n"
    "104.47.0.0/17\n"
    "2a01:111:f400::/48\n"
    "2a01:111:f403::/48\n";

namespace {

bool ToBytes(absl::string_view text, std::array<unsigned char, 16>& out,
             bool& v4) {
  std::string s(text);
  unsigned char buf[16] = {};
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
    out.fill(0);
    out[10] = out[11] = 0xff;
    for (int i = 0; i < 4; ++i) out[12 + i] = buf[i];
    v4 = true;
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    for (int i = 0; i < 16; ++i) out[i] = buf[i];
    v4 = false;
    return true;
  }
  return false;
}

bool PrefixMatch(const std::array<unsigned char, 16>& a,
                 const std::array<unsigned char, 16>& b, int bits) {
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const int n = bits >= 8 ? 8 : bits;
    const unsigned char mask = static_cast<unsigned char>(0xff << (8 - n));
    if ((a[i] & mask) != (b[i] & mask)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<IpRanges> IpRanges::Parse(absl::string_view text) {
  IpRanges ranges;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    size_t hash = line.find('#');
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(line, absl::MaxSplits('/', 1));
    Cidr cidr;
    bool v4 = false;
    int bits = 0;
    if (!ToBytes(parts.first, cidr.bytes, v4) ||
        !absl::SimpleAtoi(parts.second, &bits) || bits < 0 ||
        bits > (v4 ? 32 : 128)) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, ": \"", line,
                       "\" is not an IPv4 or IPv6 CIDR (a.b.c.d/n)"));
    }
    cidr.bits = v4 ? 96 + bits : bits;
    ranges.cidrs_.push_back(cidr);
    ranges.texts_.emplace_back(line);
  }
  return ranges;
}

absl::StatusOr<IpRanges> IpRanges::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot be read"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  absl::StatusOr<IpRanges> ranges = Parse(buffer.str());
  if (!ranges.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", ranges.status().message()));
  }
  if (ranges->texts().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": no address range in the file"));
  }
  return ranges;
}

const IpRanges& IpRanges::DefaultEop() {
  static const IpRanges* const kDefault =
      new IpRanges(*IpRanges::Parse(kDefaultEopRanges));
  return *kDefault;
}

bool IpRanges::Contains(absl::string_view address) const {
  std::array<unsigned char, 16> bytes;
  bool v4 = false;
  if (!ToBytes(address, bytes, v4)) return false;
  for (const Cidr& cidr : cidrs_) {
    if (PrefixMatch(bytes, cidr.bytes, cidr.bits)) return true;
  }
  return false;
}

}  // namespace ndrdiag
