// The c-ares resolver on a real epoll loop against FakeDnsServer on
// 127.0.0.1: every answer and fault below crosses real UDP/TCP sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/fake_dns_server.h"
#include "workers/dns/dns_message.h"
#include "workers/dns/dns_resolver.h"
#include "workers/loop/event_loop.h"
#include "workers/net/egress_policy.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using Fault = FakeDnsServer::Fault;
using Answer = FakeDnsServer::Answer;

constexpr absl::Duration kDeadline = absl::Seconds(30);

class AresResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* server : {&server1_, &server2_}) {
      absl::StatusOr<std::unique_ptr<FakeDnsServer>> s = FakeDnsServer::Start();
      ASSERT_TRUE(s.ok()) << s.status();
      *server = *std::move(s);
    }
    loop_ = NewEpollEventLoop();
    thread_ = std::thread([this] { loop_->Run(); });
  }

  void TearDown() override {
    if (loop_ == nullptr) return;
    OnLoop([this] { resolver_.reset(); });  // loop-thread only
    loop_->Stop();
    thread_.join();
  }

  // Runs `fn` on the loop thread and waits for it.
  void OnLoop(std::function<void()> fn) {
    absl::Notification done;
    loop_->Post([&] {
      fn();
      done.Notify();
    });
    ASSERT_TRUE(done.WaitForNotificationWithTimeout(kDeadline));
  }

  absl::Status MakeResolver(std::vector<std::string> servers,
                            std::vector<std::string> allow = {},
                            absl::Duration timeout = absl::Seconds(2),
                            int tries = 2) {
    OnLoop([this] { resolver_.reset(); });  // it refers to egress_
    absl::StatusOr<EgressPolicy> policy = EgressPolicy::Create(allow);
    if (!policy.ok()) return policy.status();
    egress_ = std::make_unique<EgressPolicy>(*std::move(policy));
    ResolverOptions options;
    options.recursive_servers = std::move(servers);
    options.query_timeout = timeout;
    options.tries = tries;
    absl::Status status;
    OnLoop([&] {
      absl::StatusOr<DnsResolverPtr> r =
          NewAresResolver(*loop_, *egress_, options);
      status = r.status();
      if (r.ok()) resolver_ = *std::move(r);
    });
    return status;
  }

  // Asks on the loop thread and waits for the one callback.
  v1::DnsExchange Ask(
      std::function<void(DnsResolver&, DnsResolver::Callback)> ask) {
    auto result = std::make_shared<v1::DnsExchange>();
    auto calls = std::make_shared<std::atomic<int>>(0);
    auto done = std::make_shared<absl::Notification>();
    OnLoop([&] {
      ask(*resolver_, [=](v1::DnsExchange exchange) {
        if (++*calls == 1) {
          *result = std::move(exchange);
          done->Notify();
        }
      });
    });
    EXPECT_TRUE(done->WaitForNotificationWithTimeout(kDeadline))
        << "no answer within the deadline";
    OnLoop([] {});  // a second callback would have run by now
    EXPECT_EQ(*calls, 1);
    return *result;
  }

  v1::DnsExchange Recursive(const std::string& name, DnsType type) {
    return Ask([&](DnsResolver& r, DnsResolver::Callback cb) {
      r.Recursive({name, type}, std::move(cb));
    });
  }

  std::unique_ptr<FakeDnsServer> server1_, server2_;
  EventLoopPtr loop_;
  std::thread thread_;
  std::unique_ptr<EgressPolicy> egress_;
  DnsResolverPtr resolver_;  // used on the loop thread only
};

