// EventPump against a real redis-server: what each watcher receives, through
// notifications alone, through sweeps alone, across a Redis outage and a
// shutdown.
#include "service/event_pump.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/job_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;

constexpr absl::Duration kDeadline = absl::Seconds(20);

// Records what the pump delivers.
class RecordingSink : public WatchSink {
 public:
  bool OnEvents(std::vector<RawEvent> events) override {
    absl::MutexLock lock(&mu_);
    ++calls_;
    for (RawEvent& e : events) events_.push_back(std::move(e));
    return keep_going_;
  }
  void OnClosed(const absl::Status& status) override {
    absl::MutexLock lock(&mu_);
    closed_count_++;
    closed_ = status;
  }

  // Waits until `n` events arrived (or the deadline).
  bool WaitForEvents(size_t n) {
    absl::MutexLock lock(&mu_);
    want_ = n;
    return mu_.AwaitWithTimeout(
        absl::Condition(this, &RecordingSink::HasWantedEvents), kDeadline);
  }
  bool WaitForClose() {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(this, &RecordingSink::IsClosed),
                                kDeadline);
  }

  std::vector<RawEvent> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  std::vector<std::string> ids() {
    std::vector<std::string> out;
    for (const RawEvent& e : events()) out.push_back(e.id);
    return out;
  }
  absl::Status closed() {
    absl::MutexLock lock(&mu_);
    return closed_;
  }
  int closed_count() {
    absl::MutexLock lock(&mu_);
    return closed_count_;
  }
  void set_keep_going(bool keep) {
    absl::MutexLock lock(&mu_);
    keep_going_ = keep;
  }

 private:
  bool HasWantedEvents() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return events_.size() >= want_;
  }
  bool IsClosed() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return closed_count_ > 0;
  }

  mutable absl::Mutex mu_;
  std::vector<RawEvent> events_;
  int calls_ = 0;
  int closed_count_ = 0;
  absl::Status closed_;
  bool keep_going_ = true;
  size_t want_ = 0;
};

class EventPumpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    RedisOptions fast;
    fast.max_backoff = absl::Milliseconds(200);
    conn_ = std::make_unique<RedisConnection>(redis_.endpoint(), fast);
    store_ = std::make_unique<JobStore>(*conn_, store_options_);
    ASSERT_TRUE(store_->EnsureGroup().ok());
  }

  void StartPump(EventPumpOptions options) {
    options.redis.max_backoff = absl::Milliseconds(200);
    pump_ = std::make_unique<EventPump>(redis_.endpoint(), options);
    pump_->Start();
  }

  std::string CreateJob() {
    v1::DiagnosisSpec spec;
    spec.set_domain("contoso.com");
    absl::StatusOr<JobStore::CreateResult> r =
        store_->Create("alice", "", spec, absl::Now());
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *JobStore::ParseName(r->diagnosis.name(), "name") : "";
  }

  // Takes `job_id` from the queue and starts it; jobs queued before it are
  // started on the way and kept for later calls.
  JobLease StartJob(const std::string& job_id) {
    for (int round = 0; round < 100; ++round) {
      auto it = leases_.find(job_id);
      if (it != leases_.end()) return it->second;
      absl::StatusOr<std::vector<QueueEntry>> entries =
          store_->Fetch("w1", 100, absl::Milliseconds(100));
      EXPECT_TRUE(entries.ok()) << entries.status();
      if (!entries.ok()) break;
      for (const QueueEntry& entry : *entries) {
        absl::StatusOr<std::optional<JobLease>> lease =
            store_->Start(entry, "worker-1", absl::Now());
        EXPECT_TRUE(lease.ok() && lease->has_value());
        if (lease.ok() && lease->has_value()) {
          leases_[entry.job_id] = **lease;
        }
      }
    }
    ADD_FAILURE() << "job " << job_id << " never came out of the queue";
    return {};
  }

  void AppendCheck(const JobLease& lease, const std::string& check_id) {
    v1::DiagnosisEvent e;
    e.mutable_check_result()->set_check_id(check_id);
    e.mutable_check_result()->set_status(v1::PASS);
    ASSERT_TRUE(store_->Append(lease, e, absl::Now()).ok());
  }

  void Finish(const JobLease& lease) {
    v1::Verdict verdict;
    verdict.add_causes()->set_cause(v1::HEALTHY);
    ASSERT_TRUE(
        store_
            ->Finish(lease, v1::Diagnosis::SUCCEEDED, &verdict, "", absl::Now())
            .ok());
  }

  std::vector<std::string> StoredIds(const std::string& job_id) {
    absl::StatusOr<std::vector<RawEvent>> events =
        store_->ReadRawEvents(job_id, "", 10000);
    EXPECT_TRUE(events.ok()) << events.status();
    std::vector<std::string> ids;
    if (events.ok()) {
      for (const RawEvent& e : *events) ids.push_back(e.id);
    }
    return ids;
  }

  TestRedisServer redis_;
  JobStoreOptions store_options_;
  std::unique_ptr<RedisConnection> conn_;
  std::unique_ptr<JobStore> store_;
  std::map<std::string, JobLease> leases_;
  EventPumpPtr pump_;
};

