// EventPublisher: the thread that writes job events to Redis.
//
// Jobs on the event loop must never wait for Redis, so their events go
// through a queue to this thread, which has its own RedisConnection and
// JobStore. It takes everything queued at once (a batch) and writes it in
// queue order, so the events of one job keep the order they were produced
// in. What Redis says back that the job must act on comes back through the
// outcome callback (on this thread; the runtime posts it to the loop):
//
//   kCancelRequested  an Append saw the caller's cancel request
//   kFinished         the attempt's Finish was written
//   kFenced           the attempt is no longer current (ABORTED): drop it
//   kFailed           an event could not be written even after retrying;
//                     the attempt is given up (its queue entry stays
//                     pending for a later reclaim) and its later events are
//                     dropped, so the stream never has a gap followed by
//                     more events of the same attempt
//
// Transient Redis failures (UNAVAILABLE, DEADLINE_EXCEEDED) are retried
// with exponential backoff for up to `retry_for`. Caveat: a command that
// timed out may have run; its retry can then append the event twice
// (at-least-once, like the job itself).
//
// Everything queued for one attempt goes to Redis as one script call, and
// the calls of a batch share one round trip (a pipeline): under load a batch
// holds many jobs' events, so Redis' fsync per round (appendfsync always)
// and the fencing check are paid per batch and per attempt, not per event.
//
// Enqueue is thread-safe; Start/Stop are called by the owner.
#ifndef NDRDIAG_WORKERS_RUNTIME_EVENT_PUBLISHER_H_
#define NDRDIAG_WORKERS_RUNTIME_EVENT_PUBLISHER_H_

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/job_store.h"
#include "common/redis/redis_connection.h"
#include "workers/runtime/job_events.h"

namespace ndrdiag {

struct PublisherOptions {
  RedisEndpoint endpoint;
  RedisOptions redis;
  JobStoreOptions store;
  // How long one event is retried before its attempt is given up.
  absl::Duration retry_for = absl::Seconds(30);
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
};

struct PublishOutcome {
  enum class Kind { kCancelRequested, kFinished, kFenced, kFailed };
  Kind kind;
  std::string job_key;  // JobKey(lease)
  std::string detail;   // the error, for kFenced and kFailed
};

class EventPublisher : public JobEventSink {
 public:
  using OutcomeCallback = std::function<void(PublishOutcome)>;

  EventPublisher(PublisherOptions options, OutcomeCallback on_outcome);
  ~EventPublisher() override;  // Stop(now)
  EventPublisher(const EventPublisher&) = delete;
  EventPublisher& operator=(const EventPublisher&) = delete;

  void Start();
  // Writes what is queued, giving up at `deadline`, then joins the thread.
  void Stop(absl::Time deadline);

  // JobEventSink; thread-safe.
  void Append(const JobLeasePtr& lease, v1::DiagnosisEvent event) override;
  void Finish(const JobLeasePtr& lease, v1::Diagnosis::State state,
              const v1::Verdict* verdict, std::string reason) override;

  // Events queued but not yet written (for tests and logs).
  size_t queued() const;

 private:
  struct Item {
    JobLeasePtr lease;
    bool finish = false;
    v1::DiagnosisEvent event;  // !finish
    v1::Diagnosis::State state = v1::Diagnosis::STATE_UNSPECIFIED;
    std::optional<v1::Verdict> verdict;
    std::string reason;
  };

  void Enqueue(Item item);
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Attempts per Redis round trip (bounds a pipeline's size and time).
  static constexpr size_t kWritesPerRoundTrip = 256;

  void Loop();
  // Writes a batch: one JobStore::Write call per attempt, pipelined.
  void WriteBatch(JobStore& store, std::deque<Item>& batch);
  // Writes until each write succeeds, fails permanently, or time is up;
  // `firsts[i]` is an item of writes[i] (for its job key).
  void WriteWithRetries(JobStore& store, std::vector<AttemptWrite> writes,
                        std::vector<const Item*> firsts);
  // Drops the attempt's later events and reports it fenced or failed.
  void GiveUp(const Item& item, const absl::Status& status);
  void Report(PublishOutcome::Kind kind, const Item& item, std::string detail);

  const PublisherOptions options_;
  const OutcomeCallback on_outcome_;
  RedisConnection redis_;  // publisher thread only

  mutable absl::Mutex mu_;
  std::deque<Item> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time deadline_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();

  // Attempts given up (publisher thread only), with when, so later events
  // of theirs are dropped; pruned after a while.
  absl::flat_hash_map<std::string, absl::Time> given_up_;
  std::thread thread_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_EVENT_PUBLISHER_H_