TEST_F(AresResolverTest, NoErrorWithMxRecordsAndTtls) {
  server1_->Set(
      "example.com", DnsType::kMx,
      {.answers = {{"example.com.", DnsType::kMx, 300,
                    "0 example-com.mail.protection.outlook.com."},
                   {"example.com.", DnsType::kMx, 3600, "10 mx.oldisp.net."}}});
  ASSERT_TRUE(MakeResolver({server1_->address()}).ok());
  v1::DnsExchange ex = Recursive("Example.COM", DnsType::kMx);
  EXPECT_EQ(ex.error(), "");
  EXPECT_EQ(ex.server(), server1_->address());
  EXPECT_EQ(ex.qname(), "example.com.");
  EXPECT_EQ(ex.qtype(), "MX");
  EXPECT_TRUE(ex.recursion_desired());
  EXPECT_EQ(ex.rcode(), "NOERROR");
  EXPECT_TRUE(ex.authoritative_answer());
  EXPECT_FALSE(ex.truncated());
  ASSERT_EQ(ex.answers_size(), 2);
  EXPECT_EQ(ex.answers(0).name(), "example.com.");
  EXPECT_EQ(ex.answers(0).type(), "MX");
  EXPECT_EQ(ex.answers(0).ttl(), 300u);
  EXPECT_EQ(ex.answers(1).ttl(), 3600u);
  absl::StatusOr<dns::MxData> mx = dns::ParseMxData(ex.answers(0).data());
  ASSERT_TRUE(mx.ok());
  EXPECT_EQ(mx->preference, 0);
  EXPECT_EQ(mx->target, "example-com.mail.protection.outlook.com.");
  EXPECT_GT(ex.time().seconds(), 1700000000);
  EXPECT_GE(ex.elapsed().seconds(), 0);
  EXPECT_GE(ex.elapsed().nanos(), 0);

  std::vector<FakeDnsServer::Received> got = server1_->received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].recursion_desired);
  EXPECT_TRUE(got[0].edns);
  EXPECT_FALSE(got[0].tcp);
}

TEST_F(AresResolverTest, NxdomainWithSoaInAuthority) {
  server1_->Set("nope.example", DnsType::kMx,
                {.rcode = 3,
                 .authority = {{"example.", DnsType::kSoa, 900,
                                "ns1.example. hostmaster.example. 2024060101 "
                                "3600 600 604800 300"}}});
  ASSERT_TRUE(MakeResolver({server1_->address()}).ok());
  v1::DnsExchange ex = Recursive("nope.example", DnsType::kMx);
  EXPECT_EQ(ex.error(), "");
  EXPECT_EQ(ex.rcode(), "NXDOMAIN");
  EXPECT_EQ(ex.answers_size(), 0);
  ASSERT_EQ(ex.authority_size(), 1);
  EXPECT_EQ(ex.authority(0).type(), "SOA");
  EXPECT_EQ(ex.authority(0).ttl(), 900u);
  EXPECT_EQ(dns::ParseSoaData(ex.authority(0).data())->minimum, 300u);
}

TEST_F(AresResolverTest, ServfailAndRefusedAreAnswersNotFailover) {
  server1_->Set("sf.example", DnsType::kA, {.fault = Fault::kServfail});
  server1_->Set("rf.example", DnsType::kA, {.fault = Fault::kRefused});
  ASSERT_TRUE(MakeResolver({server1_->address(), server2_->address()}).ok());
  v1::DnsExchange sf = Recursive("sf.example", DnsType::kA);
  EXPECT_EQ(sf.error(), "");
  EXPECT_EQ(sf.rcode(), "SERVFAIL");
  EXPECT_EQ(sf.server(), server1_->address());
  v1::DnsExchange rf = Recursive("rf.example", DnsType::kA);
  EXPECT_EQ(rf.rcode(), "REFUSED");
  EXPECT_EQ(server1_->QueryCount("sf.example", DnsType::kA), 1);
  EXPECT_EQ(server2_->TotalQueries(), 0);
}

