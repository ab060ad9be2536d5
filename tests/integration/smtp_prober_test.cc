// SmtpProber on a real epoll loop against FakeSmtpServer on 127.0.0.1: every
// session below crosses a real TCP (and TLS) connection.
#include "workers/smtp/smtp_prober.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/fake_smtp_server.h"
#include "workers/loop/event_loop.h"
#include "workers/net/egress_policy.h"

namespace ndrdiag {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;
using Reply = FakeSmtpServer::Reply;
using Fault = FakeSmtpServer::Fault;

constexpr absl::Duration kWait = absl::Seconds(30);
constexpr char kDbeb[] =
    "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) "
    "[DB5EUR03FT012.eop-EUR03.prod.protection.outlook.com]";

class SmtpProberTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_ = NewEpollEventLoop();
    thread_ = std::thread([this] { loop_->Run(); });
  }

  void TearDown() override {
    OnLoop([this] { prober_.reset(); });
    loop_->Stop();
    thread_.join();
    if (server_ != nullptr) {
      EXPECT_FALSE(server_->ReceivedDataOrBdat());
      for (const std::string& c : server_->Commands()) {
        EXPECT_FALSE(absl::StartsWithIgnoreCase(c, "DATA")) << c;
        EXPECT_FALSE(absl::StartsWithIgnoreCase(c, "BDAT")) << c;
      }
    }
    if (!ca_path_.empty()) std::remove(ca_path_.c_str());
  }

  void OnLoop(std::function<void()> fn) {
    absl::Notification done;
    loop_->Post([&] {
      fn();
      done.Notify();
    });
    ASSERT_TRUE(done.WaitForNotificationWithTimeout(kWait));
  }

  void StartServer(FakeSmtpServer::Script script) {
    auto s = FakeSmtpServer::Start(std::move(script));
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = *std::move(s);
  }

  // Options for tests: short steps, a generous rate limit.
  static SmtpProberOptions Options() {
    SmtpProberOptions o;
    o.helo_name = "probe.ndrdiag.test";
    o.step_timeout = absl::Seconds(10);
    o.connections_per_minute = 6000;
    o.burst = 100;
    return o;
  }

  void MakeProber(SmtpProberOptions options,
                  std::vector<std::string> allow = {"127.0.0.0/8"}) {
    OnLoop([this] { prober_.reset(); });
    absl::StatusOr<EgressPolicy> policy = EgressPolicy::Create(allow);
    ASSERT_TRUE(policy.ok()) << policy.status();
    egress_ = std::make_unique<EgressPolicy>(*std::move(policy));
    absl::StatusOr<SmtpProberPtr> p;
    OnLoop([&] { p = NewSmtpProber(*loop_, *egress_, options); });
    ASSERT_TRUE(p.ok()) << p.status();
    prober_ = *std::move(p);
  }

  SmtpProbeRequest Request(uint16_t port) {
    SmtpProbeRequest r;
    r.host = "MX.Fake.Test.";
    r.address = "127.0.0.1";
    r.port = port;
    r.recipients = {"known@contoso.test", "x-9f3a@contoso.test"};
    r.mail_from = "probe@ndrdiag.test";
    r.deadline = absl::Now() + absl::Seconds(60);
    return r;
  }

  SmtpSessionEvidence Probe(const SmtpProbeRequest& request) {
    SmtpSessionEvidence result;
    absl::Notification done;
    int calls = 0;
    OnLoop([&] {
      prober_->Probe(request, [&](SmtpSessionEvidence e) {
        ++calls;
        result = std::move(e);
        done.Notify();
      });
    });
    EXPECT_TRUE(done.WaitForNotificationWithTimeout(kWait));
    OnLoop([] {});  // a second callback would have run by now
    EXPECT_EQ(calls, 1);
    return result;
  }

  std::string WriteCa() {
    ca_path_ =
        absl::StrCat(::testing::TempDir(), "/smtp_ca_", getpid(), ".pem");
    std::ofstream(ca_path_) << server_->cert_pem();
    return ca_path_;
  }

  static int OpenFds() {
    int n = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator("/proc/self/fd")) {
      (void)entry;
      ++n;
    }
    return n;
  }

  // Waits (bounded) until the server has accepted `n` connections.
  void WaitForConnections(int n) {
    absl::Time until = absl::Now() + kWait;
    while (server_->Connections() < n && absl::Now() < until) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    ASSERT_EQ(server_->Connections(), n);
  }

  static std::vector<std::string> ClientLines(const SmtpSessionEvidence& e) {
    std::vector<std::string> out;
    for (const auto& l : e.transcript.lines()) {
      if (l.sender() == v1::SmtpLine::CLIENT) out.push_back(l.text());
    }
    return out;
  }

  EventLoopPtr loop_;
  std::thread thread_;
  std::unique_ptr<EgressPolicy> egress_;
  SmtpProberPtr prober_;
  std::unique_ptr<FakeSmtpServer> server_;
  std::string ca_path_;
};

