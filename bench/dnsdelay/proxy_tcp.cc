// The TCP side of the delaying proxy (see proxy.h): one upstream connection
// per client connection, length-prefixed queries forwarded as they come,
// answers written back when their delay ends.
#include <errno.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

#include "bench/dnsdelay/proxy_internal.h"

namespace ndrdiag::dnsdelay::proxy_internal {

void Proxy::OnAccept() {
  for (int i = 0; i < kReadsPerWakeup; ++i) {
    const int fd =
        accept4(tcp_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    if (connections_.size() >=
        static_cast<size_t>(options_.max_tcp_connections)) {
      close(fd);
      ++stats_.dropped;
      continue;
    }
    const int up = socket(upstream_.family(),
                          SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (up < 0 || (connect(up, reinterpret_cast<sockaddr*>(&upstream_.address),
                           upstream_.length) != 0 &&
                   errno != EINPROGRESS)) {
      if (up >= 0) close(up);
      close(fd);
      ++stats_.dropped;
      continue;
    }
    const uint64_t id = next_connection_++;
    TcpConnection& c = connections_[id];
    c.client_fd = fd;
    c.upstream_fd = up;
    c.upstream_out = true;  // learns when connect() completes
    Watch(fd, Tag(kTcpClient, id), false);
    Watch(up, Tag(kTcpUpstream, id), true);
    ++stats_.tcp_connections;
  }
}

void Proxy::OnTcpClient(uint64_t id, uint32_t events) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  TcpConnection& c = it->second;
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
    for (int i = 0; i < 16; ++i) {
      const ssize_t n = read(c.client_fd, buffer_, sizeof(buffer_));
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        Close(id);  // The client is gone: its answers have nowhere to go.
        return;
      }
      if (n < 0) break;
      c.from_client.append(buffer_, static_cast<size_t>(n));
      if (c.from_client.size() > kMaxTcpBuffer) {
        Close(id);
        return;
      }
    }
    // Whole length-prefixed queries move on; a partial one waits.
    size_t pos = 0;
    while (c.from_client.size() - pos >= 2) {
      const size_t length = static_cast<uint8_t>(c.from_client[pos]) << 8 |
                            static_cast<uint8_t>(c.from_client[pos + 1]);
      if (c.from_client.size() - pos < 2 + length) break;
      c.to_upstream.append(c.from_client, pos, 2 + length);
      pos += 2 + length;
      ++stats_.tcp_queries;
    }
    c.from_client.erase(0, pos);
    if (c.to_upstream.size() > kMaxTcpBuffer) {
      Close(id);
      return;
    }
    FlushUpstream(id, c);
    if (connections_.find(id) == connections_.end()) return;
  }
  if (events & EPOLLOUT) FlushClient(id, c);
}

void Proxy::OnTcpUpstream(uint64_t id, uint32_t events, Clock::time_point now) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  TcpConnection& c = it->second;
  if (!c.upstream_connected && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
    int error = 0;
    socklen_t length = sizeof(error);
    getsockopt(c.upstream_fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
      Close(id);
      return;
    }
    c.upstream_connected = true;
  }
  if (events & EPOLLOUT) {
    FlushUpstream(id, c);
    if (connections_.find(id) == connections_.end()) return;
  }
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
    for (int i = 0; i < 16 && !c.upstream_closed; ++i) {
      const ssize_t n = read(c.upstream_fd, buffer_, sizeof(buffer_));
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
      if (n <= 0) {
        // Upstream hung up (idle timeout): deliver what is held, then close.
        epoll_ctl(epoll_, EPOLL_CTL_DEL, c.upstream_fd, nullptr);
        close(c.upstream_fd);
        c.upstream_fd = -1;
        c.upstream_closed = true;
        break;
      }
      c.from_upstream.append(buffer_, static_cast<size_t>(n));
      if (c.from_upstream.size() > kMaxTcpBuffer) {
        Close(id);
        return;
      }
    }
    size_t pos = 0;
    while (c.from_upstream.size() - pos >= 2) {
      const size_t length = static_cast<uint8_t>(c.from_upstream[pos]) << 8 |
                            static_cast<uint8_t>(c.from_upstream[pos + 1]);
      if (c.from_upstream.size() - pos < 2 + length) break;
      Held held;
      held.tcp = true;
      held.connection = id;
      held.message = c.from_upstream.substr(pos + 2, length);
      held_.Push(now + delay_, std::move(held));
      ++c.held;
      pos += 2 + length;
    }
    c.from_upstream.erase(0, pos);
    MaybeFinish(id, c);
  }
}

void Proxy::FlushUpstream(uint64_t id, TcpConnection& c) {
  if (!c.upstream_connected || c.upstream_closed) return;
  while (!c.to_upstream.empty()) {
    const ssize_t n =
        write(c.upstream_fd, c.to_upstream.data(), c.to_upstream.size());
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      Close(id);
      return;
    }
    c.to_upstream.erase(0, static_cast<size_t>(n));
  }
  const bool want_out = !c.to_upstream.empty();
  if (want_out != c.upstream_out) {
    c.upstream_out = want_out;
    Watch(c.upstream_fd, Tag(kTcpUpstream, id), want_out);
  }
}

void Proxy::FlushClient(uint64_t id, TcpConnection& c) {
  while (!c.to_client.empty()) {
    const ssize_t n =
        write(c.client_fd, c.to_client.data(), c.to_client.size());
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      Close(id);
      return;
    }
    c.to_client.erase(0, static_cast<size_t>(n));
  }
  if (c.to_client.size() > kMaxTcpBuffer) {  // The client does not read.
    Close(id);
    return;
  }
  const bool want_out = !c.to_client.empty();
  if (want_out != c.client_out) {
    c.client_out = want_out;
    Watch(c.client_fd, Tag(kTcpClient, id), want_out);
  }
  MaybeFinish(id, c);
}

void Proxy::MaybeFinish(uint64_t id, TcpConnection& c) {
  if (c.upstream_closed && c.held == 0 && c.to_client.empty()) Close(id);
}

void Proxy::Close(uint64_t id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  close(it->second.client_fd);  // close() also leaves the epoll set
  if (it->second.upstream_fd >= 0) close(it->second.upstream_fd);
  stats_.dropped += it->second.held;
  connections_.erase(it);
}

}  // namespace ndrdiag::dnsdelay::proxy_internal
