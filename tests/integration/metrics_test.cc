// /metrics of a frontend and a worker, both in-process against a real
// redis-server and the fake DNS server: one diagnosis through the gRPC API,
// then a scrape over loopback HTTP shows every named series with the values
// that diagnosis must have produced.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/metrics_server.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"
#include "service/frontend.h"
#include "tests/support/fake_dns_server.h"
#include "tests/support/http_scrape.h"
#include "tests/support/redis_server.h"
#include "workers/runtime/worker_runtime.h"

namespace ndrdiag {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(30);

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok()) << redis_.Log();
    auto dns = FakeDnsServer::Start("127.0.0.1");
    ASSERT_TRUE(dns.ok()) << dns.status();
    dns_ = *std::move(dns);
    dns_->SetDefault({.rcode = 0, .authoritative = true});
    dns_->ServeTestZone("healthy.test",
                        {"0 healthy-test.mail.protection.outlook.com."});
    dns_->ServeHost("healthy-test.mail.protection.outlook.com", "104.47.1.1");

    auto metrics = MetricsServer::Start("127.0.0.1:0");
    ASSERT_TRUE(metrics.ok()) << metrics.status();
    metrics_ = *std::move(metrics);

    FrontendOptions options;
    options.listen = "127.0.0.1:0";
    options.redis_url = redis_.url();
    options.store_threads = 2;
    options.health_interval = absl::Milliseconds(100);
    options.queue_stats_interval = absl::Milliseconds(100);
    auto frontend = Frontend::Start(options);
    ASSERT_TRUE(frontend.ok()) << frontend.status();
    frontend_ = *std::move(frontend);
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", frontend_->port()),
                            grpc::InsecureChannelCredentials());
    stub_ = v1::DiagnosisService::NewStub(channel_);
  }

  void TearDown() override {
    if (runtime_ != nullptr) {
      runtime_->RequestStop();
      worker_thread_.join();
      runtime_.reset();
    }
    if (frontend_ != nullptr) frontend_->Shutdown();
  }

  void StartWorker() {
    WorkerOptions options;
    options.smtp_probe = false;  // the fake MX is a public address
    options.redis_url = redis_.url();
    options.concurrency = 4;
    options.resolver.recursive_servers = {dns_->address()};
    options.resolver.query_timeout = absl::Seconds(2);
    options.resolver.tries = 1;
    options.allow_cidrs = {"127.0.0.0/8"};
    options.consumer = "metrics-test";
    options.grace_period = absl::Seconds(2);
    options.probe.authoritative_port = dns_->port();
    options.probe.panel_resolvers.clear();
    options.fetch_block = absl::Milliseconds(200);
    auto runtime = WorkerRuntime::Create(options);
    ASSERT_TRUE(runtime.ok()) << runtime.status();
    runtime_ = *std::move(runtime);
    worker_thread_ = std::thread([this] { runtime_->Run(); });
  }

  std::string Scrape() {
    absl::StatusOr<std::string> text = HttpGet(metrics_->port(), "/metrics");
    EXPECT_TRUE(text.ok()) << text.status();
    return text.ok() ? *text : "";
  }

  // Scrapes until series `name` (with `labels`) has the value `want` (or,
  // with `at_least`, any value from `want` up); the last value seen.
  double AwaitSample(const std::string& name,
                     const std::map<std::string, std::string>& labels,
                     double want, bool at_least = false) {
    const absl::Time end = absl::Now() + kDeadline;
    double value = -1;
    while (absl::Now() < end) {
      value = SampleSum(Scrape(), name, labels);
      if (value == want || (at_least && value > want)) return value;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return value;
  }

  TestRedisServer redis_;
  std::unique_ptr<FakeDnsServer> dns_;
  MetricsServerPtr metrics_;
  FrontendPtr frontend_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::DiagnosisService::Stub> stub_;
  std::unique_ptr<WorkerRuntime> runtime_;
  std::thread worker_thread_;
};