TEST_F(SmtpProberTest, HappyPathWithStartTls) {
  StartServer({});
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted) << e.transcript.error();
  EXPECT_EQ(e.failed_step, SmtpStep::kDone);
  EXPECT_EQ(e.transcript.error(), "");
  EXPECT_EQ(e.host, "mx.fake.test");
  EXPECT_EQ(e.transcript.server(), absl::StrCat("127.0.0.1:", server_->port()));
  ASSERT_TRUE(e.banner.has_value());
  EXPECT_EQ(e.banner->code, 220);
  EXPECT_EQ(e.ehlo->lines.size(), 5u);
  EXPECT_EQ(e.starttls->code, 220);
  EXPECT_TRUE(e.tls_established);
  ASSERT_TRUE(e.ehlo_tls.has_value());
  EXPECT_THAT(e.EhloKeywords(), Contains("8BITMIME"));
  EXPECT_THAT(e.EhloKeywords(), Not(Contains("STARTTLS")));
  EXPECT_EQ(e.mail_from->enhanced, "2.1.0");
  EXPECT_THAT(e.rcpt_addresses,
              ElementsAre("known@contoso.test", "x-9f3a@contoso.test"));
  ASSERT_EQ(e.rcpt_replies.size(), 2u);
  EXPECT_EQ(e.rcpt_replies[1]->code, 250);

  const v1::TlsCertificate& cert = e.transcript.certificate();
  EXPECT_EQ(cert.subject(), "CN=mx.fake.test");
  EXPECT_EQ(cert.issuer(), "CN=mx.fake.test");
  EXPECT_THAT(cert.subject_alt_names(), ElementsAre("mx.fake.test"));
  EXPECT_FALSE(cert.chain_verified());
  EXPECT_TRUE(cert.name_verified());
  EXPECT_THAT(cert.verify_error(), HasSubstr("self"));
  EXPECT_EQ(cert.sha256_fingerprint().size(), 64u);
  EXPECT_THAT(cert.tls_version(), StartsWith("TLSv1."));
  EXPECT_FALSE(cert.cipher().empty());
  EXPECT_LT(cert.not_before().seconds(), cert.not_after().seconds());

  EXPECT_THAT(
      ClientLines(e),
      ElementsAre("EHLO probe.ndrdiag.test", "STARTTLS",
                  "EHLO probe.ndrdiag.test", "MAIL FROM:<probe@ndrdiag.test>",
                  "RCPT TO:<known@contoso.test>",
                  "RCPT TO:<x-9f3a@contoso.test>", "RSET", "QUIT"));
  EXPECT_EQ(server_->Commands(), ClientLines(e));
  // Every line is timed, in order.
  int64_t last = -1;
  for (const auto& l : e.transcript.lines()) {
    int64_t at = l.at().seconds() * 1000000000 + l.at().nanos();
    EXPECT_GE(at, last);
    last = at;
  }
  EXPECT_GT(e.transcript.time().seconds(), 0);
}

TEST_F(SmtpProberTest, ChainVerifiesWithTheCertificateAsCaFile) {
  StartServer({});
  SmtpProberOptions o = Options();
  o.ca_file = WriteCa();
  MakeProber(o);
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted) << e.transcript.error();
  EXPECT_TRUE(e.transcript.certificate().chain_verified());
  EXPECT_TRUE(e.transcript.certificate().name_verified());
  EXPECT_EQ(e.transcript.certificate().verify_error(), "");

  // A name the certificate was not issued to.
  SmtpProbeRequest r = Request(server_->port());
  r.host = "mail.other.test";
  e = Probe(r);
  EXPECT_TRUE(e.transcript.certificate().chain_verified());
  EXPECT_FALSE(e.transcript.certificate().name_verified());
  EXPECT_THAT(e.transcript.certificate().verify_error(),
              HasSubstr("does not match mail.other.test"));
}

