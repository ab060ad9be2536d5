// The delaying proxy's implementation class, shared by proxy.cc (set-up,
// the loop, UDP, the timer queue) and proxy_tcp.cc (the TCP side); not for
// other users — the interface is proxy.h.
#ifndef NDRDIAG_BENCH_DNSDELAY_PROXY_INTERNAL_H_
#define NDRDIAG_BENCH_DNSDELAY_PROXY_INTERNAL_H_

#include <netinet/in.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/dnsdelay/delay_queue.h"
#include "bench/dnsdelay/endpoint.h"
#include "bench/dnsdelay/id_table.h"
#include "bench/dnsdelay/proxy.h"

namespace ndrdiag::dnsdelay::proxy_internal {

inline constexpr size_t kMaxDatagram = 65535;
// Per connection and direction: a client that sends faster than upstream
// reads, or does not read its answers, is cut off here.
inline constexpr size_t kMaxTcpBuffer = size_t{1} << 20;
inline constexpr int kReadsPerWakeup = 256;
inline constexpr size_t kReleasesPerTurn = 4096;
inline constexpr int kSocketBuffer = 8 << 20;

// epoll_event.data.u64: what the descriptor is (top byte) and which one.
enum Kind : uint64_t {
  kStopFd = 1,
  kUdpListen,
  kTcpListen,
  kUpstreamUdp,
  kTcpClient,
  kTcpUpstream
};
inline uint64_t Tag(Kind kind, uint64_t value = 0) {
  return kind << 56 | value;
}
inline Kind KindOf(uint64_t tag) { return static_cast<Kind>(tag >> 56); }
inline uint64_t ValueOf(uint64_t tag) {
  return tag & ((uint64_t{1} << 56) - 1);
}

// An answer waiting for its delay to end.
struct Held {
  bool tcp = false;
  uint64_t connection = 0;  // TCP
  sockaddr_in6 client{};    // UDP (either family fits)
  socklen_t client_length = 0;
  std::string message;  // without the TCP length prefix
};

struct TcpConnection {
  int client_fd = -1;
  int upstream_fd = -1;
  bool upstream_connected = false;
  bool upstream_closed = false;
  bool client_out = false;  // EPOLLOUT registered
  bool upstream_out = false;
  std::string from_client, to_upstream, from_upstream, to_client;
  size_t held = 0;  // answers in the delay queue
};

class Proxy : public DelayProxy {
 public:
  explicit Proxy(const ProxyOptions& options) : options_(options) {}
  ~Proxy() override;

  absl::Status Init();
  // Binds udp_ and tcp_ to the same `listen` port. With port 0 the kernel
  // picks a free UDP port, which TCP may have in use: then another pick.
  absl::Status BindListeners(const Endpoint& listen);
  int port() const override { return port_; }
  absl::Status Run() override;
  void Stop() override;
  const ProxyStats& stats() const override { return stats_; }

 private:
  void Watch(int fd, uint64_t tag, bool out);
  void OnUdpQueries(Clock::time_point now);
  void OnUpstreamUdp(size_t index, Clock::time_point now);
  void OnAccept();
  void OnTcpClient(uint64_t id, uint32_t events);
  void OnTcpUpstream(uint64_t id, uint32_t events, Clock::time_point now);
  void FlushUpstream(uint64_t id, TcpConnection& c);
  void FlushClient(uint64_t id, TcpConnection& c);
  void MaybeFinish(uint64_t id, TcpConnection& c);
  void Close(uint64_t id);
  void Release(Clock::time_point now);
  int TimeoutMs(Clock::time_point now) const;

  ProxyOptions options_;
  Clock::duration delay_{};
  Endpoint upstream_;
  int port_ = 0;
  int epoll_ = -1, stop_fd_ = -1, udp_ = -1, tcp_ = -1;
  std::vector<int> upstream_udp_;
  std::vector<IdTable> tables_;
  size_t next_table_ = 0;
  std::unordered_map<uint64_t, TcpConnection> connections_;
  uint64_t next_connection_ = 1;
  DelayQueue<Held> held_;
  Clock::time_point next_expiry_{};
  std::atomic<bool> stopping_{false};
  ProxyStats stats_;
  char buffer_[kMaxDatagram + 1];
};

}  // namespace ndrdiag::dnsdelay::proxy_internal

#endif  // NDRDIAG_BENCH_DNSDELAY_PROXY_INTERNAL_H_
