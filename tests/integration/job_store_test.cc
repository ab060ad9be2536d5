// JobStore against a real redis-server: the invariants of
// common/job_store.h proved on the data Redis actually holds.
#include "common/job_store.h"

#include <set>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/redis/redis_subscriber.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace ndrdiag {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using v1::Diagnosis;
using v1::DiagnosisEvent;

RedisOptions FastOptions() {
  RedisOptions o;
  o.max_backoff = absl::Milliseconds(200);
  return o;
}

v1::DiagnosisSpec Spec(const std::string& domain) {
  v1::DiagnosisSpec spec;
  spec.set_domain(domain);
  spec.set_locale("en");
  return spec;
}

DiagnosisEvent CheckResult(const std::string& check_id) {
  DiagnosisEvent e;
  e.mutable_check_result()->set_check_id(check_id);
  e.mutable_check_result()->set_status(v1::PASS);
  return e;
}

std::string IdOf(const Diagnosis& d) {
  return d.name().substr(std::string("diagnoses/").size());
}

class JobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    conn_ = std::make_unique<RedisConnection>(redis_.endpoint(), FastOptions());
    options_.retention = absl::Hours(2);
    options_.idempotency_ttl = absl::Hours(1);
    store_ = std::make_unique<JobStore>(*conn_, options_);
  }

  // Creates a job for `owner` and returns its id.
  std::string MustCreate(const std::string& owner,
                         const std::string& domain = "contoso.com",
                         absl::Time now = absl::Now()) {
    absl::StatusOr<JobStore::CreateResult> r =
        store_->Create(owner, "", Spec(domain), now);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? IdOf(r->diagnosis) : "";
  }

  // Fetches and starts the next queued job.
  JobLease MustStartNext() {
    EXPECT_TRUE(store_->EnsureGroup().ok());
    absl::StatusOr<std::vector<QueueEntry>> entries =
        store_->Fetch("w1", 1, absl::Seconds(1));
    EXPECT_TRUE(entries.ok()) << entries.status();
    if (!entries.ok() || entries->empty()) return {};
    absl::StatusOr<std::optional<JobLease>> lease =
        store_->Start(entries->front(), "worker-1", absl::Now());
    EXPECT_TRUE(lease.ok() && lease->has_value());
    return lease.ok() && lease->has_value() ? **lease : JobLease{};
  }

  std::vector<StoredEvent> Events(const std::string& id) {
    absl::StatusOr<std::vector<StoredEvent>> events =
        store_->ReadEvents(id, "", 1000);
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<StoredEvent>{};
  }

  RedisReply Raw(const std::vector<std::string>& argv) {
    absl::StatusOr<RedisReply> r = conn_->Command(argv);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : RedisReply{};
  }

  TestRedisServer redis_;
  std::unique_ptr<RedisConnection> conn_;
  JobStoreOptions options_;
  std::unique_ptr<JobStore> store_;
};

// Event ids are stream ids "ms-seq"; compares them numerically.
bool IdLess(const std::string& a, const std::string& b) {
  auto split = [](const std::string& id) {
    size_t dash = id.find('-');
    return std::make_pair(std::stoull(id.substr(0, dash)),
                          std::stoull(id.substr(dash + 1)));
  };
  return split(a) < split(b);
}

void ExpectStrictlyIncreasing(const std::vector<StoredEvent>& events) {
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_TRUE(IdLess(events[i - 1].id, events[i].id))
        << events[i - 1].id << " !< " << events[i].id;
  }
}

