// FakeDnsServer: a programmable DNS server for tests, on a loopback address.
//
// Answers the faults real servers (and the lab) will not produce on demand:
// silence, SERVFAIL, REFUSED, truncation (TC=1 over UDP, the full answer
// over TCP), garbage, a reply with the wrong id, a late reply. It listens on
// UDP and TCP on the same free port of 127.0.0.1 (or another loopback
// address) and serves from its own thread, so the code under test runs
// unchanged on its own event loop.
//
//   auto server = FakeDnsServer::Start();
//   (*server)->Set("example.com", DnsType::kMx,
//                  {.answers = {{"example.com.", DnsType::kMx, 300,
//                                "10 mx.example.com."}}});
//   ... resolve against (*server)->address() ...
//   EXPECT_EQ((*server)->QueryCount("example.com", DnsType::kMx), 1);
//
// Every question received is counted (UDP and TCP alike), so a test can
// prove that something was, or was not, sent. All methods are thread-safe.
#ifndef NDRDIAG_TESTS_SUPPORT_FAKE_DNS_SERVER_H_
#define NDRDIAG_TESTS_SUPPORT_FAKE_DNS_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "workers/dns/dns_resolver.h"

namespace ndrdiag {

class FakeDnsServer {
 public:
  // What goes wrong with the reply.
  enum class Fault {
    kNone,
    kNoReply,    // the question is counted, nothing is sent
    kServfail,   // rcode SERVFAIL, no records
    kRefused,    // rcode REFUSED, no records
    kTruncated,  // UDP: TC=1 and no records; TCP: the full answer
    kGarbage,    // the right id and question, then records that do not parse
    kWrongId,    // the full answer with another id (a client ignores it)
    kDelay,      // the full answer after Answer::delay
  };

  // One record; `data` in presentation form as in v1::DnsRecord ("10
  // mx.example.com." for MX, quoted strings for TXT, "\# 2 abcd" for any).
  struct Record {
    std::string name;
    DnsType type = DnsType::kA;
    uint32_t ttl = 300;
    std::string data;
  };

  struct Answer {
    uint16_t rcode = 0;  // NOERROR
    bool authoritative = true;
    std::vector<Record> answers;
    std::vector<Record> authority;
    Fault fault = Fault::kNone;
    absl::Duration delay = absl::ZeroDuration();  // for kDelay
  };

  // A question as received.
  struct Received {
    std::string qname;  // lower case, trailing dot
    uint16_t qtype = 0;
    bool recursion_desired = false;
    bool tcp = false;
    bool edns = false;
  };

  // Binds UDP and TCP on one free port of `ip` (or on `port` when not 0,
  // so that servers on several loopback addresses can share the port the
  // probes use for every authoritative server) and starts serving.
  static absl::StatusOr<std::unique_ptr<FakeDnsServer>> Start(
      std::string ip = "127.0.0.1", uint16_t port = 0);
  ~FakeDnsServer();
  FakeDnsServer(const FakeDnsServer&) = delete;
  FakeDnsServer& operator=(const FakeDnsServer&) = delete;

  // "127.0.0.1:PORT".
  std::string address() const;
  const std::string& ip() const { return ip_; }
  uint16_t port() const { return port_; }

  // Programs the reply to (qname, type); `qname` with or without the dot,
  // any case.
  void Set(std::string_view qname, DnsType type, Answer answer);
  // The reply to questions without a rule (initially: REFUSED, no AA).
  void SetDefault(Answer answer);

  // A zone under the parent "test", all of it served here: `domain`'s MX
  // records are `mx` ("0 target."), its one name server ns1.<domain> is this
  // server (127.0.0.1, asked on its port as authoritative), and the parent's
  // delegation can be read.
  void ServeTestZone(const std::string& domain,
                     const std::vector<std::string>& mx);
  // An A record of `name`.
  void ServeHost(const std::string& name, const std::string& v4);

  int QueryCount(std::string_view qname, DnsType type) const;
  int TotalQueries() const;
  std::vector<Received> received() const;

 private:
  FakeDnsServer(std::string ip, uint16_t port, int udp_fd, int tcp_fd,
                int wake_fd);
  void Serve();
  // Builds the reply to `query` (already parsed as `question`), or "" for
  // none. Sets *delay for kDelay.
  std::string Reply(std::string_view query, bool tcp, absl::Duration* delay);

  const std::string ip_;
  const uint16_t port_;
  const int udp_fd_;
  const int tcp_fd_;
  const int wake_fd_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Answer> rules_ ABSL_GUARDED_BY(mu_);
  Answer default_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> counts_ ABSL_GUARDED_BY(mu_);
  std::vector<Received> received_ ABSL_GUARDED_BY(mu_);

  std::thread thread_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_TESTS_SUPPORT_FAKE_DNS_SERVER_H_
