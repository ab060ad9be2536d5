// The SMTP stage inside a DiagnosisJob: a fake DNS server (127.0.0.1) sends
// the MX of contoso.test to 127.0.0.1, where a fake SMTP server answers as
// scripted. Covers a DBEB rejection reaching the verdict with its
// transcript, the egress policy (no connection at all), the request's
// opt-out, and a stalled banner that the diagnosis budget, not the 30 s
// step timeout, ends.
#include <map>
#include <memory>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/support/fake_dns_server.h"
#include "tests/support/fake_smtp_server.h"
#include "workers/dns/dns_resolver.h"
#include "workers/loop/event_loop.h"
#include "workers/net/egress_policy.h"
#include "workers/runtime/diagnosis_job.h"
#include "workers/smtp/smtp_prober.h"

namespace ndrdiag {
namespace {

constexpr char kDomain[] = "contoso.test";
constexpr char kTarget[] = "contoso-test.mail.protection.outlook.com";
constexpr char kDbeb[] =
    "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) "
    "[DB5EUR01FT088.eop-EUR01.prod.protection.outlook.com]";

class Sink : public JobEventSink {
 public:
  explicit Sink(EventLoop& loop) : loop_(loop) {}
  void Append(const JobLeasePtr&, v1::DiagnosisEvent event) override {
    if (event.has_check_result()) {
      results[event.check_result().check_id()] = event.check_result();
    }
  }
  void Finish(const JobLeasePtr&, v1::Diagnosis::State, const v1::Verdict* v,
              std::string) override {
    if (v != nullptr) verdict = *v;
    finished = true;
    loop_.Stop();
  }
  std::map<std::string, v1::CheckResult> results;
  v1::Verdict verdict;
  bool finished = false;

 private:
  EventLoop& loop_;
};

class SmtpJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dns = FakeDnsServer::Start("127.0.0.1");
    ASSERT_TRUE(dns.ok()) << dns.status();
    dns_ = *std::move(dns);
    dns_->SetDefault({.rcode = 0, .authoritative = false});
    dns_->Set(kDomain, DnsType::kMx,
              {.answers = {{std::string(kDomain) + ".", DnsType::kMx, 3600,
                            std::string("0 ") + kTarget + "."}}});
    dns_->Set(kTarget, DnsType::kA,
              {.answers = {{std::string(kTarget) + ".", DnsType::kA, 10,
                            "127.0.0.1"}}});
  }

  void StartSmtp(FakeSmtpServer::Script script) {
    auto smtp = FakeSmtpServer::Start(std::move(script), kTarget);
    ASSERT_TRUE(smtp.ok()) << smtp.status();
    smtp_ = *std::move(smtp);
  }

  struct RunOptions {
    std::vector<std::string> allow = {"127.0.0.0/8"};
    absl::Duration budget = absl::Seconds(20);
    absl::Duration step_timeout = absl::Seconds(30);
    bool smtp_requested = true;
    std::string address = "someone@contoso.test";
  };

  // The connector family only: the DNS family's zone probe has nothing to
  // do with what these tests look at.
  Sink Run(const RunOptions& o) {
    EventLoopPtr loop = NewEpollEventLoop();
    absl::StatusOr<EgressPolicy> egress = EgressPolicy::Create(o.allow);
    EXPECT_TRUE(egress.ok());
    ResolverOptions ro;
    ro.recursive_servers = {dns_->address()};
    ro.query_timeout = absl::Milliseconds(300);
    auto resolver = NewAresResolver(*loop, *egress, ro);
    EXPECT_TRUE(resolver.ok()) << resolver.status();
    SmtpProberOptions po;
    po.helo_name = "probe.ndrdiag.test";
    po.step_timeout = o.step_timeout;
    po.connections_per_minute = 600;
    po.burst = 10;
    auto prober = NewSmtpProber(*loop, *egress, po);
    EXPECT_TRUE(prober.ok()) << prober.status();
    JobEnvironment env;
    env.loop = loop.get();
    env.resolver = resolver->get();
    env.probe.authoritative_port = dns_->port();
    env.smtp.prober = prober->get();
    env.smtp.port = smtp_->port();
    env.smtp.mail_from = "probe@ndrdiag.test";
    auto lease = std::make_shared<JobLease>();
    lease->job_id = "job";
    lease->attempt = 1;
    lease->spec.set_domain(kDomain);
    lease->spec.set_recipient_address(o.address);
    lease->spec.add_families(v1::CONNECTOR);
    lease->spec.mutable_probe_options()->mutable_time_budget()->set_seconds(
        absl::ToInt64Seconds(o.budget));
    if (!o.smtp_requested) {
      lease->spec.mutable_probe_options()->mutable_smtp()->set_value(false);
    }
    Sink sink(*loop);
    std::unique_ptr<DiagnosisJob> job;
    loop->Post([&] {
      job = std::make_unique<DiagnosisJob>(lease, env, sink);
      job->Start();
    });
    loop->AddTimer(absl::Seconds(60), [&] { loop->Stop(); });
    loop->Run();
    EXPECT_TRUE(sink.finished) << "the diagnosis did not finish";
    job.reset();
    return sink;
  }