TEST_F(JobStoreTest, CreateQueuesTheJobWithAcceptedAndQueuedEvents) {
  const absl::Time now = absl::FromUnixMillis(1700000000123);
  absl::StatusOr<JobStore::CreateResult> r =
      store_->Create("alice", "", Spec("contoso.com"), now);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->created);
  EXPECT_EQ(r->diagnosis.state(), Diagnosis::QUEUED);
  EXPECT_EQ(r->diagnosis.create_time().seconds(), 1700000000);
  EXPECT_EQ(r->diagnosis.create_time().nanos(), 123000000);
  const std::string id = IdOf(r->diagnosis);
  ASSERT_TRUE(JobStore::ParseName(r->diagnosis.name(), "name").ok());

  absl::StatusOr<Diagnosis> got = store_->Get("alice", id, true);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->name(), r->diagnosis.name());
  EXPECT_EQ(got->spec().domain(), "contoso.com");
  EXPECT_EQ(got->state(), Diagnosis::QUEUED);
  EXPECT_EQ(got->create_time().seconds(), 1700000000);
  EXPECT_EQ(got->attempt(), 0);
  EXPECT_EQ(got->results_size(), 0);

  std::vector<StoredEvent> events = Events(id);
  ASSERT_EQ(events.size(), 2u);
  ASSERT_TRUE(events[0].event.has_accepted());
  EXPECT_EQ(events[0].event.accepted().diagnosis().name(), r->diagnosis.name());
  ASSERT_TRUE(events[1].event.has_state_change());
  EXPECT_EQ(events[1].event.state_change().state(), Diagnosis::QUEUED);
  for (const StoredEvent& e : events) {
    EXPECT_EQ(e.event.event_id(), e.id);
    EXPECT_EQ(e.event.diagnosis(), r->diagnosis.name());
    EXPECT_EQ(e.event.attempt(), 0);
    EXPECT_EQ(e.event.time().seconds(), 1700000000);
    EXPECT_FALSE(e.terminal);
    EXPECT_FALSE(e.event.terminal());
  }
  ExpectStrictlyIncreasing(events);
}

TEST_F(JobStoreTest, EnqueueWritesHashAndQueueEntryTogether) {
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.insert(MustCreate("alice"));
  RedisReply queue = Raw({"XRANGE", "ndrdiag:jobs", "-", "+"});
  ASSERT_EQ(queue.elements.size(), 5u);
  std::set<std::string> queued;
  for (const RedisReply& entry : queue.elements) {
    ASSERT_EQ(entry.elements[1].elements.size(), 2u);
    EXPECT_EQ(entry.elements[1].elements[0].str, "job");
    queued.insert(entry.elements[1].elements[1].str);
  }
  EXPECT_EQ(queued, ids);
  for (const std::string& id : ids) {
    EXPECT_EQ(Raw({"EXISTS", "ndrdiag:job:" + id}).integer, 1);
    EXPECT_EQ(Raw({"XLEN", "ndrdiag:events:" + id}).integer, 2);
    EXPECT_EQ(Raw({"ZSCORE", "ndrdiag:owner:alice", id}).type,
              RedisReply::Type::kString);
  }
}

TEST_F(JobStoreTest, RequestIdMakesCreateIdempotentPerOwner) {
  absl::StatusOr<JobStore::CreateResult> first =
      store_->Create("alice", "req-1", Spec("contoso.com"), absl::Now());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->diagnosis.request_id(), "req-1");

  absl::StatusOr<JobStore::CreateResult> again =
      store_->Create("alice", "req-1", Spec("fabrikam.com"), absl::Now());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->diagnosis.name(), first->diagnosis.name());
  EXPECT_EQ(again->diagnosis.spec().domain(), "contoso.com");

  absl::StatusOr<JobStore::CreateResult> bob =
      store_->Create("bob", "req-1", Spec("contoso.com"), absl::Now());
  ASSERT_TRUE(bob.ok());
  EXPECT_TRUE(bob->created);
  EXPECT_NE(bob->diagnosis.name(), first->diagnosis.name());

  absl::StatusOr<JobStore::CreateResult> other =
      store_->Create("alice", "req-2", Spec("contoso.com"), absl::Now());
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->created);
  EXPECT_NE(other->diagnosis.name(), first->diagnosis.name());

  // Only three jobs were queued, and the key carries the idempotency TTL.
  EXPECT_EQ(Raw({"XLEN", "ndrdiag:jobs"}).integer, 3);
  int64_t ttl = Raw({"PTTL", "ndrdiag:idem:alice:req-1"}).integer;
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, absl::ToInt64Milliseconds(absl::Hours(1)));
}

TEST_F(JobStoreTest, GetIsNotFoundForUnknownAndForeignJobs) {
  const std::string id = MustCreate("alice");
  absl::StatusOr<Diagnosis> r = store_->Get("bob", id, false);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  r = store_->Get("alice", JobStore::NewJobId(), false);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("diagnoses/"));
  absl::StatusOr<Diagnosis> c = store_->Cancel("bob", id, absl::Now());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Get("alice", id, false)->state(), Diagnosis::QUEUED);
}