TEST_F(SmtpProberTest, UnreadableCaFileIsInvalidArgument) {
  absl::StatusOr<EgressPolicy> policy = EgressPolicy::Create({});
  SmtpProberOptions o = Options();
  o.ca_file = "/nonexistent/ca.pem";
  absl::StatusOr<SmtpProberPtr> p;
  OnLoop([&] { p = NewSmtpProber(*loop_, *policy, o); });
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr("/nonexistent/ca.pem"));
  o = Options();
  o.helo_name = "bad\r\nDATA";
  OnLoop([&] { p = NewSmtpProber(*loop_, *policy, o); });
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SmtpProberTest, NoStartTlsContinuesInClear) {
  StartServer({.starttls = false});
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted) << e.transcript.error();
  EXPECT_FALSE(e.tls_established);
  EXPECT_FALSE(e.starttls.has_value());
  EXPECT_FALSE(e.ehlo_tls.has_value());
  EXPECT_FALSE(e.transcript.has_certificate());
  EXPECT_THAT(
      server_->Commands(),
      ElementsAre("EHLO probe.ndrdiag.test", "MAIL FROM:<probe@ndrdiag.test>",
                  "RCPT TO:<known@contoso.test>",
                  "RCPT TO:<x-9f3a@contoso.test>", "RSET", "QUIT"));
}

TEST_F(SmtpProberTest, DbebRejectionAtRcptIsRecorded) {
  FakeSmtpServer::Script script;
  script.replies["RCPT"] = {{"250 2.1.5 Recipient OK"}, {kDbeb}};
  StartServer(script);
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted);
  ASSERT_EQ(e.rcpt_replies.size(), 2u);
  EXPECT_EQ(e.rcpt_replies[0]->code, 250);
  EXPECT_EQ(e.rcpt_replies[1]->code, 550);
  EXPECT_EQ(e.rcpt_replies[1]->enhanced, "5.4.1");
  EXPECT_THAT(e.rcpt_replies[1]->Text(), HasSubstr("AS(201806281)"));
  EXPECT_EQ(server_->Commands().back(), "QUIT");
}

TEST_F(SmtpProberTest, MultiLineRejectionAndOnlyTwoRecipients) {
  FakeSmtpServer::Script script;
  script.starttls = false;
  script.replies["RCPT"] = {
      {"550-5.4.1 Relay Access Denied\r\n550 5.4.1 see the docs"}};
  StartServer(script);
  MakeProber(Options());
  SmtpProbeRequest r = Request(server_->port());
  r.recipients = {"a@x.test", "b@x.test", "c@x.test"};
  SmtpSessionEvidence e = Probe(r);
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted);
  ASSERT_EQ(e.rcpt_replies.size(), 2u);
  EXPECT_EQ(e.rcpt_replies[0]->lines.size(), 2u);
  EXPECT_EQ(e.rcpt_replies[0]->Text(),
            "5.4.1 Relay Access Denied 5.4.1 see the docs");
  int rcpts = 0;
  for (const std::string& c : server_->Commands()) {
    if (absl::StartsWith(c, "RCPT")) ++rcpts;
  }
  EXPECT_EQ(rcpts, 2);
}

TEST_F(SmtpProberTest, NegativeBannerIsRecordedThenQuit) {
  StartServer({.banner = {"554 5.7.1 mx.fake.test does not accept mail"}});
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted);
  EXPECT_EQ(e.banner->code, 554);
  EXPECT_FALSE(e.ehlo.has_value());
  EXPECT_THAT(server_->Commands(), ElementsAre("QUIT"));
}

