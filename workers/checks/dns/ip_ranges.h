// IpRanges: a set of CIDR prefixes (IPv4 and IPv6) and membership tests.
//
// Used for the Exchange Online Protection ranges of dns.mx.ip_in_eop. The
// built-in list is the Microsoft 365 "URLs and IP address ranges" endpoint
// set ID 10 (Exchange Online, SMTP 25), as published at
// https://endpoints.office.com/endpoints/worldwide (snapshot in
// config/eop-ranges.txt, same content); a file given with --eop-ranges
// replaces it (the lab uses its own addresses).
//
// File format: one CIDR per line; blank lines and "#" comments ignored.
// Immutable once built; safe to share across threads.
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_IP_RANGES_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_IP_RANGES_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ndrdiag {

class IpRanges {
 public:
  // INVALID_ARGUMENT naming the bad line ("line 3: 10.0.0.0/33: ...").
  static absl::StatusOr<IpRanges> Parse(absl::string_view text);
  // Reads and parses `path`; NOT_FOUND / INVALID_ARGUMENT naming the file.
  static absl::StatusOr<IpRanges> LoadFile(const std::string& path);
  // The built-in Exchange ID 10 list.
  static const IpRanges& DefaultEop();

  // Whether `address` (IPv4 or IPv6 literal) is in one of the ranges;
  // false for anything that is not an address.
  bool Contains(absl::string_view address) const;
  // The ranges as given, for messages.
  const std::vector<std::string>& texts() const { return texts_; }

 private:
  struct Cidr {
    std::array<unsigned char, 16> bytes{};
    int bits = 0;  // in IPv6 space; IPv4 kept IPv4-mapped (96 + n)
  };
  std::vector<Cidr> cidrs_;
  std::vector<std::string> texts_;
};

// The text of the built-in list (the same as config/eop-ranges.txt).
extern const char kDefaultEopRanges[];

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_IP_RANGES_H_