// With sweeps far apart, only notifications can bring live events.
EventPumpOptions NotificationsOnly() {
  EventPumpOptions o;
  o.sweep_interval = absl::Hours(1);
  return o;
}

TEST_F(EventPumpTest, DeliversBacklogAndLiveEventsExactlyOnceInOrder) {
  StartPump(NotificationsOnly());
  const std::string job = CreateJob();
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(pump_->Watch(job, "", sink).ok());
  ASSERT_TRUE(sink->WaitForEvents(2));  // accepted, QUEUED

  const JobLease lease = StartJob(job);
  ASSERT_TRUE(sink->WaitForEvents(3));  // RUNNING
  for (int i = 0; i < 5; ++i)
    AppendCheck(lease, "dns.mx.check" + std::to_string(i));
  Finish(lease);

  const std::vector<std::string> stored = StoredIds(job);
  ASSERT_EQ(stored.size(), 10u);  // accepted, QUEUED, RUNNING, 5, verdict, end
  ASSERT_TRUE(sink->WaitForEvents(stored.size()));
  EXPECT_EQ(sink->ids(), stored);
  EXPECT_TRUE(sink->events().back().terminal);
  v1::DiagnosisEvent first;
  ASSERT_TRUE(first.ParseFromString(sink->events().front().WireBytes()));
  EXPECT_TRUE(first.has_accepted());
  // A terminal event ends the watch without a close.
  EXPECT_EQ(pump_->watcher_count(), 0u);
  EXPECT_EQ(sink->closed_count(), 0);
}

TEST_F(EventPumpTest, StartsAfterTheCursor) {
  StartPump(NotificationsOnly());
  const std::string job = CreateJob();
  const std::vector<std::string> before = StoredIds(job);
  ASSERT_EQ(before.size(), 2u);
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(pump_->Watch(job, before[0], sink).ok());
  const JobLease lease = StartJob(job);
  Finish(lease);
  const std::vector<std::string> stored = StoredIds(job);
  ASSERT_TRUE(sink->WaitForEvents(stored.size() - 1));
  EXPECT_EQ(sink->ids(),
            std::vector<std::string>(stored.begin() + 1, stored.end()));
}

TEST_F(EventPumpTest, WatchersOfOneJobKeepTheirOwnCursors) {
  StartPump(NotificationsOnly());
  const std::string job = CreateJob();
  const JobLease lease = StartJob(job);
  AppendCheck(lease, "a");
  AppendCheck(lease, "b");
  const std::vector<std::string> early = StoredIds(job);  // 5 events
  std::vector<std::shared_ptr<RecordingSink>> sinks;
  for (size_t cursor = 0; cursor <= early.size(); ++cursor) {
    sinks.push_back(std::make_shared<RecordingSink>());
    ASSERT_TRUE(
        pump_->Watch(job, cursor == 0 ? "" : early[cursor - 1], sinks.back())
            .ok());
  }
  AppendCheck(lease, "c");
  Finish(lease);
  const std::vector<std::string> stored = StoredIds(job);
  for (size_t cursor = 0; cursor < sinks.size(); ++cursor) {
    ASSERT_TRUE(sinks[cursor]->WaitForEvents(stored.size() - cursor));
    EXPECT_EQ(sinks[cursor]->ids(),
              std::vector<std::string>(stored.begin() + cursor, stored.end()))
        << "watcher with cursor " << cursor;
  }
  EXPECT_EQ(pump_->watcher_count(), 0u);
}

