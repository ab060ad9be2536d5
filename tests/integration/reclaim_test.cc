// Leases, reclaim, heartbeats, hand-back and dead letters of JobStore, in
// the style of Asynq's recoverer tests: seed Redis with pending entries
// whose idle times lie before and after the lease (XCLAIM ... IDLE), stale
// attempts and a job out of attempts; run ONE reclaim step; compare the
// resulting state exactly (hash fields, pending-list owners, events).
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/job_store.h"
#include "common/metrics.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using v1::Diagnosis;

constexpr char kOwner[] = "alice";
const absl::Time kT0 = absl::FromUnixMillis(1700000000000);
constexpr int64_t kLeaseMs = 30000;

using Fields = std::map<std::string, std::string>;

class ReclaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    conn_ =
        std::make_unique<RedisConnection>(redis_.endpoint(), RedisOptions{});
    options_.lease = absl::Milliseconds(kLeaseMs);
    options_.max_attempts = 3;
    options_.retention = absl::Hours(1);
    store_ = std::make_unique<JobStore>(*conn_, options_);
    ASSERT_TRUE(store_->EnsureGroup().ok());
  }

  RedisReply Raw(const std::vector<std::string>& argv) {
    absl::StatusOr<RedisReply> r = conn_->Command(argv);
    EXPECT_TRUE(r.ok()) << r.status();
    EXPECT_FALSE(r.ok() && r->is_error()) << r->str;
    return r.ok() ? *r : RedisReply{};
  }

  // Creates a job and starts attempt 1 on `worker` (consumer = worker).
  JobLease Running(const std::string& worker) {
    v1::DiagnosisSpec spec;
    spec.set_domain("contoso.com");
    auto created = store_->Create(kOwner, "", spec, kT0);
    EXPECT_TRUE(created.ok()) << created.status();
    auto entries = store_->Fetch(worker, 1, absl::ZeroDuration());
    EXPECT_TRUE(entries.ok() && entries->size() == 1u);
    if (!entries.ok() || entries->empty()) return {};
    auto lease = store_->Start(entries->front(), worker, kT0);
    EXPECT_TRUE(lease.ok() && lease->has_value());
    return lease.ok() && lease->has_value() ? **lease : JobLease{};
  }

  // Moves `entry` to `consumer`'s pending list with the given idle time.
  void SetIdle(const std::string& entry, const std::string& consumer,
               int64_t idle_ms) {
    RedisReply r = Raw({"XCLAIM", "ndrdiag:jobs", "workers", consumer, "0",
                        entry, "IDLE", absl::StrCat(idle_ms), "JUSTID"});
    EXPECT_EQ(r.elements.size(), 1u) << entry << " is not pending";
  }

  Fields Hash(const std::string& id) {
    Fields out;
    RedisReply r = Raw({"HGETALL", "ndrdiag:job:" + id});
    for (size_t i = 0; i + 1 < r.elements.size(); i += 2) {
      if (r.elements[i].str == "spec") continue;  // bytes, checked elsewhere
      out[r.elements[i].str] = r.elements[i + 1].str;
    }
    return out;
  }

  // entry id -> owning consumer, for the whole pending list.
  std::map<std::string, std::string> Pending() {
    std::map<std::string, std::string> out;
    RedisReply r =
        Raw({"XPENDING", "ndrdiag:jobs", "workers", "-", "+", "1000"});
    for (const RedisReply& e : r.elements) {
      out[e.elements[0].str] = e.elements[1].str;
    }
    return out;
  }

  std::vector<StoredEvent> Events(const std::string& id) {
    auto events = store_->ReadEvents(id, "", 1000);
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<StoredEvent>{};
  }

  TestRedisServer redis_;
  std::unique_ptr<RedisConnection> conn_;
  JobStoreOptions options_;
  std::unique_ptr<JobStore> store_;
};

std::string Ms(absl::Time t) { return absl::StrCat(absl::ToUnixMillis(t)); }