TEST_F(AresResolverTest, TimeoutMovesToTheNextServer) {
  server1_->Set("slow.example", DnsType::kA, {.fault = Fault::kNoReply});
  server2_->Set("slow.example", DnsType::kA,
                {.answers = {{"slow.example.", DnsType::kA, 60, "192.0.2.7"}}});
  ASSERT_TRUE(MakeResolver({server1_->address(), server2_->address()}, {},
                           absl::Milliseconds(200), 2)
                  .ok());
  v1::DnsExchange ex = Recursive("slow.example", DnsType::kA);
  EXPECT_EQ(ex.error(), "");
  EXPECT_EQ(ex.server(), server2_->address());
  ASSERT_EQ(ex.answers_size(), 1);
  EXPECT_EQ(ex.answers(0).data(), "192.0.2.7");
  // Both tries went to the first server before giving up on it.
  EXPECT_EQ(server1_->QueryCount("slow.example", DnsType::kA), 2);
  EXPECT_EQ(server2_->QueryCount("slow.example", DnsType::kA), 1);
  // It cannot have been faster than the two timeouts it waited out.
  EXPECT_GE(ex.elapsed().seconds() * 1000 + ex.elapsed().nanos() / 1000000,
            400);
}

TEST_F(AresResolverTest, RefusedConnectionMovesToTheNextServer) {
  // A loopback port nobody listens on: the kernel answers "port
  // unreachable", which c-ares reports as a transport error.
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  close(fd);
  std::string closed = absl::StrCat("127.0.0.1:", ntohs(addr.sin_port));
  server2_->Set("x.example", DnsType::kA,
                {.answers = {{"x.example.", DnsType::kA, 5, "192.0.2.9"}}});
  ASSERT_TRUE(
      MakeResolver({closed, server2_->address()}, {}, absl::Seconds(5), 2)
          .ok());
  v1::DnsExchange ex = Recursive("x.example", DnsType::kA);
  EXPECT_EQ(ex.error(), "");
  EXPECT_EQ(ex.server(), server2_->address());
  // Well before the 2 x 5 s the closed server could have cost in timeouts.
  EXPECT_LT(ex.elapsed().seconds(), 5);

  ASSERT_TRUE(MakeResolver({closed}, {}, absl::Seconds(5), 2).ok());
  v1::DnsExchange failed = Recursive("x.example", DnsType::kA);
  EXPECT_NE(failed.error(), "");
  EXPECT_NE(failed.error(), "timeout") << failed.error();
  EXPECT_EQ(failed.server(), closed);
}

TEST_F(AresResolverTest, AllServersSilentIsTimeout) {
  server1_->SetDefault({.fault = Fault::kNoReply});
  server2_->SetDefault({.fault = Fault::kNoReply});
  ASSERT_TRUE(MakeResolver({server1_->address(), server2_->address()}, {},
                           absl::Milliseconds(150), 2)
                  .ok());
  v1::DnsExchange ex = Recursive("silent.example", DnsType::kMx);
  EXPECT_EQ(ex.error(), "timeout");
  EXPECT_EQ(ex.rcode(), "");
  EXPECT_EQ(ex.server(), server2_->address());  // the last one asked
  EXPECT_EQ(server1_->TotalQueries(), 2);
  EXPECT_EQ(server2_->TotalQueries(), 2);
}

TEST_F(AresResolverTest, WrongIdIsIgnoredAndTimesOut) {
  server1_->Set("spoof.example", DnsType::kA,
                {.answers = {{"spoof.example.", DnsType::kA, 60, "192.0.2.66"}},
                 .fault = Fault::kWrongId});
  ASSERT_TRUE(
      MakeResolver({server1_->address()}, {}, absl::Milliseconds(150), 1).ok());
  v1::DnsExchange ex = Recursive("spoof.example", DnsType::kA);
  EXPECT_EQ(ex.error(), "timeout");
  EXPECT_EQ(ex.answers_size(), 0);
}

TEST_F(AresResolverTest, DelayedReplyWithinTimeoutIsAnswer) {
  server1_->Set("late.example", DnsType::kA,
                {.answers = {{"late.example.", DnsType::kA, 60, "192.0.2.8"}},
                 .fault = Fault::kDelay,
                 .delay = absl::Milliseconds(100)});
  ASSERT_TRUE(MakeResolver({server1_->address()}, {}, absl::Seconds(5)).ok());
  v1::DnsExchange ex = Recursive("late.example", DnsType::kA);
  EXPECT_EQ(ex.error(), "");
  ASSERT_EQ(ex.answers_size(), 1);
  EXPECT_EQ(server1_->TotalQueries(), 1);
}