TEST_F(SmtpProberTest, NegativeMailFromIsRecordedThenQuit) {
  FakeSmtpServer::Script script;
  script.starttls = false;
  script.replies["MAIL"] = {{"550 5.7.606 Access denied, banned sending IP"}};
  StartServer(script);
  MakeProber(Options());
  SmtpProbeRequest r = Request(server_->port());
  r.mail_from = "";
  SmtpSessionEvidence e = Probe(r);
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted);
  EXPECT_EQ(e.mail_from->enhanced, "5.7.606");
  EXPECT_TRUE(e.rcpt_replies.empty());
  EXPECT_THAT(server_->Commands(),
              ElementsAre("EHLO probe.ndrdiag.test", "MAIL FROM:<>", "QUIT"));
}

TEST_F(SmtpProberTest, RefusedPort) {
  // Take a free port and close it again: nothing listens there.
  StartServer({});
  uint16_t port = server_->port();
  server_.reset();
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(port));
  EXPECT_EQ(e.outcome, SmtpOutcome::kRefused);
  EXPECT_EQ(e.failed_step, SmtpStep::kConnect);
  EXPECT_EQ(e.transcript.error(), "connection refused");
  EXPECT_THAT(e.transcript.lines(), IsEmpty());
}

TEST_F(SmtpProberTest, BannerStallTimesOut) {
  StartServer({.banner = {"", Fault::kStall}});
  SmtpProberOptions o = Options();
  o.step_timeout = absl::Milliseconds(300);
  MakeProber(o);
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kTimeout);
  EXPECT_EQ(e.failed_step, SmtpStep::kBanner);
  EXPECT_EQ(e.transcript.error(), "timeout after 300ms waiting for the banner");
  EXPECT_EQ(server_->Connections(), 1);
  EXPECT_THAT(server_->Commands(), IsEmpty());
}

TEST_F(SmtpProberTest, DelayedBannerWithinTheStepArrives) {
  StartServer(
      {.banner = {"220 slow ready", Fault::kNone, absl::Milliseconds(100)}});
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted) << e.transcript.error();
}

TEST_F(SmtpProberTest, StallLaterNamesTheStep) {
  FakeSmtpServer::Script script;
  script.starttls = false;
  script.replies["MAIL"] = {{"", Fault::kStall}};
  StartServer(script);
  SmtpProberOptions o = Options();
  o.step_timeout = absl::Milliseconds(300);
  MakeProber(o);
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kTimeout);
  EXPECT_EQ(e.failed_step, SmtpStep::kMailFrom);
  EXPECT_EQ(e.transcript.error(),
            "timeout after 300ms waiting for the reply to MAIL FROM");
  EXPECT_TRUE(e.ehlo.has_value());
}

TEST_F(SmtpProberTest, DeadlineEarlierThanStepTimeout) {
  StartServer({.banner = {"", Fault::kStall}});
  MakeProber(Options());  // 10 s steps
  SmtpProbeRequest r = Request(server_->port());
  r.deadline = absl::Now() + absl::Milliseconds(300);
  SmtpSessionEvidence e = Probe(r);
  EXPECT_EQ(e.outcome, SmtpOutcome::kTimeout);
  EXPECT_EQ(e.failed_step, SmtpStep::kBanner);
  EXPECT_THAT(
      e.transcript.error(),
      AllOf(StartsWith("timeout after "),
            HasSubstr("waiting for the banner (the diagnosis deadline)")));

  // A deadline already past ends at once, before any byte is read.
  r.deadline = absl::Now() - absl::Seconds(1);
  e = Probe(r);
  EXPECT_EQ(e.outcome, SmtpOutcome::kTimeout);
  EXPECT_EQ(e.failed_step, SmtpStep::kConnect);
  EXPECT_EQ(e.transcript.error(),
            "timeout after 0s connecting (the diagnosis deadline)");
  EXPECT_EQ(server_->Connections(), 1);
}

TEST_F(SmtpProberTest, OversizedLineIsProtocolError) {
  FakeSmtpServer::Script script;
  script.starttls = false;
  script.replies["EHLO"] = {{"250 " + std::string(5000, 'x')}};
  StartServer(script);
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kProtocolError);
  EXPECT_EQ(e.failed_step, SmtpStep::kEhlo);
  EXPECT_THAT(e.transcript.error(),
              HasSubstr("reply line longer than 2048 bytes"));
  EXPECT_THAT(e.transcript.lines().rbegin()->text(),
              HasSubstr("...[truncated]"));
  EXPECT_LT(e.transcript.lines().rbegin()->text().size(), 2100u);
}