TEST_F(JobStoreTest, WorkerHappyPath) {
  const std::string id = MustCreate("alice");  // before the group exists
  ASSERT_TRUE(store_->EnsureGroup().ok());
  ASSERT_TRUE(store_->EnsureGroup().ok());  // idempotent
  absl::StatusOr<std::vector<QueueEntry>> entries =
      store_->Fetch("w1", 10, absl::Seconds(1));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].job_id, id);

  absl::StatusOr<std::optional<JobLease>> lease =
      store_->Start((*entries)[0], "worker-1", absl::Now());
  ASSERT_TRUE(lease.ok()) << lease.status();
  ASSERT_TRUE(lease->has_value());
  EXPECT_EQ((*lease)->attempt, 1);
  EXPECT_EQ((*lease)->spec.domain(), "contoso.com");
  EXPECT_EQ(store_->Get("alice", id, false)->state(), Diagnosis::RUNNING);

  DiagnosisEvent started;
  started.mutable_check_started()->add_check_ids("dns.mx.present");
  for (const DiagnosisEvent& e : {started, CheckResult("dns.mx.present"),
                                  CheckResult("dns.mx.single_record")}) {
    absl::StatusOr<AppendOutcome> out = store_->Append(**lease, e, absl::Now());
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(*out, AppendOutcome::kAppended);
  }
  v1::Verdict verdict;
  verdict.set_summary("healthy");
  verdict.add_causes()->set_cause(v1::HEALTHY);
  ASSERT_TRUE(
      store_->Finish(**lease, Diagnosis::SUCCEEDED, &verdict, "", absl::Now())
          .ok());

  std::vector<StoredEvent> events = Events(id);
  ASSERT_EQ(events.size(), 8u);
  EXPECT_TRUE(events[0].event.has_accepted());
  EXPECT_EQ(events[1].event.state_change().state(), Diagnosis::QUEUED);
  EXPECT_EQ(events[2].event.state_change().state(), Diagnosis::RUNNING);
  EXPECT_TRUE(events[3].event.has_check_started());
  EXPECT_EQ(events[4].event.check_result().check_id(), "dns.mx.present");
  EXPECT_EQ(events[5].event.check_result().check_id(), "dns.mx.single_record");
  EXPECT_EQ(events[6].event.verdict().summary(), "healthy");
  EXPECT_EQ(events[7].event.state_change().state(), Diagnosis::SUCCEEDED);
  ExpectStrictlyIncreasing(events);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].event.attempt(), i < 2 ? 0 : 1) << i;
    EXPECT_EQ(events[i].terminal, i == 7) << i;
    EXPECT_EQ(events[i].event.terminal(), i == 7) << i;
    EXPECT_EQ(events[i].event.diagnosis(), JobStore::NameOf(id));
    EXPECT_TRUE(events[i].event.has_time());
  }

  absl::StatusOr<Diagnosis> d = store_->Get("alice", id, true);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->state(), Diagnosis::SUCCEEDED);
  EXPECT_EQ(d->attempt(), 1);
  ASSERT_EQ(d->results_size(), 2);
  EXPECT_EQ(d->results(0).check_id(), "dns.mx.present");
  EXPECT_EQ(d->results(1).check_id(), "dns.mx.single_record");
  EXPECT_EQ(d->verdict().summary(), "healthy");
  EXPECT_TRUE(d->has_start_time());
  EXPECT_TRUE(d->has_end_time());

  // The queue entry is acknowledged and deleted; retention clocks run.
  EXPECT_EQ(Raw({"XLEN", "ndrdiag:jobs"}).integer, 0);
  RedisReply pending = Raw({"XPENDING", "ndrdiag:jobs", "workers"});
  EXPECT_EQ(pending.elements[0].integer, 0);
  for (const std::string& key : {"ndrdiag:job:" + id, "ndrdiag:events:" + id}) {
    int64_t ttl = Raw({"PTTL", key}).integer;
    EXPECT_GT(ttl, 0) << key;
    EXPECT_LE(ttl, absl::ToInt64Milliseconds(options_.retention)) << key;
  }
  // Nothing more can be written to a finished job.
  absl::StatusOr<AppendOutcome> late =
      store_->Append(**lease, CheckResult("x"), absl::Now());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kAborted);
}