TEST_F(ReclaimTest, OneStepTakesExpiredLeasesOnlyAndDeadLettersExhaustedJobs) {
  // expired: attempt 1 on w-old, idle past the lease.
  JobLease expired = Running("w-old");
  SetIdle(expired.entry_id, "w-old", kLeaseMs + 5000);
  // alive: attempt 1 on w-live, idle well within the lease.
  JobLease alive = Running("w-live");
  SetIdle(alive.entry_id, "w-live", kLeaseMs - 10000);
  // finished: its Finish's acknowledgement was lost (e.g. the entry was
  // re-delivered); stale, idle past the lease.
  JobLease finished = Running("w-old");
  ASSERT_TRUE(
      store_->Finish(finished, Diagnosis::SUCCEEDED, nullptr, "", kT0).ok());
  Raw({"XADD", "ndrdiag:jobs", "*", "job", finished.job_id});
  auto redelivered = store_->Fetch("w-old", 1, absl::ZeroDuration());
  ASSERT_TRUE(redelivered.ok() && redelivered->size() == 1u);
  const std::string stale_entry = redelivered->front().entry_id;
  SetIdle(stale_entry, "w-old", kLeaseMs * 2);
  // exhausted: three attempts lost (w1, w2, w3), the last lease expired.
  JobLease exhausted = Running("w1");
  for (const char* w : {"w2", "w3"}) {
    auto next = store_->Start({exhausted.entry_id, exhausted.job_id}, w, kT0);
    ASSERT_TRUE(next.ok() && next->has_value());
  }
  SetIdle(exhausted.entry_id, "w3", kLeaseMs + 1);
  // deleted: pending but gone from the stream.
  JobLease deleted = Running("w-old");
  SetIdle(deleted.entry_id, "w-old", kLeaseMs * 3);
  Raw({"XDEL", "ndrdiag:jobs", deleted.entry_id});

  const int64_t reclaimed_before =
      Metrics::Counter(metric_names::kJobsReclaimed).value();
  const int64_t dead_before =
      Metrics::Counter(metric_names::kJobsDeadLettered).value();
  const size_t exhausted_events = Events(exhausted.job_id).size();
  const absl::Time now = kT0 + absl::Minutes(5);

  ReclaimResult step = store_->Reclaim("w-new", 10, now);

  ASSERT_TRUE(step.error.ok()) << step.error;
  ASSERT_EQ(step.leases.size(), 1u);
  EXPECT_EQ(step.leases[0].job_id, expired.job_id);
  EXPECT_EQ(step.leases[0].entry_id, expired.entry_id);
  EXPECT_EQ(step.leases[0].attempt, 2);
  EXPECT_EQ(step.leases[0].spec.domain(), "contoso.com");
  EXPECT_EQ(step.dead_lettered, 1);
  EXPECT_EQ(step.dropped, 2);  // the finished job's entry, the deleted one
  EXPECT_EQ(Metrics::Counter(metric_names::kJobsReclaimed).value(),
            reclaimed_before + 3);
  EXPECT_EQ(Metrics::Counter(metric_names::kJobsDeadLettered).value(),
            dead_before + 1);

  // Pending list: the expired entry moved to w-new, the live one stayed,
  // everything else is gone.
  EXPECT_EQ(Pending(),
            (std::map<std::string, std::string>{{expired.entry_id, "w-new"},
                                                {alive.entry_id, "w-live"}}));
  // The queue holds only entries of unfinished jobs.
  EXPECT_EQ(Raw({"XLEN", "ndrdiag:jobs"}).integer, 2);

  EXPECT_EQ(Hash(expired.job_id),
            (Fields{{"owner", kOwner},
                    {"state", "2"},
                    {"attempt", "2"},
                    {"request_id", ""},
                    {"cancel_requested", "0"},
                    {"create_ms", Ms(kT0)},
                    {"entry", expired.entry_id},
                    {"worker", "w-new"},
                    {"start_ms", Ms(now)},
                    {"attempt.1.worker", "w-old"},
                    {"attempt.1.start_ms", Ms(kT0)},
                    {"attempt.1.end", "lease expired on worker w-old"},
                    {"attempt.1.end_ms", Ms(now)},
                    {"attempt.2.worker", "w-new"},
                    {"attempt.2.start_ms", Ms(now)}}));
  std::vector<StoredEvent> events = Events(expired.job_id);
  ASSERT_EQ(events.size(), 4u);  // accepted, QUEUED, RUNNING 1, RUNNING 2
  EXPECT_EQ(events[3].event.state_change().state(), Diagnosis::RUNNING);
  EXPECT_EQ(events[3].event.attempt(), 2);
  EXPECT_EQ(events[3].event.diagnosis(), JobStore::NameOf(expired.job_id));
  EXPECT_FALSE(events[3].terminal);

  Fields live = Hash(alive.job_id);
  EXPECT_EQ(live["attempt"], "1");
  EXPECT_EQ(live["worker"], "w-live");
  EXPECT_FALSE(live.contains("attempt.1.end"));
  EXPECT_EQ(Events(alive.job_id).size(), 3u);

  EXPECT_EQ(Hash(finished.job_id)["state"], "3");
  EXPECT_EQ(Events(finished.job_id).size(), 4u);  // nothing appended

  const std::string reason =
      "gave up after 3 attempts: lease expired on worker w3 (attempt 1: "
      "lease expired on worker w1; attempt 2: lease expired on worker w2; "
      "attempt 3: lease expired on worker w3)";
  Fields dead = Hash(exhausted.job_id);
  EXPECT_EQ(dead["state"], "4");
  EXPECT_EQ(dead["attempt"], "3");
  EXPECT_EQ(dead["end_ms"], Ms(now));
  EXPECT_EQ(dead["failure_reason"], reason);
  EXPECT_EQ(dead["attempt.3.end"], "lease expired on worker w3");
  EXPECT_EQ(dead["attempt.3.end_ms"], Ms(now));
  EXPECT_EQ(dead["attempt.2.end_ms"], Ms(kT0));
  std::vector<StoredEvent> dead_events = Events(exhausted.job_id);
  ASSERT_EQ(dead_events.size(), exhausted_events + 1);
  const StoredEvent& last = dead_events.back();
  EXPECT_TRUE(last.terminal);
  EXPECT_TRUE(last.event.terminal());
  EXPECT_EQ(last.event.attempt(), 3);
  EXPECT_EQ(last.event.state_change().state(), Diagnosis::FAILED);
  EXPECT_EQ(last.event.state_change().reason(), reason);
  EXPECT_EQ(last.event.diagnosis(), JobStore::NameOf(exhausted.job_id));
  for (const std::string key : {"ndrdiag:job:", "ndrdiag:events:"}) {
    EXPECT_GT(Raw({"PTTL", key + exhausted.job_id}).integer, 0) << key;
  }
  auto got = store_->Get(kOwner, exhausted.job_id, false);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->state(), Diagnosis::FAILED);
  EXPECT_EQ(got->failure_reason(), reason);

  // The attempt that lost its lease is fenced everywhere.
  EXPECT_EQ(store_->Heartbeat(expired, "w-old").status().code(),
            absl::StatusCode::kAborted);
  v1::DiagnosisEvent result;
  result.mutable_check_result()->set_check_id("dns.mx.present");
  EXPECT_EQ(store_->Append(expired, result, now).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(
      store_->Finish(expired, Diagnosis::SUCCEEDED, nullptr, "", now).code(),
      absl::StatusCode::kAborted);
  EXPECT_TRUE(store_->Heartbeat(step.leases[0], "w-new").ok());

  // A second step finds nothing more to do.
  ReclaimResult again = store_->Reclaim("w-new", 10, now);
  EXPECT_TRUE(again.error.ok());
  EXPECT_TRUE(again.leases.empty());
  EXPECT_EQ(again.dead_lettered + again.dropped, 0);
}

