// ShardedPublisher against a real redis-server: events of many attempts,
// interleaved, spread over several connections, still land in each job's
// stream in the order they were produced, followed by its end.
#include "workers/runtime/sharded_publisher.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace ndrdiag {
namespace {

TEST(ShardedPublisherTest, KeepsEachAttemptsOrderAcrossLanes) {
  TestRedisServer redis;
  ASSERT_TRUE(redis.Start().ok());
  RedisConnection conn(redis.endpoint(), RedisOptions{});
  JobStore store(conn, JobStoreOptions{});
  ASSERT_TRUE(store.EnsureGroup().ok());

  constexpr int kJobs = 13;
  constexpr int kEvents = 20;
  std::vector<JobLeasePtr> leases;
  for (int j = 0; j < kJobs; ++j) {
    v1::DiagnosisSpec spec;
    spec.set_domain(absl::StrCat("d", j, ".example"));
    ASSERT_TRUE(store.Create("alice", "", spec, absl::Now()).ok());
  }
  absl::StatusOr<std::vector<QueueEntry>> entries =
      store.Fetch("w", kJobs, absl::Seconds(1));
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), static_cast<size_t>(kJobs));
  for (const QueueEntry& entry : *entries) {
    absl::StatusOr<std::optional<JobLease>> lease =
        store.Start(entry, "w", absl::Now());
    ASSERT_TRUE(lease.ok() && lease->has_value());
    leases.push_back(std::make_shared<JobLease>(**lease));
  }

  absl::Mutex mu;
  int finished = 0;
  PublisherOptions options;
  options.endpoint = redis.endpoint();
  ShardedPublisher publisher(options, 4, [&](PublishOutcome outcome) {
    absl::MutexLock lock(&mu);
    if (outcome.kind == PublishOutcome::Kind::kFinished) ++finished;
  });
  // Interleaved across jobs, as the event loop produces them, and all queued
  // before the lanes start, so that each lane writes its share in one batch
  // while the others write theirs.
  for (int e = 0; e < kEvents; ++e) {
    for (const JobLeasePtr& lease : leases) {
      v1::DiagnosisEvent event;
      event.mutable_check_result()->set_check_id(absl::StrCat("c", e));
      publisher.Append(lease, std::move(event));
    }
  }
  for (const JobLeasePtr& lease : leases) {
    publisher.Finish(lease, v1::Diagnosis::SUCCEEDED, nullptr, "");
  }
  publisher.Start();
  {
    absl::MutexLock lock(&mu);
    auto all_finished = [&] {
      mu.AssertHeld();
      return finished == kJobs;
    };
    EXPECT_TRUE(
        mu.AwaitWithTimeout(absl::Condition(&all_finished), absl::Seconds(30)))
        << finished << " of " << kJobs << " finished";
  }
  publisher.Stop(absl::Now() + absl::Seconds(5));

  for (const JobLeasePtr& lease : leases) {
    absl::StatusOr<std::vector<StoredEvent>> events =
        store.ReadEvents(lease->job_id, "", 1000);
    ASSERT_TRUE(events.ok());
    std::vector<std::string> results;
    for (const StoredEvent& e : *events) {
      if (e.event.has_check_result()) {
        results.push_back(e.event.check_result().check_id());
      }
    }
    ASSERT_EQ(results.size(), static_cast<size_t>(kEvents)) << lease->job_id;
    for (int e = 0; e < kEvents; ++e) {
      EXPECT_EQ(results[e], absl::StrCat("c", e)) << lease->job_id;
    }
    ASSERT_FALSE(events->empty());
    EXPECT_TRUE(events->back().terminal);
    absl::StatusOr<v1::Diagnosis> d = store.Get("alice", lease->job_id, false);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->state(), v1::Diagnosis::SUCCEEDED);
  }
}

}  // namespace
}  // namespace ndrdiag