TEST_F(JobStoreTest, StaleAttemptIsFenced) {
  const std::string id = MustCreate("alice");
  JobLease first = MustStartNext();
  ASSERT_EQ(first.job_id, id);
  ASSERT_TRUE(store_->Append(first, CheckResult("a"), absl::Now()).ok());

  // The lease is taken over (as XAUTOCLAIM would): same entry, new attempt.
  absl::StatusOr<std::optional<JobLease>> second = store_->Start(
      QueueEntry{first.entry_id, first.job_id}, "worker-2", absl::Now());
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->attempt, 2);

  const size_t before = Events(id).size();
  absl::StatusOr<AppendOutcome> stale =
      store_->Append(first, CheckResult("stale"), absl::Now());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(stale.status().message(), HasSubstr("fenced"));
  absl::Status finish =
      store_->Finish(first, Diagnosis::FAILED, nullptr, "x", absl::Now());
  EXPECT_EQ(finish.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Events(id).size(), before);
  EXPECT_EQ(store_->Get("alice", id, false)->state(), Diagnosis::RUNNING);
  // The stale worker did not acknowledge the entry the new one holds.
  RedisReply pending = Raw({"XPENDING", "ndrdiag:jobs", "workers"});
  EXPECT_EQ(pending.elements[0].integer, 1);

  ASSERT_TRUE(store_->Append(**second, CheckResult("b"), absl::Now()).ok());
  ASSERT_TRUE(
      store_->Finish(**second, Diagnosis::SUCCEEDED, nullptr, "", absl::Now())
          .ok());
  absl::StatusOr<Diagnosis> d = store_->Get("alice", id, true);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->attempt(), 2);
  // Only the latest attempt's results count.
  ASSERT_EQ(d->results_size(), 1);
  EXPECT_EQ(d->results(0).check_id(), "b");
  int terminals = 0;
  for (const StoredEvent& e : Events(id)) terminals += e.terminal ? 1 : 0;
  EXPECT_EQ(terminals, 1);
}

TEST_F(JobStoreTest, WriteBatchesAttemptsIndependently) {
  const std::string a = MustCreate("alice", "a.example");
  const std::string b = MustCreate("alice", "b.example");
  const std::string c = MustCreate("alice", "c.example");
  JobLease la = MustStartNext();
  JobLease lb = MustStartNext();
  JobLease lc = MustStartNext();
  ASSERT_EQ(la.job_id, a);
  ASSERT_EQ(lb.job_id, b);
  ASSERT_EQ(lc.job_id, c);
  // b's attempt is taken over (fenced); c's caller asks to cancel.
  ASSERT_TRUE(
      store_->Start(QueueEntry{lb.entry_id, lb.job_id}, "worker-2", absl::Now())
          .ok());
  ASSERT_TRUE(store_->Cancel("alice", c, absl::Now()).ok());
  const size_t b_before = Events(b).size();

  v1::Verdict verdict;
  verdict.set_summary("fine");
  std::vector<AttemptWrite> writes(4);
  writes[0].lease = &la;
  writes[0].events = {CheckResult("a1"), CheckResult("a2")};
  writes[0].end = AttemptWrite::End{Diagnosis::SUCCEEDED, &verdict, ""};
  writes[1].lease = &lb;
  writes[1].events = {CheckResult("b1")};
  writes[2].lease = &lc;
  writes[2].events = {CheckResult("c1")};
  writes[3].lease = &lc;
  writes[3].end = AttemptWrite::End{Diagnosis::RUNNING, nullptr, ""};
  absl::StatusOr<std::vector<absl::StatusOr<AppendOutcome>>> results =
      store_->Write(writes, absl::Now());
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 4u);
  ASSERT_TRUE((*results)[0].ok()) << (*results)[0].status();
  EXPECT_EQ((*results)[1].status().code(), absl::StatusCode::kAborted);
  ASSERT_TRUE((*results)[2].ok()) << (*results)[2].status();
  EXPECT_EQ(*(*results)[2], AppendOutcome::kCancelRequested);
  EXPECT_EQ((*results)[3].status().code(), absl::StatusCode::kInvalidArgument);

  // a: both results, the verdict and the terminal event, in order.
  std::vector<StoredEvent> events = Events(a);
  ExpectStrictlyIncreasing(events);
  ASSERT_GE(events.size(), 5u);
  const size_t n = events.size();
  EXPECT_EQ(events[n - 4].event.check_result().check_id(), "a1");
  EXPECT_EQ(events[n - 3].event.check_result().check_id(), "a2");
  EXPECT_EQ(events[n - 2].event.verdict().summary(), "fine");
  EXPECT_TRUE(events[n - 1].terminal);
  EXPECT_EQ(store_->Get("alice", a, false)->state(), Diagnosis::SUCCEEDED);
  // b: nothing from the fenced attempt.
  EXPECT_EQ(Events(b).size(), b_before);
  // c: still running, its result written.
  EXPECT_EQ(Events(c).back().event.check_result().check_id(), "c1");
  EXPECT_EQ(store_->Get("alice", c, false)->state(), Diagnosis::RUNNING);
}

