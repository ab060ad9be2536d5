#include "bench/dnsdelay/proxy.h"

#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bench/dnsdelay/dns_message.h"
#include "bench/dnsdelay/proxy_internal.h"

namespace ndrdiag::dnsdelay {
namespace proxy_internal {
namespace {

absl::Status Errno(const std::string& what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", strerror(errno)));
}

}  // namespace

Proxy::~Proxy() {
  for (auto& [id, c] : connections_) {
    close(c.client_fd);
    if (c.upstream_fd >= 0) close(c.upstream_fd);
  }
  for (int fd : upstream_udp_) close(fd);
  for (int fd : {epoll_, stop_fd_, udp_, tcp_}) {
    if (fd >= 0) close(fd);
  }
}

absl::Status Proxy::Init() {
  absl::StatusOr<Endpoint> listen = ParseEndpoint(options_.listen);
  if (!listen.ok()) return listen.status();
  absl::StatusOr<Endpoint> upstream = ParseEndpoint(options_.upstream);
  if (!upstream.ok()) return upstream.status();
  upstream_ = *upstream;
  if (!options_.allow_non_loopback &&
      (!listen->IsLoopback() || !upstream_.IsLoopback())) {
    return absl::InvalidArgumentError(
        "--listen and --upstream must be loopback addresses (127.0.0.0/8, "
        "::1) unless --allow-non-loopback");
  }
  if (upstream_.port() == 0) {
    return absl::InvalidArgumentError("--upstream needs a port");
  }
  if (options_.delay < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--delay must not be negative");
  }
  if (options_.upstream_sockets < 1 || options_.upstream_sockets > 64) {
    return absl::InvalidArgumentError("--upstream-sockets must be 1..64");
  }
  delay_ = absl::ToChronoNanoseconds(options_.delay);

  if (absl::Status s = BindListeners(*listen); !s.ok()) return s;

  tables_.resize(options_.upstream_sockets);
  for (int i = 0; i < options_.upstream_sockets; ++i) {
    int fd = socket(upstream_.family(),
                    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return Errno("socket");
    upstream_udp_.push_back(fd);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kSocketBuffer, sizeof(int));
    // Connected: the kernel drops datagrams from anyone but upstream.
    if (connect(fd, reinterpret_cast<sockaddr*>(&upstream_.address),
                upstream_.length) != 0) {
      return Errno(absl::StrCat("connect udp ", upstream_.ToString()));
    }
  }

  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_ < 0 || stop_fd_ < 0) return Errno("epoll/eventfd");
  Watch(stop_fd_, Tag(kStopFd), false);
  Watch(udp_, Tag(kUdpListen), false);
  Watch(tcp_, Tag(kTcpListen), false);
  for (size_t i = 0; i < upstream_udp_.size(); ++i) {
    Watch(upstream_udp_[i], Tag(kUpstreamUdp, i), false);
  }
  return absl::OkStatus();
}

absl::Status Proxy::BindListeners(const Endpoint& listen) {
  constexpr int kPicks = 16;
  for (int pick = 1;; ++pick) {
    for (int* fd : {&udp_, &tcp_}) {
      if (*fd >= 0) close(*fd);
      *fd = -1;
    }
    udp_ =
        socket(listen.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (udp_ < 0) return Errno("socket");
    setsockopt(udp_, SOL_SOCKET, SO_RCVBUF, &kSocketBuffer, sizeof(int));
    setsockopt(udp_, SOL_SOCKET, SO_SNDBUF, &kSocketBuffer, sizeof(int));
    if (bind(udp_, reinterpret_cast<const sockaddr*>(&listen.address),
             listen.length) != 0) {
      return Errno(absl::StrCat("bind udp ", listen.ToString()));
    }
    Endpoint bound = listen;
    getsockname(udp_, reinterpret_cast<sockaddr*>(&bound.address),
                &bound.length);
    port_ = bound.port();

    tcp_ =
        socket(listen.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (tcp_ < 0) return Errno("socket");
    const int one = 1;
    setsockopt(tcp_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(tcp_, reinterpret_cast<sockaddr*>(&bound.address), bound.length) ==
            0 &&
        ::listen(tcp_, 1024) == 0) {
      return absl::OkStatus();
    }
    if (errno != EADDRINUSE || listen.port() != 0 || pick == kPicks) {
      return Errno(absl::StrCat("bind/listen tcp ", bound.ToString()));
    }
  }
}

void Proxy::Watch(int fd, uint64_t tag, bool out) {
  epoll_event event{};
  event.events = EPOLLIN | (out ? uint32_t{EPOLLOUT} : 0u);
  event.data.u64 = tag;
  if (epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &event) != 0) {
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
  }
}

void Proxy::Stop() {
  stopping_.store(true);
  const uint64_t one = 1;
  // Async-signal-safe; the result does not matter (the flag is set).
  [[maybe_unused]] ssize_t n = write(stop_fd_, &one, sizeof(one));
}

int Proxy::TimeoutMs(Clock::time_point now) const {
  Clock::time_point wake = next_expiry_;
  if (std::optional<Clock::time_point> due = held_.NextDue(); due) {
    wake = std::min(wake, *due);
  }
  if (wake <= now) return 0;
  // Rounded up: waking early would only spin, never release early.
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(wake - now);
  return static_cast<int>(std::min<int64_t>(wait.count(), 1000));
}

absl::Status Proxy::Run() {
  epoll_event events[256];
  next_expiry_ = Clock::now() + std::chrono::seconds(1);
  while (!stopping_.load()) {
    const int n = epoll_wait(epoll_, events, 256, TimeoutMs(Clock::now()));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("epoll_wait");
    }
    const Clock::time_point now = Clock::now();
    for (int i = 0; i < n; ++i) {
      const uint64_t tag = events[i].data.u64;
      switch (KindOf(tag)) {
        case kStopFd:
          break;
        case kUdpListen:
          OnUdpQueries(now);
          break;
        case kUpstreamUdp:
          OnUpstreamUdp(ValueOf(tag), now);
          break;
        case kTcpListen:
          OnAccept();
          break;
        case kTcpClient:
          OnTcpClient(ValueOf(tag), events[i].events);
          break;
        case kTcpUpstream:
          OnTcpUpstream(ValueOf(tag), events[i].events, now);
          break;
      }
    }
    Release(Clock::now());
    if (now >= next_expiry_) {
      const auto cutoff =
          now - absl::ToChronoNanoseconds(options_.upstream_timeout);
      for (IdTable& table : tables_) {
        stats_.expired += table.ExpireBefore(cutoff);
      }
      next_expiry_ = now + std::chrono::seconds(1);
    }
  }
  return absl::OkStatus();
}

void Proxy::OnUdpQueries(Clock::time_point now) {
  for (int i = 0; i < kReadsPerWakeup; ++i) {
    PendingQuery query;
    query.client_length = sizeof(query.client);
    const ssize_t n = recvfrom(udp_, buffer_, sizeof(buffer_), 0,
                               reinterpret_cast<sockaddr*>(&query.client),
                               &query.client_length);
    if (n < 0) return;  // EAGAIN, or an error the next read reports again
    std::string message(buffer_, static_cast<size_t>(n));
    absl::StatusOr<std::string> question = QuestionKey(message);
    // Only queries (QR=0) are forwarded.
    if (!question.ok() || (static_cast<uint8_t>(message[2]) & 0x80) != 0) {
      ++stats_.dropped;
      continue;
    }
    ++stats_.udp_queries;
    query.client_id = MessageId(message);
    query.question = *question;
    query.sent = now;
    const size_t index = next_table_++ % tables_.size();
    std::optional<uint16_t> id = tables_[index].Allocate(std::move(query));
    if (!id) {  // 65,536 in flight on this socket: the query is lost.
      ++stats_.dropped;
      continue;
    }
    SetMessageId(message, *id);
    if (send(upstream_udp_[index], message.data(), message.size(), 0) < 0) {
      tables_[index].Take(*id, *question);
      ++stats_.dropped;
    }
  }
}

void Proxy::OnUpstreamUdp(size_t index, Clock::time_point now) {
  for (int i = 0; i < kReadsPerWakeup; ++i) {
    const ssize_t n = recv(upstream_udp_[index], buffer_, sizeof(buffer_), 0);
    if (n < 0) {
      // ECONNREFUSED (nothing listens upstream) is reported once per
      // datagram; keep reading the others.
      if (errno == ECONNREFUSED) continue;
      return;
    }
    std::string message(buffer_, static_cast<size_t>(n));
    absl::StatusOr<std::string> question = QuestionKey(message);
    std::optional<PendingQuery> query;
    if (question.ok()) {
      query = tables_[index].Take(MessageId(message), *question);
    }
    if (!query) {  // Late (expired), stray or malformed.
      ++stats_.dropped;
      continue;
    }
    SetMessageId(message, query->client_id);
    Held held;
    held.client = query->client;
    held.client_length = query->client_length;
    held.message = std::move(message);
    held_.Push(now + delay_, std::move(held));
  }
}

void Proxy::Release(Clock::time_point now) {
  for (Held& held : held_.PopDue(now, kReleasesPerTurn)) {
    if (!held.tcp) {
      if (sendto(udp_, held.message.data(), held.message.size(), 0,
                 reinterpret_cast<sockaddr*>(&held.client),
                 held.client_length) < 0) {
        ++stats_.dropped;
      } else {
        ++stats_.udp_answers;
      }
      continue;
    }
    auto it = connections_.find(held.connection);
    if (it == connections_.end()) continue;  // counted when it closed
    TcpConnection& c = it->second;
    --c.held;
    const size_t length = held.message.size();
    c.to_client.push_back(static_cast<char>(length >> 8));
    c.to_client.push_back(static_cast<char>(length & 0xff));
    c.to_client.append(held.message);
    ++stats_.tcp_answers;
    FlushClient(held.connection, c);
  }
}

}  // namespace proxy_internal

absl::StatusOr<DelayProxyPtr> DelayProxy::Create(const ProxyOptions& options) {
  auto proxy = std::make_unique<proxy_internal::Proxy>(options);
  if (absl::Status status = proxy->Init(); !status.ok()) return status;
  return proxy;
}

}  // namespace ndrdiag::dnsdelay