  std::unique_ptr<FakeDnsServer> dns_;
  std::unique_ptr<FakeSmtpServer> smtp_;
};

TEST_F(SmtpJobTest, DbebRejectionIsTheCauseWithItsTranscript) {
  FakeSmtpServer::Script script;
  script.replies["RCPT"] = {{kDbeb}};
  StartSmtp(script);
  Sink s = Run({});
  ASSERT_TRUE(s.results.count("smtp.rcpt.known"));
  const v1::CheckResult& known = s.results["smtp.rcpt.known"];
  EXPECT_EQ(known.status(), v1::FAIL);
  EXPECT_EQ(known.cause(), v1::RECIPIENT_NOT_FOUND);
  bool transcript = false;
  for (const v1::Evidence& e : known.evidence()) {
    if (!e.has_smtp()) continue;
    for (const v1::SmtpLine& line : e.smtp().lines()) {
      transcript |= absl::StrContains(line.text(), "AS(201806281)");
    }
  }
  EXPECT_TRUE(transcript) << known.DebugString();
  ASSERT_GT(s.verdict.causes_size(), 0);
  EXPECT_EQ(s.verdict.causes(0).cause(), v1::RECIPIENT_NOT_FOUND);
  EXPECT_GE(smtp_->Connections(), 1);
  EXPECT_FALSE(smtp_->ReceivedDataOrBdat());
  // The MAIL FROM is the service's, never the customer's domain.
  for (const std::string& command : smtp_->Commands()) {
    if (absl::StartsWithIgnoreCase(command, "MAIL FROM")) {
      EXPECT_EQ(command, "MAIL FROM:<probe@ndrdiag.test>");
    }
  }
}

TEST_F(SmtpJobTest, EgressPolicyKeepsTheProbeOffLoopback) {
  StartSmtp({});
  // 127.0.0.1 is not allowed: the resolver is trusted configuration, the
  // MX address found in DNS data is not.
  Sink s = Run({.allow = {"127.77.0.0/16"}});
  ASSERT_TRUE(s.results.count("smtp.mx.connect"));
  const v1::CheckResult& connect = s.results["smtp.mx.connect"];
  EXPECT_EQ(connect.status(), v1::INCONCLUSIVE) << connect.DebugString();
  EXPECT_TRUE(absl::StrContains(connect.inconclusive_reason(), "egress"))
      << connect.DebugString();
  EXPECT_EQ(smtp_->Connections(), 0);
}

TEST_F(SmtpJobTest, RequestOptOutSendsNothing) {
  StartSmtp({});
  Sink s = Run({.smtp_requested = false});
  ASSERT_TRUE(s.results.count("smtp.mx.connect"));
  EXPECT_EQ(s.results["smtp.mx.connect"].status(), v1::INCONCLUSIVE);
  EXPECT_EQ(smtp_->Connections(), 0);
}

TEST_F(SmtpJobTest, StalledBannerEndsWithTheBudgetNotTheStepTimeout) {
  FakeSmtpServer::Script script;
  script.banner.fault = FakeSmtpServer::Fault::kStall;
  StartSmtp(script);
  Sink s = Run({.budget = absl::Seconds(2)});
  ASSERT_TRUE(s.results.count("smtp.mx.connect"));
  const v1::CheckResult& connect = s.results["smtp.mx.connect"];
  EXPECT_EQ(connect.status(), v1::INCONCLUSIVE);
  EXPECT_EQ(connect.message_key(), "check.time_budget")
      << connect.DebugString();
  EXPECT_TRUE(s.verdict.partial());
}

TEST_F(SmtpJobTest, SilentHostPastTheStepTimeoutIsNotResponding) {
  FakeSmtpServer::Script script;
  script.banner.fault = FakeSmtpServer::Fault::kStall;
  StartSmtp(script);
  Sink s = Run({.step_timeout = absl::Milliseconds(300)});
  ASSERT_TRUE(s.results.count("smtp.mx.connect"));
  const v1::CheckResult& connect = s.results["smtp.mx.connect"];
  EXPECT_EQ(connect.status(), v1::FAIL) << connect.DebugString();
  EXPECT_EQ(connect.cause(), v1::HOST_NOT_RESPONDING);
}

}  // namespace
}  // namespace ndrdiag