TEST_F(JobStoreTest, CancelQueuedEndsAtOnceAndWorkerAcknowledges) {
  const std::string id = MustCreate("alice");
  absl::StatusOr<Diagnosis> d = store_->Cancel("alice", id, absl::Now());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->state(), Diagnosis::CANCELLED);
  EXPECT_TRUE(d->has_end_time());
  std::vector<StoredEvent> events = Events(id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_TRUE(events.back().terminal);
  EXPECT_TRUE(events.back().event.terminal());
  EXPECT_EQ(events.back().event.state_change().state(), Diagnosis::CANCELLED);
  EXPECT_GT(Raw({"PTTL", "ndrdiag:job:" + id}).integer, 0);

  ASSERT_TRUE(store_->EnsureGroup().ok());
  absl::StatusOr<std::vector<QueueEntry>> entries =
      store_->Fetch("w1", 10, absl::Seconds(1));
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  absl::StatusOr<std::optional<JobLease>> lease =
      store_->Start((*entries)[0], "worker-1", absl::Now());
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_FALSE(lease->has_value());
  EXPECT_EQ(Raw({"XPENDING", "ndrdiag:jobs", "workers"}).elements[0].integer,
            0);
  EXPECT_EQ(Raw({"XLEN", "ndrdiag:jobs"}).integer, 0);
  EXPECT_EQ(Events(id).size(), 3u);

  absl::StatusOr<Diagnosis> again = store_->Cancel("alice", id, absl::Now());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(JobStoreTest, CancelRunningAsksTheWorkerToStop) {
  const std::string id = MustCreate("alice");
  JobLease lease = MustStartNext();
  ASSERT_EQ(lease.job_id, id);
  absl::StatusOr<Diagnosis> d = store_->Cancel("alice", id, absl::Now());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->state(), Diagnosis::RUNNING);

  absl::StatusOr<AppendOutcome> out =
      store_->Append(lease, CheckResult("dns.mx.present"), absl::Now());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, AppendOutcome::kCancelRequested);
  ASSERT_TRUE(store_
                  ->Finish(lease, Diagnosis::CANCELLED, nullptr,
                           "cancelled by the caller", absl::Now())
                  .ok());
  d = store_->Get("alice", id, true);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->state(), Diagnosis::CANCELLED);
  EXPECT_EQ(d->results_size(), 1);
  std::vector<StoredEvent> events = Events(id);
  EXPECT_TRUE(events.back().terminal);
  EXPECT_EQ(events.back().event.state_change().reason(),
            "cancelled by the caller");
  EXPECT_EQ(store_->Cancel("alice", id, absl::Now()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(JobStoreTest, FinishFailedRecordsTheReason) {
  const std::string id = MustCreate("alice");
  JobLease lease = MustStartNext();
  EXPECT_EQ(store_->Finish(lease, Diagnosis::RUNNING, nullptr, "", absl::Now())
                .code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_
                  ->Finish(lease, Diagnosis::FAILED, nullptr,
                           "gave up after 3 attempts", absl::Now())
                  .ok());
  absl::StatusOr<Diagnosis> d = store_->Get("alice", id, false);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->state(), Diagnosis::FAILED);
  EXPECT_EQ(d->failure_reason(), "gave up after 3 attempts");
  EXPECT_FALSE(d->has_verdict());
}

TEST_F(JobStoreTest, ReadEventsResumesExactlyAfterTheGivenId) {
  const std::string id = MustCreate("alice");
  JobLease lease = MustStartNext();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        store_->Append(lease, CheckResult(absl::StrCat("c", i)), absl::Now())
            .ok());
  }
  std::vector<StoredEvent> all = Events(id);
  ASSERT_EQ(all.size(), 8u);
  for (size_t k = 0; k < all.size(); ++k) {
    absl::StatusOr<std::vector<StoredEvent>> rest =
        store_->ReadEvents(id, all[k].id, 100);
    ASSERT_TRUE(rest.ok()) << rest.status();
    ASSERT_EQ(rest->size(), all.size() - k - 1) << k;
    for (size_t j = 0; j < rest->size(); ++j) {
      EXPECT_EQ((*rest)[j].id, all[k + 1 + j].id);
    }
  }
  absl::StatusOr<std::vector<StoredEvent>> limited =
      store_->ReadEvents(id, all[1].id, 2);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[1].id, all[3].id);

  for (const char* bad :
       {"abc", "1-2-3", "(5", "-1", "1-", "99999999999999999999999-0"}) {
    EXPECT_EQ(store_->ReadEvents(id, bad, 10).status().code(),
              absl::StatusCode::kOutOfRange)
        << bad;
  }

  const std::string other = MustCreate("alice");
  absl::StatusOr<std::vector<std::vector<RawEvent>>> batch =
      store_->ReadRawEventsBatch(
          {{id, all[5].id}, {other, ""}, {"no-such-job", ""}}, 10);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->size(), 3u);
  EXPECT_EQ((*batch)[0].size(), 2u);
  EXPECT_EQ((*batch)[1].size(), 2u);
  EXPECT_TRUE((*batch)[2].empty());
}

