#include "workers/net/egress_policy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ndrdiag {
namespace {

using Address = std::array<unsigned char, 16>;

// Debian's Abseil has its own string_view type: headers speak
// std::string_view, Abseil calls need this.
absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }

struct Parsed {
  Address bytes{};
  bool v4 = false;
};

// IPv4 literals become IPv4-mapped IPv6 addresses.
std::optional<Parsed> ParseAddress(std::string_view text) {
  std::string s(text);  // inet_pton wants a NUL-terminated string
  Parsed p;
  unsigned char v4[4];
  if (inet_pton(AF_INET, s.c_str(), v4) == 1) {
    p.bytes[10] = p.bytes[11] = 0xff;
    std::copy(v4, v4 + 4, p.bytes.begin() + 12);
    p.v4 = true;
    return p;
  }
  if (inet_pton(AF_INET6, s.c_str(), p.bytes.data()) == 1) return p;
  return std::nullopt;
}

bool InPrefix(const Address& a, const Address& prefix, int bits) {
  int i = 0;
  for (; bits >= 8; bits -= 8, ++i) {
    if (a[i] != prefix[i]) return false;
  }
  if (bits == 0) return true;
  unsigned char mask = static_cast<unsigned char>(0xff << (8 - bits));
  return (a[i] & mask) == (prefix[i] & mask);
}

struct Range {
  const char* cidr;
  const char* why;
};

// Most specific first: the first match names the range in the message.
constexpr Range kBlockedV4[] = {
    {"169.254.169.254/32", "link-local / cloud metadata"},
    {"0.0.0.0/8", "\"this network\""},
    {"10.0.0.0/8", "private, RFC 1918"},
    {"100.64.0.0/10", "shared address space / CGNAT"},
    {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local"},
    {"172.16.0.0/12", "private, RFC 1918"},
    {"192.0.0.0/24", "IETF protocol assignments"},
    {"192.0.2.0/24", "documentation"},
    {"192.168.0.0/16", "private, RFC 1918"},
    {"198.18.0.0/15", "benchmarking"},
    {"198.51.100.0/24", "documentation"},
    {"203.0.113.0/24", "documentation"},
    {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved, incl. broadcast"},
};
constexpr Range kBlockedV6[] = {
    {"::/128", "unspecified"},
    {"::1/128", "loopback"},
    {"fd00:ec2::254/128", "cloud metadata"},
    {"::/96", "IPv4-compatible, deprecated"},
    {"64:ff9b:1::/48", "local-use NAT64"},
    {"100::/64", "discard-only"},
    {"2001::/32", "Teredo"},
    {"2001:db8::/32", "documentation"},
    {"fc00::/7", "unique local, private"},
    {"fe80::/10", "link-local"},
    {"fec0::/10", "site-local, deprecated"},
    {"ff00::/8", "multicast"},
};

struct ParsedRange {
  Address prefix;
  int bits;  // in IPv6 space
  const Range* range;
};

// Parses "a.b.c.d/n", "v6/n" or a bare address (a host prefix).
std::optional<std::pair<Address, int>> ParseCidr(std::string_view text) {
  std::string_view addr = text;
  std::optional<int> bits;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    absl::string_view digits = AV(text.substr(slash + 1));
    int n;
    if (digits.empty() || digits.size() > 3 ||
        !absl::c_all_of(digits, absl::ascii_isdigit) ||
        !absl::SimpleAtoi(digits, &n)) {
      return std::nullopt;
    }
    bits = n;
  }
  std::optional<Parsed> p = ParseAddress(addr);
  if (!p) return std::nullopt;
  int max = p->v4 ? 32 : 128;
  int n = bits.value_or(max);
  if (n < 0 || n > max) return std::nullopt;
  if (p->v4) n += 96;
  // Host bits are ignored: 127.77.1.0/16 means 127.77.0.0/16.
  for (int i = 0; i < 16; ++i) {
    int keep = std::clamp(n - 8 * i, 0, 8);
    p->bytes[i] &= static_cast<unsigned char>(0xff00 >> keep);
  }
  return std::make_pair(p->bytes, n);
}

template <size_t N>
std::vector<ParsedRange> ParseTable(const Range (&table)[N]) {
  std::vector<ParsedRange> out;
  for (const Range& r : table) {
    auto cidr = ParseCidr(r.cidr);
    out.push_back(ParsedRange{cidr->first, cidr->second, &r});
  }
  return out;
}

const ParsedRange* Find(const std::vector<ParsedRange>& ranges,
                        const Address& a) {
  for (const ParsedRange& r : ranges) {
    if (InPrefix(a, r.prefix, r.bits)) return &r;
  }
  return nullptr;
}

std::string V4Text(const Address& mapped) {
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, mapped.data() + 12, buf, sizeof(buf));
  return buf;
}