TEST_F(AresResolverTest, TruncatedUdpAnswerIsRetriedOverTcp) {
  server1_->Set("big.example", DnsType::kTxt,
                {.answers = {{"big.example.", DnsType::kTxt, 60,
                              "\"v=spf1 include:spf.protection.outlook.com "
                              "-all\""}},
                 .fault = Fault::kTruncated});
  ASSERT_TRUE(MakeResolver({server1_->address()}).ok());
  v1::DnsExchange ex = Recursive("big.example", DnsType::kTxt);
  EXPECT_EQ(ex.error(), "");
  EXPECT_FALSE(ex.truncated());
  ASSERT_EQ(ex.answers_size(), 1);
  EXPECT_EQ(ex.answers(0).data(),
            "\"v=spf1 include:spf.protection.outlook.com -all\"");
  std::vector<FakeDnsServer::Received> got = server1_->received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_FALSE(got[0].tcp);
  EXPECT_TRUE(got[1].tcp);
}

TEST_F(AresResolverTest, GarbageIsAnError) {
  server1_->Set("junk.example", DnsType::kMx, {.fault = Fault::kGarbage});
  ASSERT_TRUE(MakeResolver({server1_->address()}).ok());
  v1::DnsExchange ex = Recursive("junk.example", DnsType::kMx);
  EXPECT_THAT(ex.error(), StartsWith("malformed response: "));
  EXPECT_EQ(ex.rcode(), "");
  EXPECT_EQ(ex.answers_size(), 0);
}

TEST_F(AresResolverTest, DirectToBlockedAddressSendsNothing) {
  server1_->Set(
      "example.com", DnsType::kSoa,
      {.answers = {{"example.com.", DnsType::kSoa, 60, "a. b. 1 2 3 4 5"}}});
  ASSERT_TRUE(MakeResolver({server1_->address()}).ok());
  bool returned = false;
  bool called_before_return = false;
  v1::DnsExchange ex = Ask([&](DnsResolver& r, DnsResolver::Callback cb) {
    r.Direct(server1_->address(), {"example.com", DnsType::kSoa},
             [&, cb](v1::DnsExchange e) {
               called_before_return = !returned;
               cb(std::move(e));
             });
    returned = true;
  });
  EXPECT_TRUE(called_before_return);
  EXPECT_THAT(ex.error(),
              StartsWith("blocked by egress policy: 127.0.0.1 is in "
                         "127.0.0.0/8 (loopback)"));
  EXPECT_EQ(ex.server(), server1_->address());
  EXPECT_FALSE(ex.recursion_desired());
  EXPECT_EQ(ex.qname(), "example.com.");
  EXPECT_EQ(ex.rcode(), "");
  // The same server as a (trusted) recursive resolver is asked, and only
  // that question arrives.
  v1::DnsExchange ok = Recursive("example.com", DnsType::kSoa);
  EXPECT_EQ(ok.error(), "");
  EXPECT_EQ(server1_->TotalQueries(), 1);
  EXPECT_TRUE(server1_->received()[0].recursion_desired);
}

TEST_F(AresResolverTest, DirectWithAllowCidrAsksWithoutRecursion) {
  server1_->Set("example.com", DnsType::kSoa,
                {.answers = {{"example.com.", DnsType::kSoa, 60,
                              "ns1.example.com. hostmaster.example.com. 7 1 2 "
                              "3 4"}}});
  ASSERT_TRUE(MakeResolver({server2_->address()}, {"127.0.0.0/8"}).ok());
  v1::DnsExchange ex = Ask([&](DnsResolver& r, DnsResolver::Callback cb) {
    r.Direct(server1_->address(), {"example.com.", DnsType::kSoa},
             std::move(cb));
  });
  EXPECT_EQ(ex.error(), "");
  EXPECT_FALSE(ex.recursion_desired());
  EXPECT_EQ(ex.server(), server1_->address());
  EXPECT_TRUE(ex.authoritative_answer());
  ASSERT_EQ(ex.answers_size(), 1);
  EXPECT_EQ(dns::ParseSoaData(ex.answers(0).data())->serial, 7u);
  std::vector<FakeDnsServer::Received> got = server1_->received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].recursion_desired);
  EXPECT_EQ(server2_->TotalQueries(), 0);
}

