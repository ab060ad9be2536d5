// EgressPolicy: which addresses a worker may send packets to.
//
// Probes follow untrusted DNS data, so by default they never reach loopback,
// private (RFC 1918, fc00::/7), CGNAT (100.64/10), link-local (incl. the
// cloud metadata address 169.254.169.254), multicast, unspecified,
// documentation/benchmark ranges or IPv4-mapped/compatible forms of those.
// Explicit --allow-cidr ranges open addresses (the lab and tests use
// 127.77.0.0/16); configured recursive resolvers are trusted configuration
// and are not checked here.
//
// Immutable after construction; safe to share across threads.
#ifndef NDRDIAG_WORKERS_NET_EGRESS_POLICY_H_
#define NDRDIAG_WORKERS_NET_EGRESS_POLICY_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ndrdiag {

class EgressPolicy {
 public:
  // INVALID_ARGUMENT naming the bad entry ("--allow-cidr 10.0.0.0/33: ...").
  static absl::StatusOr<EgressPolicy> Create(
      const std::vector<std::string>& allow_cidrs);

  // OK when `address` (IPv4 or IPv6 literal, no port) may be contacted;
  // PERMISSION_DENIED saying which blocked range holds it otherwise
  // ("127.0.0.1 is in 127.0.0.0/8 (loopback); allow with --allow-cidr"),
  // INVALID_ARGUMENT when it is not an address.
  absl::Status Check(std::string_view address) const;

 private:
  // A prefix in IPv6 space; IPv4 prefixes are kept in their IPv4-mapped form
  // (::ffff:a.b.c.d/96+n) so one comparison serves both families.
  struct Cidr {
    std::array<unsigned char, 16> bytes{};
    int bits = 0;
  };
  std::vector<Cidr> allow_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_NET_EGRESS_POLICY_H_
