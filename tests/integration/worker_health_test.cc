// The worker's gRPC health endpoint: SERVING while the worker takes jobs,
// NOT_SERVING while Redis is gone, and NOT_SERVING for good once it drains
// (RequestStop, as on SIGTERM) even while a job still runs.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/job_store.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/fake_dns_server.h"
#include "tests/support/grpc_health.h"
#include "tests/support/redis_server.h"
#include "workers/runtime/worker_runtime.h"

namespace ndrdiag {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(30);

class WorkerHealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok()) << redis_.Log();
    auto dns = FakeDnsServer::Start("127.0.0.1");
    ASSERT_TRUE(dns.ok()) << dns.status();
    dns_ = *std::move(dns);
    // Every question goes unanswered: a job waits on DNS until cancelled.
    dns_->SetDefault({.fault = FakeDnsServer::Fault::kNoReply});
    store_options_.lease = absl::Milliseconds(600);
    conn_ =
        std::make_unique<RedisConnection>(redis_.endpoint(), RedisOptions{});
    store_ = std::make_unique<JobStore>(*conn_, store_options_);

    WorkerOptions options;
    options.smtp_probe = false;
    options.redis_url = redis_.url();
    options.store = store_options_;
    options.resolver.recursive_servers = {dns_->address()};
    options.resolver.query_timeout = absl::Seconds(20);
    options.resolver.tries = 1;
    options.allow_cidrs = {"127.0.0.0/8"};
    options.consumer = "health-test";
    options.grace_period = absl::Seconds(60);
    options.probe.authoritative_port = dns_->port();
    options.probe.panel_resolvers.clear();
    options.fetch_block = absl::Milliseconds(100);
    options.health_listen = "127.0.0.1:0";
    options.health_interval = absl::Milliseconds(100);
    auto runtime = WorkerRuntime::Create(options);
    ASSERT_TRUE(runtime.ok()) << runtime.status();
    runtime_ = *std::move(runtime);
    ASSERT_GT(runtime_->health_port(), 0);
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", runtime_->health_port()),
                            grpc::InsecureChannelCredentials());
    thread_ = std::thread([this] { runtime_->Run(); });
  }

  void TearDown() override {
    if (runtime_ == nullptr) return;
    runtime_->RequestStop();
    if (thread_.joinable()) thread_.join();
    runtime_.reset();
  }

  // grpc.health.v1.Health/Check of "": 1 SERVING, 2 NOT_SERVING, -1 no
  // answer.
  int Health() { return CheckGrpcHealth(channel_, ""); }

  bool AwaitHealth(int want) {
    const absl::Time end = absl::Now() + kDeadline;
    while (absl::Now() < end) {
      if (Health() == want) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  TestRedisServer redis_;
  std::unique_ptr<FakeDnsServer> dns_;
  JobStoreOptions store_options_;
  std::unique_ptr<RedisConnection> conn_;
  std::unique_ptr<JobStore> store_;
  std::unique_ptr<WorkerRuntime> runtime_;
  std::shared_ptr<grpc::Channel> channel_;
  std::thread thread_;
};

TEST_F(WorkerHealthTest, ServingThenNotServingWithoutRedis) {
  ASSERT_TRUE(AwaitHealth(1));
  redis_.Kill();
  EXPECT_TRUE(AwaitHealth(2));
  ASSERT_TRUE(redis_.Start().ok()) << redis_.Log();
  EXPECT_TRUE(AwaitHealth(1));
}

TEST_F(WorkerHealthTest, NotServingWhileDraining) {
  ASSERT_TRUE(AwaitHealth(1));
  v1::DiagnosisSpec spec;
  spec.set_domain("silent.test");
  spec.add_families(v1::DNS);
  auto created = store_->Create("tester", "", spec, absl::Now());
  ASSERT_TRUE(created.ok()) << created.status();
  const absl::Time end = absl::Now() + kDeadline;
  while (runtime_->jobs_in_flight() == 0 && absl::Now() < end) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(runtime_->jobs_in_flight(), 1);

  runtime_->RequestStop();
  // The job waits on DNS that never answers, within a 60 s grace period:
  // the worker is draining, not gone.
  EXPECT_EQ(Health(), 2);
  EXPECT_EQ(runtime_->jobs_in_flight(), 1);

  // Cancelling the job lets the drain end; health stays NOT_SERVING.
  auto id = JobStore::ParseName(created->diagnosis.name(), "name");
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(store_->Cancel("tester", *id, absl::Now()).ok());
  thread_.join();
  EXPECT_EQ(Health(), 2);
}

}  // namespace
}  // namespace ndrdiag