TEST_F(AresResolverTest, DirectToMalformedServerIsAnError) {
  ASSERT_TRUE(MakeResolver({server1_->address()}).ok());
  v1::DnsExchange ex = Ask([&](DnsResolver& r, DnsResolver::Callback cb) {
    r.Direct("ns1.example.com", {"example.com", DnsType::kSoa}, std::move(cb));
  });
  EXPECT_THAT(ex.error(), StartsWith("invalid server address: "));
}

TEST_F(AresResolverTest, InvalidQuestionIsAnError) {
  ASSERT_TRUE(MakeResolver({server1_->address()}).ok());
  v1::DnsExchange ex = Recursive("a..b", DnsType::kA);
  EXPECT_THAT(ex.error(), StartsWith("invalid question: "));
  EXPECT_EQ(server1_->TotalQueries(), 0);
}

TEST_F(AresResolverTest, ThousandConcurrentQuestionsOnOneLoop) {
  constexpr int kQuestions = 1000;
  for (int i = 0; i < kQuestions; ++i) {
    server1_->Set(
        absl::StrCat("q", i, ".example"), DnsType::kA,
        {.answers = {{absl::StrCat("q", i, ".example."), DnsType::kA, 60,
                      absl::StrCat("10.0.", i / 256, ".", i % 256)}}});
  }
  // Generous tries: a dropped datagram is retried, never a failed test.
  ASSERT_TRUE(
      MakeResolver({server1_->address()}, {}, absl::Seconds(2), 4).ok());
  auto answers = std::make_shared<std::vector<v1::DnsExchange>>(kQuestions);
  auto remaining = std::make_shared<std::atomic<int>>(kQuestions);
  auto all_done = std::make_shared<absl::Notification>();
  OnLoop([&] {
    for (int i = 0; i < kQuestions; ++i) {
      resolver_->Recursive(
          {absl::StrCat("q", i, ".example"), DnsType::kA},
          [answers, remaining, all_done, i](v1::DnsExchange ex) {
            (*answers)[i] = std::move(ex);
            if (--*remaining == 0) all_done->Notify();
          });
    }
  });
  ASSERT_TRUE(all_done->WaitForNotificationWithTimeout(absl::Seconds(60)))
      << *remaining << " questions still open";
  int answered = 0;
  for (int i = 0; i < kQuestions; ++i) {
    const v1::DnsExchange& ex = (*answers)[i];
    EXPECT_EQ(ex.qname(), absl::StrCat("q", i, ".example."));
    if (ex.error().empty() && ex.answers_size() == 1 &&
        ex.answers(0).data() == absl::StrCat("10.0.", i / 256, ".", i % 256)) {
      ++answered;
    }
  }
  EXPECT_EQ(answered, kQuestions);
}