TEST_F(MetricsEndpointTest, OneDiagnosisShowsInEveryNamedSeries) {
  // Counters are per process: compare with what other tests of this binary
  // may have left.
  const std::string before = Scrape();
  auto delta = [&before](const std::string& text, const std::string& name,
                         const std::map<std::string, std::string>& labels) {
    return SampleSum(text, name, labels) -
           std::max(0.0, SampleSum(before, name, labels));
  };
  v1::CreateDiagnosisRequest create;
  create.mutable_spec()->set_domain("healthy.test");
  create.mutable_spec()->add_families(v1::DNS);
  v1::Diagnosis created;
  {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kDeadline));
    grpc::Status status = stub_->CreateDiagnosis(&context, create, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Watch it before any worker runs: the stream is open, the job queued.
  grpc::ClientContext watch_context;
  watch_context.set_deadline(absl::ToChronoTime(absl::Now() + kDeadline));
  v1::WatchDiagnosisRequest watch;
  watch.set_name(created.name());
  std::unique_ptr<grpc::ClientReader<v1::DiagnosisEvent>> reader =
      stub_->WatchDiagnosis(&watch_context, watch);
  EXPECT_EQ(AwaitSample("ndrdiag_watch_streams_open", {}, 1), 1);
  EXPECT_EQ(AwaitSample("ndrdiag_queue_lag", {}, 1), 1);

  StartWorker();
  bool terminal = false;
  v1::DiagnosisEvent event;
  while (reader->Read(&event)) {
    if (event.state_change().state() == v1::Diagnosis::SUCCEEDED) {
      terminal = true;
    }
  }
  EXPECT_TRUE(terminal);
  EXPECT_TRUE(reader->Finish().ok());

  // Finished once its terminal state was written, which the watcher saw.
  const std::map<std::string, std::string> healthy = {{"state", "SUCCEEDED"},
                                                      {"cause", "HEALTHY"}};
  const double finished_before =
      std::max(0.0, SampleSum(before, "ndrdiag_jobs_finished_total", healthy));
  EXPECT_EQ(
      AwaitSample("ndrdiag_jobs_finished_total", healthy, finished_before + 1),
      finished_before + 1);
  EXPECT_EQ(AwaitSample("ndrdiag_watch_streams_open", {}, 0), 0);
  const std::string text = Scrape();
  const std::map<std::string, std::string> create_ok = {
      {"grpc_service", "ndrdiag.v1.DiagnosisService"},
      {"grpc_method", "CreateDiagnosis"},
      {"grpc_code", "OK"}};
  EXPECT_EQ(delta(text, "grpc_server_handled_total", create_ok), 1);
  EXPECT_EQ(delta(text, "grpc_server_handled_total",
                  {{"grpc_method", "WatchDiagnosis"}, {"grpc_code", "OK"}}),
            1);
  EXPECT_EQ(delta(text, "grpc_server_handling_seconds_count",
                  {{"grpc_method", "CreateDiagnosis"}}),
            1);
  EXPECT_GT(delta(text, "grpc_server_handling_seconds_sum",
                  {{"grpc_method", "CreateDiagnosis"}}),
            0);
  EXPECT_EQ(delta(text, "ndrdiag_jobs_enqueued_total", {}), 1);
  EXPECT_EQ(delta(text, "ndrdiag_jobs_started_total", {}), 1);
  EXPECT_EQ(delta(text, "ndrdiag_job_duration_seconds_count",
                  {{"state", "SUCCEEDED"}}),
            1);
  EXPECT_GT(delta(text, "ndrdiag_job_duration_seconds_sum", {}), 0);
  EXPECT_EQ(SampleSum(text, "ndrdiag_jobs_in_flight"), 0);
  // Every event of the finished job was written: nothing left queued.
  EXPECT_NE(text.find("\nndrdiag_publish_queue "), std::string::npos);
  EXPECT_EQ(SampleSum(text, "ndrdiag_publish_queue"), 0);
  EXPECT_GT(delta(text, "ndrdiag_check_results_total",
                  {{"check_id", "dns.mx.present"}}),
            0);
  EXPECT_GT(delta(text, "ndrdiag_check_results_total", {{"status", "PASS"}}),
            0);
  EXPECT_GT(delta(text, "ndrdiag_check_duration_seconds_count",
                  {{"check_id", "dns.mx.present"}}),
            0);
  EXPECT_GT(delta(text, "ndrdiag_dns_queries_total",
                  {{"mode", "recursive"}, {"outcome", "NOERROR"}}),
            0);
  EXPECT_EQ(AwaitSample("ndrdiag_queue_lag", {}, 0), 0);
  // Queue counters of common/metrics.h are served too (nothing was
  // reclaimed or dead-lettered here; reclaim_test proves they move).
  EXPECT_GE(SampleSum(text, "ndrdiag_jobs_reclaimed_total"), 0);
  EXPECT_GE(SampleSum(text, "ndrdiag_jobs_dead_lettered_total"), 0);
  EXPECT_EQ(delta(text, "ndrdiag_job_attempts_total", {}), 1);
}

TEST_F(MetricsEndpointTest, FailedCallsAreCountedWithTheirCode) {
  v1::GetDiagnosisRequest get;
  get.set_name("diagnoses/doesnotexist");
  v1::Diagnosis out;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + kDeadline));
  grpc::Status status = stub_->GetDiagnosis(&context, get, &out);
  ASSERT_FALSE(status.ok());
  const std::string code = status.error_code() == grpc::StatusCode::NOT_FOUND
                               ? "NOT_FOUND"
                               : "INVALID_ARGUMENT";
  EXPECT_GE(
      AwaitSample("grpc_server_handled_total",
                  {{"grpc_method", "GetDiagnosis"}, {"grpc_code", code}}, 1),
      1);
}

}  // namespace
}  // namespace ndrdiag