Address Mapped(const unsigned char* v4) {
  Address a{};
  a[10] = a[11] = 0xff;
  std::copy(v4, v4 + 4, a.begin() + 12);
  return a;
}

absl::Status Denied(absl::string_view what, const Range& range) {
  return absl::PermissionDeniedError(
      absl::StrCat(what, " is in ", range.cidr, " (", range.why,
                   "); allow with --allow-cidr"));
}

}  // namespace

absl::StatusOr<EgressPolicy> EgressPolicy::Create(
    const std::vector<std::string>& allow_cidrs) {
  EgressPolicy policy;
  for (const std::string& entry : allow_cidrs) {
    auto cidr = ParseCidr(entry);
    if (!cidr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--allow-cidr ", entry,
          ": not an address or CIDR (IPv4 prefix 0..32, IPv6 0..128)"));
    }
    policy.allow_.push_back(Cidr{cidr->first, cidr->second});
  }
  return policy;
}

absl::Status EgressPolicy::Check(std::string_view address) const {
  std::optional<Parsed> p = ParseAddress(address);
  if (!p) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", AV(address), "\" is not an IP address"));
  }
  const Address& a = p->bytes;

  // IPv6 forms that carry an IPv4 address are judged by that address: a
  // packet to them ends up there (dual-stack sockets, NAT64, 6to4 relays).
  static const Address kMappedPrefix = ParseCidr("::ffff:0:0/96")->first;
  static const Address kNat64Prefix = ParseCidr("64:ff9b::/96")->first;
  static const Address k6to4Prefix = ParseCidr("2002::/16")->first;
  std::optional<Address> v4;
  const char* form = nullptr;
  if (InPrefix(a, kMappedPrefix, 96)) {
    v4 = a;
    if (!p->v4) form = "IPv4-mapped";
  } else if (InPrefix(a, kNat64Prefix, 96)) {
    v4 = Mapped(a.data() + 12);
    form = "NAT64";
  } else if (InPrefix(a, k6to4Prefix, 16)) {
    v4 = Mapped(a.data() + 2);
    form = "6to4";
  }

  for (const Cidr& allow : allow_) {
    if (InPrefix(a, allow.bytes, allow.bits)) return absl::OkStatus();
    if (v4 && InPrefix(*v4, allow.bytes, allow.bits)) return absl::OkStatus();
  }

  static const std::vector<ParsedRange> kV4 = ParseTable(kBlockedV4);
  static const std::vector<ParsedRange> kV6 = ParseTable(kBlockedV6);
  if (!v4) {
    if (const ParsedRange* r = Find(kV6, a)) {
      return Denied(AV(address), *r->range);
    }
    return absl::OkStatus();
  }
  if (const ParsedRange* r = Find(kV4, *v4)) {
    if (form == nullptr) return Denied(AV(address), *r->range);
    return Denied(absl::StrCat(AV(address), " (the ", form, " form of ",
                               V4Text(*v4), ")"),
                  *r->range);
  }
  return absl::OkStatus();
}

}  // namespace ndrdiag
