// The proxy in-process in front of tiny echo servers on 127.0.0.1 (UDP and
// TCP) that answer every query with itself, QR set: checks the hold time,
// that clients get their own id and question back, and that two clients
// using the same id reach upstream as different (socket, id) pairs.
#include "bench/dnsdelay/proxy.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "bench/dnsdelay/dns_message.h"
#include "gtest/gtest.h"

namespace ndrdiag::dnsdelay {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kDelay = std::chrono::milliseconds(100);
// Sanity bound only: a broken proxy fails instead of hanging.
constexpr int kDeadlineMs = 10000;

std::string Query(uint16_t id, const std::string& label) {
  std::string m = {0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  SetMessageId(m, id);
  m.push_back(static_cast<char>(label.size()));
  m += label;
  m += std::string(
      "\x07"
      "example\x00\x00\x0f\x00\x01",
      13);
  return m;
}

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

int BoundPort(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

bool Readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, timeout_ms) == 1;
}

// Answers each datagram with itself, QR set; records the (source port, id)
// pairs it saw.
class UdpEcho {
 public:
  UdpEcho() {
    fd_ = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address = Loopback(0);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    port_ = BoundPort(fd_);
    thread_ = std::thread([this] {
      while (!stop_) {
        if (!Readable(fd_, 50)) continue;
        char buffer[2048];
        sockaddr_in from{};
        socklen_t length = sizeof(from);
        ssize_t n = recvfrom(fd_, buffer, sizeof(buffer), 0,
                             reinterpret_cast<sockaddr*>(&from), &length);
        if (n < 3) continue;
        buffer[2] = static_cast<char>(buffer[2] | 0x80);
        {
          absl::MutexLock lock(&mutex_);
          ids_.emplace(ntohs(from.sin_port), MessageId(std::string(buffer, n)));
        }
        sendto(fd_, buffer, n, 0, reinterpret_cast<sockaddr*>(&from), length);
      }
    });
  }
  ~UdpEcho() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  std::set<std::pair<int, uint16_t>> ids() {
    absl::MutexLock lock(&mutex_);
    return ids_;
  }

 private:
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  absl::Mutex mutex_;
  std::set<std::pair<int, uint16_t>> ids_ ABSL_GUARDED_BY(mutex_);
};

// Accepts one connection and echoes each length-prefixed message, QR set.
class TcpEcho {
 public:
  TcpEcho() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = Loopback(0);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    listen(listen_fd_, 4);
    port_ = BoundPort(listen_fd_);
    thread_ = std::thread([this] {
      int fd = -1;
      while (!stop_ && fd < 0) {
        if (Readable(listen_fd_, 50)) fd = accept(listen_fd_, nullptr, nullptr);
      }
      std::string in;
      while (!stop_ && fd >= 0) {
        if (!Readable(fd, 50)) continue;
        char buffer[4096];
        ssize_t n = read(fd, buffer, sizeof(buffer));
        if (n <= 0) break;
        in.append(buffer, n);
        while (in.size() >= 2) {
          size_t length =
              static_cast<uint8_t>(in[0]) << 8 | static_cast<uint8_t>(in[1]);
          if (in.size() < 2 + length) break;
          std::string frame = in.substr(0, 2 + length);
          frame[4] = static_cast<char>(frame[4] | 0x80);
          if (write(fd, frame.data(), frame.size()) < 0) break;
          in.erase(0, 2 + length);
        }
      }
      if (fd >= 0) close(fd);
    });
  }
  ~TcpEcho() {
    stop_ = true;
    thread_.join();
    close(listen_fd_);
  }
  int port() const { return port_; }

 private:
  int listen_fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The proxy running on its own thread, stopped and joined at the end.
class RunningProxy {
 public:
  explicit RunningProxy(int upstream_port) {
    ProxyOptions options;
    options.listen = "127.0.0.1:0";
    options.upstream = "127.0.0.1:" + std::to_string(upstream_port);
    options.delay = absl::FromChrono(kDelay);
    absl::StatusOr<DelayProxyPtr> proxy = DelayProxy::Create(options);
    EXPECT_TRUE(proxy.ok()) << proxy.status();
    if (!proxy.ok()) return;
    proxy_ = std::move(*proxy);
    thread_ = std::thread([this] { EXPECT_TRUE(proxy_->Run().ok()); });
  }
  ~RunningProxy() {
    if (!proxy_) return;
    proxy_->Stop();
    thread_.join();
  }
  DelayProxy* get() { return proxy_.get(); }