TEST_F(EventPumpTest, SweepDeliversEventsWhoseNotificationWasLost) {
  EventPumpOptions options;
  options.sweep_interval = absl::Milliseconds(100);
  StartPump(options);
  const std::string job = CreateJob();
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(pump_->Watch(job, "", sink).ok());
  ASSERT_TRUE(sink->WaitForEvents(2));
  // Appended behind the store's back: no PUBLISH, as if the message was lost.
  v1::DiagnosisEvent e;
  e.mutable_state_change()->set_state(v1::Diagnosis::CANCELLED);
  absl::StatusOr<RedisReply> added =
      conn_->Command({"XADD", "ndrdiag:events:" + job, "*", "e",
                      e.SerializeAsString(), "t", "1"});
  ASSERT_TRUE(added.ok() && !added->is_error());
  ASSERT_TRUE(sink->WaitForEvents(3));
  EXPECT_EQ(sink->ids(), StoredIds(job));
  EXPECT_TRUE(sink->events().back().terminal);
  EXPECT_EQ(pump_->watcher_count(), 0u);
}

TEST_F(EventPumpTest, AJobWithCorruptEventsDoesNotStallOthers) {
  StartPump(NotificationsOnly());
  const std::string bad = CreateJob();
  const std::string good = CreateJob();
  auto bad_sink = std::make_shared<RecordingSink>();
  auto good_sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(pump_->Watch(bad, "", bad_sink).ok());
  ASSERT_TRUE(pump_->Watch(good, "", good_sink).ok());
  ASSERT_TRUE(bad_sink->WaitForEvents(2));
  ASSERT_TRUE(good_sink->WaitForEvents(2));
  absl::StatusOr<RedisReply> added = conn_->Command(
      {"XADD", "ndrdiag:events:" + bad, "*", "e", "\xff\xff\xff"});
  ASSERT_TRUE(added.ok() && !added->is_error());
  // Both jobs are read in one round trip from here on.
  StartJob(bad);  // its RUNNING event makes the pump read the bad job
  const JobLease good_lease = StartJob(good);
  Finish(good_lease);
  const std::vector<std::string> stored = StoredIds(good);
  ASSERT_TRUE(good_sink->WaitForEvents(stored.size()));
  EXPECT_EQ(good_sink->ids(), stored);
  ASSERT_TRUE(bad_sink->WaitForClose());
  EXPECT_EQ(bad_sink->closed().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(pump_->watcher_count(), 0u);
}

TEST_F(EventPumpTest, ManyWatchersOnManyJobs) {
  StartPump(NotificationsOnly());
  constexpr int kJobs = 100;
  constexpr int kWatchersPerJob = 5;
  std::vector<std::string> jobs;
  std::vector<std::shared_ptr<RecordingSink>> sinks;
  for (int j = 0; j < kJobs; ++j) {
    jobs.push_back(CreateJob());
    for (int w = 0; w < kWatchersPerJob; ++w) {
      sinks.push_back(std::make_shared<RecordingSink>());
      ASSERT_TRUE(pump_->Watch(jobs.back(), "", sinks.back()).ok());
    }
  }
  for (const std::string& job : jobs) {
    const JobLease lease = StartJob(job);
    AppendCheck(lease, "dns.mx.present");
    Finish(lease);
  }
  for (int j = 0; j < kJobs; ++j) {
    const std::vector<std::string> stored = StoredIds(jobs[j]);
    for (int w = 0; w < kWatchersPerJob; ++w) {
      RecordingSink& sink = *sinks[j * kWatchersPerJob + w];
      ASSERT_TRUE(sink.WaitForEvents(stored.size()));
      EXPECT_EQ(sink.ids(), stored);
    }
  }
  EXPECT_EQ(pump_->watcher_count(), 0u);
}

TEST_F(EventPumpTest, SinkThatEndedIsForgotten) {
  StartPump(NotificationsOnly());
  const std::string job = CreateJob();
  auto sink = std::make_shared<RecordingSink>();
  sink->set_keep_going(false);
  ASSERT_TRUE(pump_->Watch(job, "", sink).ok());
  ASSERT_TRUE(sink->WaitForEvents(2));
  for (int i = 0; i < 200 && pump_->watcher_count() > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(pump_->watcher_count(), 0u);
}

TEST_F(EventPumpTest, UnwatchForgetsTheWatcher) {
  StartPump(NotificationsOnly());
  const std::string job = CreateJob();
  auto sink = std::make_shared<RecordingSink>();
  absl::StatusOr<EventPump::WatchId> id = pump_->Watch(job, "", sink);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(pump_->watcher_count(), 1u);
  pump_->Unwatch(*id);
  EXPECT_EQ(pump_->watcher_count(), 0u);
  pump_->Shutdown();
  EXPECT_EQ(sink->closed_count(), 0);
}

TEST_F(EventPumpTest, RedisDownLongerThanGraceClosesWatchers) {
  EventPumpOptions options;
  options.sweep_interval = absl::Milliseconds(100);
  options.unavailable_grace = absl::Milliseconds(500);
  StartPump(options);
  const std::string job = CreateJob();
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(pump_->Watch(job, "", sink).ok());
  ASSERT_TRUE(sink->WaitForEvents(2));
  redis_.Kill();
  ASSERT_TRUE(sink->WaitForClose());
  EXPECT_EQ(sink->closed().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(sink->closed().message()),
              HasSubstr("resume with after_event_id"));
  EXPECT_EQ(pump_->watcher_count(), 0u);

  // Back again: new watchers are served.
  ASSERT_TRUE(redis_.Start().ok());
  auto again = std::make_shared<RecordingSink>();
  ASSERT_TRUE(pump_->Watch(job, sink->ids().back(), again).ok());
  JobLease lease;
  for (int i = 0; i < 100 && lease.job_id.empty(); ++i) {
    // The store's connection may still be backing off.
    absl::StatusOr<std::vector<QueueEntry>> entries =
        store_->Fetch("w1", 1, absl::Milliseconds(100));
    if (!entries.ok() || entries->empty()) {
      absl::SleepFor(absl::Milliseconds(100));
      continue;
    }
    absl::StatusOr<std::optional<JobLease>> l =
        store_->Start(entries->front(), "worker-1", absl::Now());
    ASSERT_TRUE(l.ok() && l->has_value());
    lease = **l;
  }
  ASSERT_EQ(lease.job_id, job);
  Finish(lease);
  const std::vector<std::string> stored = StoredIds(job);
  ASSERT_TRUE(again->WaitForEvents(stored.size() - 2));
  EXPECT_EQ(again->ids(),
            std::vector<std::string>(stored.begin() + 2, stored.end()));
}

TEST_F(EventPumpTest, ShutdownClosesWatchersAndRefusesNewOnes) {
  StartPump(NotificationsOnly());
  const std::string job = CreateJob();
  auto sink = std::make_shared<RecordingSink>();
  ASSERT_TRUE(pump_->Watch(job, "", sink).ok());
  ASSERT_TRUE(sink->WaitForEvents(2));
  pump_->Shutdown();
  EXPECT_EQ(sink->closed_count(), 1);
  EXPECT_EQ(sink->closed().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(sink->closed().message(), kShuttingDownMessage);
  absl::StatusOr<EventPump::WatchId> late =
      pump_->Watch(job, "", std::make_shared<RecordingSink>());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kUnavailable);
  pump_->Shutdown();  // idempotent
  EXPECT_EQ(sink->closed_count(), 1);
}

}  // namespace
}  // namespace ndrdiag