TEST_F(JobStoreTest, StartBatchStartsEachEntryOnItsOwn) {
  const std::string a = MustCreate("alice");
  const std::string cancelled = MustCreate("alice");
  const std::string c = MustCreate("alice");
  ASSERT_TRUE(store_->Cancel("alice", cancelled, absl::Now()).ok());
  ASSERT_TRUE(store_->EnsureGroup().ok());
  absl::StatusOr<std::vector<QueueEntry>> entries =
      store_->Fetch("w1", 10, absl::Seconds(1));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 3u);

  absl::StatusOr<std::vector<JobStore::StartResult>> started =
      store_->StartBatch(*entries, "worker-1", absl::Now());
  ASSERT_TRUE(started.ok()) << started.status();
  ASSERT_EQ(started->size(), 3u);
  for (const JobStore::StartResult& r : *started) ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*started)[0]->has_value());
  EXPECT_EQ((*started)[0]->value().job_id, a);
  EXPECT_EQ((*started)[0]->value().attempt, 1);
  EXPECT_EQ((*started)[0]->value().spec.domain(), "contoso.com");
  // Cancelled while queued: no attempt, the entry acknowledged.
  EXPECT_FALSE((*started)[1]->has_value());
  ASSERT_TRUE((*started)[2]->has_value());
  EXPECT_EQ((*started)[2]->value().job_id, c);
  EXPECT_EQ(store_->Get("alice", a, false)->state(), Diagnosis::RUNNING);
  EXPECT_EQ(store_->Get("alice", cancelled, false)->state(),
            Diagnosis::CANCELLED);
  EXPECT_EQ(store_->Get("alice", c, false)->state(), Diagnosis::RUNNING);
  EXPECT_EQ(Raw({"XPENDING", "ndrdiag:jobs", "workers"}).elements[0].integer,
            2);
  // Nothing to start is no round trip and no result.
  absl::StatusOr<std::vector<JobStore::StartResult>> none =
      store_->StartBatch({}, "worker-1", absl::Now());
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(JobStoreTest, RawEventsAreWhatReadEventsParses) {
  const std::string id = MustCreate("alice");
  const JobLease lease = MustStartNext();
  ASSERT_TRUE(
      store_->Append(lease, CheckResult("dns.mx.present"), absl::Now()).ok());
  v1::Verdict verdict;
  verdict.set_summary("healthy");
  ASSERT_TRUE(
      store_->Finish(lease, Diagnosis::SUCCEEDED, &verdict, "", absl::Now())
          .ok());
  absl::StatusOr<std::vector<StoredEvent>> parsed =
      store_->ReadEvents(id, "", 100);
  absl::StatusOr<std::vector<RawEvent>> raw =
      store_->ReadRawEvents(id, "", 100);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_TRUE(raw.ok()) << raw.status();
  ASSERT_EQ(raw->size(), parsed->size());
  for (size_t i = 0; i < raw->size(); ++i) {
    // What a watcher receives parses to the event with its id and end mark.
    DiagnosisEvent wire;
    ASSERT_TRUE(wire.ParseFromString((*raw)[i].WireBytes()));
    EXPECT_EQ(wire.event_id(), (*raw)[i].id);
    EXPECT_EQ(wire.terminal(), i + 1 == raw->size());
    EXPECT_EQ(wire.SerializeAsString(), (*parsed)[i].event.SerializeAsString());
  }

  // A broken entry: tag and length say 16 bytes, 2 follow.
  Raw({"XADD", "ndrdiag:events:" + id, "*", "e",
       std::string("\x12\x10") + "ab"});
  EXPECT_EQ(store_->ReadRawEvents(id, "", 100).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(store_->ReadEvents(id, "", 100).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(JobStoreTest, ListPagesNewestFirstWithoutSkipsOrDuplicates) {
  // 25 jobs, several created in the same millisecond (ties in the index).
  const absl::Time base = absl::FromUnixMillis(1700000000000);
  std::vector<std::string> created;
  for (int i = 0; i < 25; ++i) {
    created.push_back(
        MustCreate("alice", "contoso.com", base + absl::Milliseconds(i / 3)));
  }
  MustCreate("bob");

  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    absl::StatusOr<ListPage> page =
        store_->List("alice", 4, token, Diagnosis::STATE_UNSPECIFIED);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->diagnoses.size(), 4u);
    for (const Diagnosis& d : page->diagnoses) seen.push_back(IdOf(d));
    token = page->next_page_token;
    ++pages;
    if (pages == 2) {
      // Concurrent creations between pages: newer and same-instant ones.
      MustCreate("alice", "contoso.com", base + absl::Seconds(10));
      MustCreate("alice", "contoso.com", base + absl::Milliseconds(5));
    }
    if (pages == 3) {
      // The job the cursor points at expires between pages, and another
      // listing drops it from the index before this one continues.
      Raw({"DEL", "ndrdiag:job:" + seen.back()});
      ASSERT_TRUE(
          store_->List("alice", 100, "", Diagnosis::STATE_UNSPECIFIED).ok());
      EXPECT_TRUE(Raw({"ZSCORE", "ndrdiag:owner:alice", seen.back()}).is_nil());
    }
  } while (!token.empty() && pages < 50);

  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "duplicates";
  for (const std::string& id : created) {
    EXPECT_TRUE(unique.count(id)) << "skipped " << id;
  }
  // Newest first: ids of one creation time sort by id, times descend.
  std::vector<std::string> expected = created;
  std::reverse(expected.begin(), expected.end());
  std::vector<std::string> seen_original;
  for (const std::string& id : seen) {
    if (std::find(created.begin(), created.end(), id) != created.end()) {
      seen_original.push_back(id);
    }
  }
  EXPECT_EQ(seen_original, expected);
  absl::StatusOr<ListPage> all =
      store_->List("alice", 100, "", Diagnosis::STATE_UNSPECIFIED);
  ASSERT_TRUE(all.ok());
  for (size_t i = 1; i < all->diagnoses.size(); ++i) {
    EXPECT_GE(all->diagnoses[i - 1].create_time().seconds() * 1000 +
                  all->diagnoses[i - 1].create_time().nanos() / 1000000,
              all->diagnoses[i].create_time().seconds() * 1000 +
                  all->diagnoses[i].create_time().nanos() / 1000000);
  }
  // The expired job was dropped from the index.
  EXPECT_EQ(all->diagnoses.size(), 26u);
  EXPECT_EQ(Raw({"ZCARD", "ndrdiag:owner:alice"}).integer, 26);
  EXPECT_TRUE(all->next_page_token.empty());
}

TEST_F(JobStoreTest, ListFiltersByStateAndChecksTheToken) {
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(MustCreate("alice"));
  for (int i : {1, 3, 4}) {
    ASSERT_TRUE(store_->Cancel("alice", ids[i], absl::Now()).ok());
  }
  std::vector<std::string> cancelled;
  std::string token;
  do {
    absl::StatusOr<ListPage> page =
        store_->List("alice", 2, token, Diagnosis::CANCELLED);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const Diagnosis& d : page->diagnoses) {
      EXPECT_EQ(d.state(), Diagnosis::CANCELLED);
      cancelled.push_back(IdOf(d));
    }
    token = page->next_page_token;
    if (!token.empty()) {
      absl::StatusOr<ListPage> mixed =
          store_->List("alice", 2, token, Diagnosis::QUEUED);
      EXPECT_EQ(mixed.status().code(), absl::StatusCode::kInvalidArgument);
    }
  } while (!token.empty());
  EXPECT_THAT(cancelled, ElementsAre(ids[4], ids[3], ids[1]));

  absl::StatusOr<ListPage> bad =
      store_->List("alice", 2, "not-a-token!", Diagnosis::STATE_UNSPECIFIED);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("page_token"));
  absl::StatusOr<ListPage> none =
      store_->List("nobody", 10, "", Diagnosis::STATE_UNSPECIFIED);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->diagnoses.empty());
  EXPECT_TRUE(none->next_page_token.empty());
}

