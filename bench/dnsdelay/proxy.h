// DelayProxy: a DNS proxy that forwards each query to an upstream resolver
// at once and holds each answer for a fixed delay before sending it back —
// a stand-in for a distant resolver, so that a worker can be benchmarked
// with thousands of diagnoses waiting on DNS (issue 8, the latency-hiding
// bench).
//
// One thread, one epoll loop, one timer queue (DelayQueue); no thread or
// allocation per query beyond the message itself.
//   UDP: every query gets a fresh id (IdTable) on one of a few connected
//        upstream sockets; the answer is matched by (id, question), given
//        back its client's id and sent from the listening socket.
//   TCP: one upstream TCP connection per client connection; queries are
//        forwarded as they come (pipelined), answers keep their ids and are
//        written back in the order their delays end.
// Promises: every read is bounded (datagrams by 64 KiB, TCP buffers by
// kMaxTcpBuffer per connection, connections by max_tcp_connections: beyond
// it new ones are closed at once); queries upstream never answered are
// forgotten after upstream_timeout; nothing but loopback unless
// allow_non_loopback; Stop() is async-signal-safe.
#ifndef NDRDIAG_BENCH_DNSDELAY_PROXY_H_
#define NDRDIAG_BENCH_DNSDELAY_PROXY_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ndrdiag::dnsdelay {

struct ProxyOptions {
  std::string listen = "127.0.0.1:0";  // UDP and TCP; port 0 picks one
  std::string upstream;
  absl::Duration delay = absl::Milliseconds(100);
  int upstream_sockets = 2;  // 65,536 UDP queries in flight each
  absl::Duration upstream_timeout = absl::Seconds(10);
  int max_tcp_connections = 1024;
  bool allow_non_loopback = false;
};

struct ProxyStats {
  std::atomic<uint64_t> udp_queries{0}, udp_answers{0}, tcp_queries{0},
      tcp_answers{0}, dropped{0}, expired{0}, tcp_connections{0};
};

class DelayProxy;
using DelayProxyPtr = std::unique_ptr<DelayProxy>;

class DelayProxy {
 public:
  // Binds the listening sockets and the upstream sockets. INVALID_ARGUMENT
  // for a bad endpoint or a non-loopback one without allow_non_loopback.
  static absl::StatusOr<DelayProxyPtr> Create(const ProxyOptions& options);
  virtual ~DelayProxy() = default;

  // The bound listening port (UDP and TCP).
  virtual int port() const = 0;
  // Serves until Stop(); returns an error only when epoll itself fails.
  virtual absl::Status Run() = 0;
  // Makes Run() return soon; safe from any thread and from a signal handler.
  virtual void Stop() = 0;
  virtual const ProxyStats& stats() const = 0;
};

}  // namespace ndrdiag::dnsdelay

#endif  // NDRDIAG_BENCH_DNSDELAY_PROXY_H_