 private:
  DelayProxyPtr proxy_;
  std::thread thread_;
};

TEST(DelayProxyTest, UdpAnswersAreHeldAndGoBackToTheirClientWithItsId) {
  UdpEcho echo;
  RunningProxy proxy(echo.port());
  ASSERT_NE(proxy.get(), nullptr);
  const sockaddr_in target = Loopback(proxy.get()->port());

  // Two clients, the same id, different questions.
  struct Client {
    int fd;
    std::string query;
    Clock::time_point sent;
  };
  std::vector<Client> clients;
  for (const char* label : {"alpha", "bravo"}) {
    Client c{socket(AF_INET, SOCK_DGRAM, 0), Query(0x4242, label), {}};
    c.sent = Clock::now();
    ASSERT_EQ(
        sendto(c.fd, c.query.data(), c.query.size(), 0,
               reinterpret_cast<const sockaddr*>(&target), sizeof(target)),
        static_cast<ssize_t>(c.query.size()));
    clients.push_back(c);
  }
  for (Client& c : clients) {
    ASSERT_TRUE(Readable(c.fd, kDeadlineMs)) << "no answer";
    char buffer[2048];
    ssize_t n = recv(c.fd, buffer, sizeof(buffer), 0);
    const auto waited = Clock::now() - c.sent;
    std::string answer(buffer, n > 0 ? n : 0);
    EXPECT_GE(waited, kDelay - std::chrono::milliseconds(5));
    EXPECT_EQ(MessageId(answer), 0x4242);
    EXPECT_EQ(*QuestionKey(answer), *QuestionKey(c.query));
    EXPECT_TRUE(static_cast<uint8_t>(answer[2]) & 0x80) << "an answer";
    close(c.fd);
  }
  EXPECT_EQ(echo.ids().size(), 2u)
      << "the two queries reached upstream under different (socket, id)";
  EXPECT_EQ(proxy.get()->stats().udp_answers.load(), 2u);
}

TEST(DelayProxyTest, ManyUdpQueriesInFlightEachAnsweredOnce) {
  UdpEcho echo;
  RunningProxy proxy(echo.port());
  ASSERT_NE(proxy.get(), nullptr);
  const sockaddr_in target = Loopback(proxy.get()->port());
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  constexpr int kQueries = 100;
  for (int i = 0; i < kQueries; ++i) {
    std::string q = Query(static_cast<uint16_t>(i), "n" + std::to_string(i));
    sendto(fd, q.data(), q.size(), 0,
           reinterpret_cast<const sockaddr*>(&target), sizeof(target));
  }
  std::set<uint16_t> ids;
  while (ids.size() < kQueries && Readable(fd, kDeadlineMs)) {
    char buffer[2048];
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    std::string answer(buffer, n > 0 ? n : 0);
    const uint16_t id = MessageId(answer);
    EXPECT_EQ(*QuestionKey(answer),
              *QuestionKey(Query(id, "n" + std::to_string(id))))
        << "answer " << id << " carries its own question";
    EXPECT_TRUE(ids.insert(id).second) << "answered twice: " << id;
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kQueries));
  close(fd);
}

TEST(DelayProxyTest, TcpPipelinedQueriesAreHeldAndAnswered) {
  TcpEcho echo;
  RunningProxy proxy(echo.port());
  ASSERT_NE(proxy.get(), nullptr);
  const sockaddr_in target = Loopback(proxy.get()->port());
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(
      connect(fd, reinterpret_cast<const sockaddr*>(&target), sizeof(target)),
      0);
  std::string out;
  for (uint16_t id : {11, 12}) {
    std::string q = Query(id, "tcp" + std::to_string(id));
    out.push_back(static_cast<char>(q.size() >> 8));
    out.push_back(static_cast<char>(q.size() & 0xff));
    out += q;
  }
  const Clock::time_point sent = Clock::now();
  ASSERT_EQ(write(fd, out.data(), out.size()),
            static_cast<ssize_t>(out.size()));
  std::string in;
  std::vector<uint16_t> ids;
  while (ids.size() < 2 && Readable(fd, kDeadlineMs)) {
    char buffer[4096];
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    if (in.empty()) {
      EXPECT_GE(Clock::now() - sent, kDelay - std::chrono::milliseconds(5));
    }
    in.append(buffer, n);
    while (in.size() >= 2) {
      size_t length =
          static_cast<uint8_t>(in[0]) << 8 | static_cast<uint8_t>(in[1]);
      if (in.size() < 2 + length) break;
      ids.push_back(MessageId(in.substr(2, length)));
      in.erase(0, 2 + length);
    }
  }
  EXPECT_EQ(ids, (std::vector<uint16_t>{11, 12}));
  close(fd);
}

TEST(DelayProxyTest, RefusesNonLoopbackWithoutTheFlag) {
  ProxyOptions options;
  options.upstream = "192.0.2.1:53";  // TEST-NET-1; nothing is sent
  absl::StatusOr<DelayProxyPtr> proxy = DelayProxy::Create(options);
  EXPECT_TRUE(absl::IsInvalidArgument(proxy.status())) << proxy.status();
  options.upstream = "127.0.0.1:53";
  options.listen = "0.0.0.0:0";
  EXPECT_TRUE(absl::IsInvalidArgument(DelayProxy::Create(options).status()));
}

TEST(DelayProxyTest, AGivenPortWhoseTcpIsTakenIsAnErrorNotAnotherPort) {
  // Port 0 lets the proxy pick again when TCP has the UDP port it got in
  // use; a port the caller named is kept, and the error says TCP.
  int taken = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(0);
  ASSERT_EQ(bind(taken, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
            0);
  ASSERT_EQ(listen(taken, 1), 0);
  ProxyOptions options;
  options.listen = "127.0.0.1:" + std::to_string(BoundPort(taken));
  options.upstream = "127.0.0.1:53";
  absl::StatusOr<DelayProxyPtr> proxy = DelayProxy::Create(options);
  EXPECT_TRUE(absl::IsUnavailable(proxy.status())) << proxy.status();
  EXPECT_NE(proxy.status().message().find("bind/listen tcp"),
            absl::string_view::npos)
      << proxy.status();
  close(taken);
}

}  // namespace
}  // namespace ndrdiag::dnsdelay