TEST_F(ReclaimTest, PaginatesUntilTheCursorWrapsButOnlyUpToCapacity) {
  std::vector<JobLease> leases;
  for (int i = 0; i < 250; ++i) {
    leases.push_back(Running("w-old"));
    SetIdle(leases.back().entry_id, "w-old", kLeaseMs + 1000);
  }
  ReclaimResult few = store_->Reclaim("w-a", 7, kT0);
  ASSERT_TRUE(few.error.ok()) << few.error;
  EXPECT_EQ(few.leases.size(), 7u);
  ReclaimResult rest = store_->Reclaim("w-b", 1000, kT0);
  ASSERT_TRUE(rest.error.ok()) << rest.error;
  EXPECT_EQ(rest.leases.size(), 243u);
  std::map<std::string, int> owners;
  for (const auto& [entry, owner] : Pending()) ++owners[owner];
  EXPECT_EQ(owners, (std::map<std::string, int>{{"w-a", 7}, {"w-b", 243}}));
}

TEST_F(ReclaimTest, HeartbeatExtendsTheLeaseAndReportsCancel) {
  JobLease lease = Running("w1");
  // Expired already, but the holder is alive and says so before any
  // reclaimer looks.
  SetIdle(lease.entry_id, "w1", kLeaseMs + 5000);
  auto beat = store_->Heartbeat(lease, "w1");
  ASSERT_TRUE(beat.ok()) << beat.status();
  EXPECT_EQ(*beat, HeartbeatOutcome::kExtended);
  ReclaimResult step = store_->Reclaim("w2", 10, kT0);
  EXPECT_TRUE(step.leases.empty());
  EXPECT_EQ(Pending()[lease.entry_id], "w1");

  ASSERT_TRUE(store_->Cancel(kOwner, lease.job_id, kT0).ok());
  beat = store_->Heartbeat(lease, "w1");
  ASSERT_TRUE(beat.ok()) << beat.status();
  EXPECT_EQ(*beat, HeartbeatOutcome::kCancelRequested);

  ASSERT_TRUE(store_
                  ->Finish(lease, Diagnosis::CANCELLED, nullptr,
                           "cancelled by the caller", kT0)
                  .ok());
  EXPECT_EQ(Hash(lease.job_id)["attempt.1.end"],
            "CANCELLED: cancelled by the caller");
  beat = store_->Heartbeat(lease, "w1");
  EXPECT_EQ(beat.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(beat.status().message(), HasSubstr("already finished"));
}

TEST_F(ReclaimTest, HeartbeatOfAnEntryTakenOverIsFencedBeforeTheNextStart) {
  JobLease lease = Running("w1");
  // Another consumer claimed the entry (XAUTOCLAIM) but has not started
  // the next attempt yet: the old holder must stop all the same.
  SetIdle(lease.entry_id, "w2", 0);
  auto beat = store_->Heartbeat(lease, "w1");
  EXPECT_EQ(beat.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(beat.status().message(), HasSubstr("taken over by w2"));
  EXPECT_EQ(Pending()[lease.entry_id], "w2");  // not claimed back
}

TEST_F(ReclaimTest, HandedBackJobsAreReclaimedAtOnceAndDoNotCountAsLost) {
  options_.max_attempts = 1;
  store_ = std::make_unique<JobStore>(*conn_, options_);
  JobLease lease = Running("w1");
  ASSERT_TRUE(store_->Release(lease, "w1", kT0).ok());
  ASSERT_TRUE(store_->Release(lease, "w1", kT0).ok());  // a retry: no-op
  Fields h = Hash(lease.job_id);
  EXPECT_EQ(h["attempt.1.end"], "handed back by worker w1 at shutdown");
  EXPECT_EQ(h["handbacks"], "1");
  // Reclaimable at once, not after a lease; not a lost attempt.
  ReclaimResult step = store_->Reclaim("w2", 10, kT0 + absl::Seconds(1));
  ASSERT_EQ(step.leases.size(), 1u);
  EXPECT_EQ(step.leases[0].attempt, 2);
  EXPECT_EQ(Hash(lease.job_id)["attempt.1.end"],
            "handed back by worker w1 at shutdown");
  // Attempt 2's lease is lost: with max_attempts 1 that is the end.
  SetIdle(lease.entry_id, "w2", kLeaseMs + 1);
  step = store_->Reclaim("w3", 10, kT0 + absl::Minutes(1));
  EXPECT_TRUE(step.leases.empty());
  EXPECT_EQ(step.dead_lettered, 1);
  EXPECT_EQ(Hash(lease.job_id)["failure_reason"],
            "gave up after 1 attempt: lease expired on worker w2 (attempt 1: "
            "handed back by worker w1 at shutdown; attempt 2: lease expired "
            "on worker w2)");
  EXPECT_TRUE(Pending().empty());
  EXPECT_EQ(Raw({"XLEN", "ndrdiag:jobs"}).integer, 0);
}

TEST_F(ReclaimTest, DeadLetterAfterThreeLostLeases) {
  JobLease lease = Running("w0");
  for (int i = 1; i <= 3; ++i) {
    SetIdle(lease.entry_id, absl::StrCat("w", i - 1), kLeaseMs + 1);
    ReclaimResult step = store_->Reclaim(absl::StrCat("w", i), 10, kT0);
    ASSERT_TRUE(step.error.ok()) << step.error;
    if (i < 3) {
      ASSERT_EQ(step.leases.size(), 1u) << i;
      EXPECT_EQ(step.leases[0].attempt, i + 1);
    } else {
      EXPECT_TRUE(step.leases.empty());
      EXPECT_EQ(step.dead_lettered, 1);
    }
  }
  auto d = store_->Get(kOwner, lease.job_id, false);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->state(), Diagnosis::FAILED);
  EXPECT_EQ(d->attempt(), 3);
  EXPECT_THAT(d->failure_reason(),
              HasSubstr("gave up after 3 attempts: lease expired on worker "
                        "w2 (attempt 1: lease expired on worker w0;"));
  int terminals = 0;
  for (const StoredEvent& e : Events(lease.job_id)) terminals += e.terminal;
  EXPECT_EQ(terminals, 1);
  EXPECT_TRUE(Pending().empty());
}

TEST_F(ReclaimTest, PruneDeletesOnlyConsumersWithNothingPending) {
  JobLease busy = Running("busy");
  Raw({"XGROUP", "CREATECONSUMER", "ndrdiag:jobs", "workers", "gone"});
  auto pruned = store_->PruneConsumers(absl::ZeroDuration());
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(*pruned, 1);
  RedisReply consumers = Raw({"XINFO", "CONSUMERS", "ndrdiag:jobs", "workers"});
  ASSERT_EQ(consumers.elements.size(), 1u);
  EXPECT_EQ(consumers.elements[0].elements[1].str, "busy");
  EXPECT_EQ(Pending()[busy.entry_id], "busy");
  // Consumers idle for less than asked are kept.
  Raw({"XGROUP", "CREATECONSUMER", "ndrdiag:jobs", "workers", "fresh"});
  pruned = store_->PruneConsumers(absl::Hours(1));
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(*pruned, 0);
}

TEST_F(ReclaimTest, StatsReportLagAndPending) {
  auto empty = store_->Stats();
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->pending, 0);
  Running("w1");
  Running("w1");
  v1::DiagnosisSpec spec;
  spec.set_domain("contoso.com");
  ASSERT_TRUE(store_->Create(kOwner, "", spec, kT0).ok());
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->pending, 2);
  EXPECT_EQ(stats->lag, 1);
}

TEST_F(ReclaimTest, FinishedJobsExpireAfterRetentionAndAnswerNotFound) {
  options_.retention = absl::Seconds(1);
  store_ = std::make_unique<JobStore>(*conn_, options_);
  JobLease lease = Running("w1");
  ASSERT_TRUE(
      store_->Finish(lease, Diagnosis::SUCCEEDED, nullptr, "", absl::Now())
          .ok());
  ASSERT_TRUE(store_->Get(kOwner, lease.job_id, true).ok());
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  absl::StatusOr<Diagnosis> d;
  do {
    absl::SleepFor(absl::Milliseconds(100));
    d = store_->Get(kOwner, lease.job_id, true);
  } while (d.ok() && absl::Now() < give_up);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(d.status().message(), HasSubstr("retention period of 1s"));
  EXPECT_THAT(d.status().message(), HasSubstr("may have expired"));
  EXPECT_EQ(Raw({"EXISTS", "ndrdiag:events:" + lease.job_id}).integer, 0);
}

}  // namespace
}  // namespace ndrdiag