TEST_F(SmtpProberTest, TooManyLinesIsProtocolError) {
  std::string ehlo;
  for (int i = 0; i < 100; ++i) absl::StrAppend(&ehlo, "250-K", i, "\r\n");
  FakeSmtpServer::Script script;
  script.replies["EHLO"] = {{ehlo + "250 END"}};
  StartServer(script);
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kProtocolError);
  EXPECT_THAT(e.transcript.error(), HasSubstr("longer than 64 lines"));
}

TEST_F(SmtpProberTest, TranscriptIsBounded) {
  std::string ehlo;
  for (int i = 0; i < 60; ++i) {
    absl::StrAppend(&ehlo, "250-", std::string(1000, 'k'), "\r\n");
  }
  FakeSmtpServer::Script script;
  script.starttls = false;
  script.replies["EHLO"] = {{ehlo + "250 END"}};
  StartServer(script);
  SmtpProberOptions o = Options();
  o.max_transcript_bytes = 8 * 1024;
  MakeProber(o);
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted);
  size_t bytes = 0;
  for (const auto& l : e.transcript.lines()) bytes += l.text().size();
  EXPECT_LE(bytes, 8u * 1024);
  EXPECT_EQ(e.transcript.lines().rbegin()->text(), "...[transcript truncated]");
  EXPECT_EQ(e.ehlo->lines.size(), 61u);  // parsed in full all the same
}

TEST_F(SmtpProberTest, ServerClosingMidSession) {
  FakeSmtpServer::Script script;
  script.starttls = false;
  script.replies["RCPT"] = {{"", Fault::kClose}};
  StartServer(script);
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kClosed);
  EXPECT_EQ(e.failed_step, SmtpStep::kRcptFirst);
  EXPECT_THAT(e.transcript.error(), HasSubstr("closed by the server"));
  ASSERT_EQ(e.rcpt_replies.size(), 1u);
  EXPECT_FALSE(e.rcpt_replies[0].has_value());
}

TEST_F(SmtpProberTest, RefusedStartTlsIsRecordedThenQuit) {
  FakeSmtpServer::Script script;
  script.replies["STARTTLS"] = {{"454 4.7.0 TLS not available"}};
  StartServer(script);
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kCompleted);
  EXPECT_EQ(e.starttls->code, 454);
  EXPECT_FALSE(e.tls_established);
  EXPECT_EQ(server_->Commands().back(), "QUIT");
}

TEST_F(SmtpProberTest, BrokenTlsHandshakeIsTlsFailed) {
  FakeSmtpServer::Script script;
  script.break_tls = true;
  StartServer(script);
  MakeProber(Options());
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kTlsFailed);
  EXPECT_EQ(e.failed_step, SmtpStep::kTlsHandshake);
  EXPECT_THAT(e.transcript.error(), StartsWith("TLS handshake failed: "));
  EXPECT_EQ(e.starttls->code, 220);
  EXPECT_FALSE(e.tls_established);
}

TEST_F(SmtpProberTest, Ipv6ServerIsWrittenInBrackets) {
  MakeProber(Options(), {"::1"});
  SmtpProbeRequest r = Request(1);  // nothing listens on [::1]:1
  r.address = "::1";
  SmtpSessionEvidence e = Probe(r);
  EXPECT_EQ(e.transcript.server(), "[::1]:1");
  EXPECT_EQ(e.outcome, SmtpOutcome::kRefused) << e.transcript.error();
}

TEST_F(SmtpProberTest, RateLimitHoldsSessionsBack) {
  StartServer({});
  SmtpProberOptions o = Options();
  o.connections_per_minute = 2;
  o.burst = 2;
  MakeProber(o);
  EXPECT_EQ(Probe(Request(server_->port())).outcome, SmtpOutcome::kCompleted);
  EXPECT_EQ(Probe(Request(server_->port())).outcome, SmtpOutcome::kCompleted);
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kRateLimited);
  EXPECT_EQ(e.failed_step, SmtpStep::kConnect);
  EXPECT_THAT(e.transcript.error(),
              StartsWith("held back by the rate limit (2 connections per "
                         "minute to 127.0.0.1); next slot in "));
  EXPECT_EQ(server_->Connections(), 2);
  // The IPv4-mapped spelling shares the bucket.
  SmtpProbeRequest r = Request(server_->port());
  r.address = "::ffff:127.0.0.1";
  EXPECT_EQ(Probe(r).outcome, SmtpOutcome::kRateLimited);
  EXPECT_EQ(server_->Connections(), 2);
}