TEST_F(AresResolverTest, ManyDirectServersEachGetTheQuestion) {
  // Silent "servers": UDP sockets this test binds and never answers from,
  // more of them than the resolver keeps channels for.
  constexpr int kServers = 300;
  std::vector<int> sockets;
  std::vector<std::string> addresses;
  for (int i = 0; i < kServers; ++i) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockets.push_back(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
    ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    addresses.push_back(absl::StrCat("127.0.0.1:", ntohs(addr.sin_port)));
  }
  server1_->Set("x.example", DnsType::kA,
                {.answers = {{"x.example.", DnsType::kA, 5, "192.0.2.9"}}});
  ASSERT_TRUE(MakeResolver({server2_->address()}, {"127.0.0.0/8"},
                           absl::Milliseconds(200), 1)
                  .ok());
  auto ask_all = [&](size_t count) {
    auto results = std::make_shared<std::vector<v1::DnsExchange>>(count);
    auto remaining = std::make_shared<std::atomic<int>>(count);
    auto done = std::make_shared<absl::Notification>();
    OnLoop([&] {
      for (size_t i = 0; i < count; ++i) {
        resolver_->Direct(addresses[i], {"x.example", DnsType::kA},
                          [=](v1::DnsExchange ex) {
                            (*results)[i] = std::move(ex);
                            if (--*remaining == 0) done->Notify();
                          });
      }
    });
    ASSERT_TRUE(done->WaitForNotificationWithTimeout(kDeadline));
    for (size_t i = 0; i < count; ++i) {
      EXPECT_EQ((*results)[i].error(), "timeout");
      EXPECT_EQ((*results)[i].server(), addresses[i]);
    }
  };
  ask_all(kServers);
  ask_all(kServers);
  // A new server closes idle channels beyond the cache's bound ...
  v1::DnsExchange ex = Ask([&](DnsResolver& r, DnsResolver::Callback cb) {
    r.Direct(server1_->address(), {"x.example", DnsType::kA}, std::move(cb));
  });
  EXPECT_EQ(ex.error(), "");
  ASSERT_EQ(ex.answers_size(), 1);
  // ... and servers whose channel was closed get a new one.
  ask_all(50);
  for (int i = 0; i < kServers; ++i) {
    int datagrams = 0;
    char buf[512];
    while (recv(sockets[i], buf, sizeof(buf), 0) > 0) ++datagrams;
    EXPECT_EQ(datagrams, i < 50 ? 3 : 2) << addresses[i];
    close(sockets[i]);
  }
  EXPECT_EQ(server2_->TotalQueries(), 0);
}

TEST_F(AresResolverTest, DestroyingTheResolverDropsOutstandingCallbacks) {
  server1_->SetDefault({.fault = Fault::kNoReply});
  ASSERT_TRUE(MakeResolver({server1_->address()}).ok());
  auto calls = std::make_shared<std::atomic<int>>(0);
  OnLoop([&] {
    for (int i = 0; i < 10; ++i) {
      resolver_->Recursive({"pending.example", DnsType::kA},
                           [calls](v1::DnsExchange) { ++*calls; });
    }
  });
  // Wait until the questions are on the wire, then destroy.
  for (int i = 0; i < 1000 && server1_->TotalQueries() < 10; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(server1_->TotalQueries(), 10);
  OnLoop([&] { resolver_.reset(); });
  OnLoop([] {});
  EXPECT_EQ(*calls, 0);
}

TEST_F(AresResolverTest, ConfiguredServersAndBadConfiguration) {
  ASSERT_TRUE(
      MakeResolver({server1_->address(), "[::1]:5353", "192.0.2.1"}).ok());
  std::vector<std::string> servers;
  OnLoop([&] { servers = resolver_->recursive_servers(); });
  EXPECT_THAT(servers, ::testing::ElementsAre(server1_->address(), "[::1]:5353",
                                              "192.0.2.1:53"));
  OnLoop([&] { resolver_.reset(); });
  absl::Status bad = MakeResolver({"dns.google"});
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.message()), HasSubstr("dns.google"));
}

TEST_F(AresResolverTest, DefaultsToTheSystemResolvers) {
  // Reads /etc/resolv.conf only; nothing is asked.
  absl::Status status = MakeResolver({});
  if (status.code() == absl::StatusCode::kUnavailable) {
    GTEST_SKIP() << "no system resolver: " << status;
  }
  ASSERT_TRUE(status.ok()) << status;
  std::vector<std::string> servers;
  OnLoop([&] { servers = resolver_->recursive_servers(); });
  EXPECT_FALSE(servers.empty());
  for (const std::string& s : servers) EXPECT_THAT(s, HasSubstr(":"));
}

}  // namespace
}  // namespace ndrdiag