TEST_F(JobStoreTest, AppendPublishesTheJobIdOnTheNotifyChannel) {
  absl::Mutex mu;
  std::vector<std::string> messages;
  bool connected = false;
  RedisSubscriber sub(redis_.endpoint(), FastOptions(),
                      {.on_message =
                           [&](const std::string& payload) {
                             absl::MutexLock lock(&mu);
                             messages.push_back(payload);
                           },
                       .on_state =
                           [&](bool up) {
                             absl::MutexLock lock(&mu);
                             connected = up;
                           }});
  sub.Subscribe(store_->NotifyChannel());
  std::thread pump([&] { sub.Run(); });
  {
    absl::MutexLock lock(&mu);
    EXPECT_TRUE(
        mu.AwaitWithTimeout(absl::Condition(&connected), absl::Seconds(10)));
  }
  const std::string id = MustCreate("alice");
  JobLease lease = MustStartNext();
  ASSERT_TRUE(store_->Append(lease, CheckResult("a"), absl::Now()).ok());
  // Create, Start and Append each published the id.
  auto count = [&]() {
    absl::MutexLock lock(&mu);
    return std::count(messages.begin(), messages.end(), id);
  };
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (count() < 3 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(count(), 3);
  sub.Stop();
  pump.join();
}

TEST_F(JobStoreTest, AcceptedJobSurvivesARedisCrash) {
  const std::string id = MustCreate("alice");
  redis_.Kill();
  ASSERT_TRUE(redis_.Start().ok());
  absl::StatusOr<Diagnosis> d;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  do {
    d = store_->Get("alice", id, false);
  } while (absl::IsUnavailable(d.status()) && absl::Now() < deadline);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->state(), Diagnosis::QUEUED);
  JobLease lease = MustStartNext();
  EXPECT_EQ(lease.job_id, id);
}

TEST_F(JobStoreTest, UnavailableWhileRedisIsDown) {
  const std::string id = MustCreate("alice");
  redis_.Kill();
  EXPECT_EQ(store_->Ping().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(
      store_->Create("alice", "", Spec("x.com"), absl::Now()).status().code(),
      absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_->Get("alice", id, true).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_->ReadEvents(id, "", 10).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(JobStoreTest, FetchReturnsNothingWhenTheQueueIsEmpty) {
  ASSERT_TRUE(store_->EnsureGroup().ok());
  absl::StatusOr<std::vector<QueueEntry>> entries =
      store_->Fetch("w1", 5, absl::Milliseconds(100));
  ASSERT_TRUE(entries.ok()) << entries.status();
  EXPECT_TRUE(entries->empty());
  // A vanished group (e.g. FLUSHALL) is recreated rather than failing.
  Raw({"FLUSHALL"});
  const std::string id = MustCreate("alice");
  entries = store_->Fetch("w1", 5, absl::Milliseconds(100));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].job_id, id);
}

}  // namespace
}  // namespace ndrdiag