TEST_F(SmtpProberTest, EgressPolicyBlocksBeforeConnecting) {
  StartServer({});
  MakeProber(Options(), /*allow=*/{});
  SmtpSessionEvidence e = Probe(Request(server_->port()));
  EXPECT_EQ(e.outcome, SmtpOutcome::kBlockedByPolicy);
  EXPECT_EQ(e.failed_step, SmtpStep::kConnect);
  EXPECT_EQ(e.transcript.error(),
            "blocked by egress policy: 127.0.0.1 is in 127.0.0.0/8 "
            "(loopback); allow with --allow-cidr");
  EXPECT_THAT(e.transcript.lines(), IsEmpty());
  // Give a connection that was wrongly made time to be accepted.
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(server_->Connections(), 0);
}

TEST_F(SmtpProberTest, UnsafeRecipientIsNeverSent) {
  StartServer({});
  MakeProber(Options());
  SmtpProbeRequest r = Request(server_->port());
  r.recipients = {"a@x.test>\r\nDATA"};
  SmtpSessionEvidence e = Probe(r);
  EXPECT_EQ(e.outcome, SmtpOutcome::kProtocolError);
  EXPECT_THAT(e.transcript.error(), StartsWith("not sent: "));
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(server_->Connections(), 0);
}

TEST_F(SmtpProberTest, CancelRunsNoCallbackAndClosesTheSocket) {
  StartServer({.banner = {"", Fault::kStall}});
  MakeProber(Options());
  int before = OpenFds();
  bool called = false;
  SmtpProber::SessionId id = 0;
  OnLoop([&] {
    id = prober_->Probe(Request(server_->port()),
                        [&](SmtpSessionEvidence) { called = true; });
  });
  WaitForConnections(1);
  EXPECT_EQ(OpenFds(), before + 2);  // the probe's socket and the server's
  OnLoop([&] {
    prober_->Cancel(id);
    prober_->Cancel(id);      // twice: no-op
    prober_->Cancel(id + 7);  // unknown: no-op
  });
  OnLoop([] {});
  EXPECT_FALSE(called);
  EXPECT_EQ(OpenFds(), before + 1);  // only the stalled server side is left
}

TEST_F(SmtpProberTest, DestroyingTheProberRunsNoCallbackAndClosesSockets) {
  StartServer({.banner = {"", Fault::kStall}});
  MakeProber(Options());
  int before = OpenFds();
  int called = 0;
  OnLoop([&] {
    for (int i = 0; i < 5; ++i) {
      prober_->Probe(Request(server_->port()),
                     [&](SmtpSessionEvidence) { ++called; });
    }
  });
  WaitForConnections(5);
  EXPECT_EQ(OpenFds(), before + 10);
  OnLoop([&] { prober_.reset(); });
  OnLoop([] {});
  EXPECT_EQ(called, 0);
  EXPECT_EQ(OpenFds(), before + 5);
}

TEST_F(SmtpProberTest, ManySessionsInFlightOnOneThread) {
  StartServer({});
  MakeProber(Options());
  constexpr int kSessions = 40;
  std::vector<SmtpOutcome> outcomes;
  absl::Notification all;
  OnLoop([&] {
    for (int i = 0; i < kSessions; ++i) {
      prober_->Probe(Request(server_->port()), [&](SmtpSessionEvidence e) {
        outcomes.push_back(e.outcome);
        if (outcomes.size() == kSessions) all.Notify();
      });
    }
  });
  ASSERT_TRUE(all.WaitForNotificationWithTimeout(kWait));
  for (SmtpOutcome o : outcomes) EXPECT_EQ(o, SmtpOutcome::kCompleted);
}

}  // namespace
}  // namespace ndrdiag
