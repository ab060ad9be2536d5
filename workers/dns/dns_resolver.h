// DnsResolver: asks one DNS question of one server and records the exchange.
//
// Probes never see a "resolved" answer without its provenance: every answer
// comes back as a v1::DnsExchange (server asked, question, rcode, flags,
// records with TTLs, elapsed time, or the error). Rules read those records.
//
// Two ways to ask:
//  - Recursive(): through the configured recursive resolvers (RD=1), trying
//    them in order until one answers (a SERVFAIL/REFUSED answer is an answer
//    and is returned as is); these servers are trusted configuration.
//  - Direct(): to one given address with RD=0 (authoritative servers found
//    in DNS data). The egress policy is applied first: a refused address
//    completes at once with error "blocked by egress policy: ..." and no
//    packet is sent.
//
// Every question has a deadline (per-try timeout x tries); the callback runs
// exactly once, on the event loop thread, possibly before the call returns
// (e.g. when blocked by policy). No caching: each question goes to the wire.
//
// Threading and lifetime: create, call and destroy a resolver on its loop's
// thread (or while the loop is not running). Destroying it drops the
// questions still outstanding: their callbacks are destroyed without being
// run. Do not destroy it from inside one of its own callbacks.
#ifndef NDRDIAG_WORKERS_DNS_DNS_RESOLVER_H_
#define NDRDIAG_WORKERS_DNS_DNS_RESOLVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {

class EventLoop;
class EgressPolicy;

// Record types the probes ask for (RFC 1035 / 3596 numbers).
enum class DnsType : uint16_t {
  kA = 1,
  kNs = 2,
  kCname = 5,
  kSoa = 6,
  kMx = 15,
  kTxt = 16,
  kAaaa = 28,
};
// "A", "MX", ...
const char* DnsTypeName(DnsType type);

struct DnsQuestion {
  std::string name;  // A-labels; a trailing dot is optional
  DnsType type = DnsType::kA;
};

struct ResolverOptions {
  // "IP" or "IP:port" ("[v6]:port" for IPv6); empty = the system's
  // resolvers from /etc/resolv.conf.
  std::vector<std::string> recursive_servers;
  absl::Duration query_timeout = absl::Seconds(2);
  int tries = 2;  // per server
};

class DnsResolver {
 public:
  using Callback = std::function<void(v1::DnsExchange)>;
  virtual ~DnsResolver() = default;

  virtual void Recursive(const DnsQuestion& question, Callback done) = 0;
  // `server` is "IP" (port 53) or "IP:port".
  virtual void Direct(const std::string& server, const DnsQuestion& question,
                      Callback done) = 0;

  // Servers Recursive() uses, "IP:port".
  virtual std::vector<std::string> recursive_servers() const = 0;
};
using DnsResolverPtr = std::unique_ptr<DnsResolver>;

// c-ares implementation on `loop`. `egress` must outlive the resolver.
// INVALID_ARGUMENT for a malformed server; UNAVAILABLE when no resolver is
// configured and none is found in /etc/resolv.conf.
absl::StatusOr<DnsResolverPtr> NewAresResolver(EventLoop& loop,
                                               const EgressPolicy& egress,
                                               const ResolverOptions& options);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_DNS_DNS_RESOLVER_H_
