// EventPump: the one place in a frontend process that reads job events for
// watch streams.
//
// However many streams watch, the pump uses two Redis connections and two
// threads: a RedisSubscriber on P:notify (the job ids of appended events) and
// a reader that fetches new events with JobStore::ReadRawEventsBatch, batched
// across jobs. A notification for a watched job makes the pump read that
// job's new events at once; a sweep every `sweep_interval` (and right after
// the subscriber reconnects) reads every watched job, so a lost pub/sub
// message only delays delivery, never loses it.
//
// Promises to each watcher: every event with id > its cursor, exactly once, in
// order; after a terminal event the watcher is dropped (no further calls).
// When Redis cannot be read for longer than `unavailable_grace`, or on
// Shutdown(), every watcher is closed with UNAVAILABLE; a client resumes with
// the last event id it saw.
//
//   EventPump pump(endpoint, {});
//   pump.Start();
//   absl::StatusOr<EventPump::WatchId> id = pump.Watch(job, cursor, sink);
//   ...
//   pump.Unwatch(*id);
//
// Thread-safe.
#ifndef NDRDIAG_SERVICE_EVENT_PUMP_H_
#define NDRDIAG_SERVICE_EVENT_PUMP_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/job_store.h"
#include "common/redis/redis_connection.h"
#include "common/redis/redis_subscriber.h"

namespace ndrdiag {

// What the pump delivers to: one watch stream. Called on the pump's thread,
// never concurrently for one sink.
class WatchSink {
 public:
  virtual ~WatchSink() = default;
  // New events, ids increasing, all greater than the cursor. Returns false
  // when the stream has ended: the pump then forgets the watcher.
  virtual bool OnEvents(std::vector<RawEvent> events) = 0;
  // The pump will deliver nothing more: UNAVAILABLE (outage, shutdown), or
  // the error that makes the job's events unreadable. Not called after a
  // terminal event was delivered.
  virtual void OnClosed(const absl::Status& status) = 0;
};
using WatchSinkPtr = std::shared_ptr<WatchSink>;

struct EventPumpOptions {
  // Every watched job is re-read this often, notification or not.
  absl::Duration sweep_interval = absl::Seconds(1);
  // Watchers are closed when Redis has been unreadable this long.
  absl::Duration unavailable_grace = absl::Seconds(5);
  // Jobs per ReadRawEventsBatch round trip, and events per job per read.
  int jobs_per_batch = 256;
  int events_per_job = 256;
  RedisOptions redis;
  JobStoreOptions store;
};

// The message watchers get on Shutdown().
inline constexpr char kShuttingDownMessage[] =
    "server shutting down; resume with after_event_id";

class EventPump {
 public:
  using WatchId = uint64_t;

  EventPump(RedisEndpoint endpoint, EventPumpOptions options);
  // Shutdown().
  ~EventPump();
  EventPump(const EventPump&) = delete;
  EventPump& operator=(const EventPump&) = delete;

  // Starts the subscriber and pump threads.
  void Start();

  // Watches `job_id` for events after `cursor` (a stream id the caller has
  // already seen, "" for none; the caller has checked it is valid). The
  // first read happens at once. UNAVAILABLE after Shutdown().
  absl::StatusOr<WatchId> Watch(const std::string& job_id, std::string cursor,
                                WatchSinkPtr sink);

  // Forgets a watcher. A delivery already in progress may still complete.
  void Unwatch(WatchId id);

  // Closes every watcher with UNAVAILABLE (kShuttingDownMessage), stops the
  // threads and refuses new watchers. Idempotent.
  void Shutdown();

  size_t watcher_count() const;

 private:
  struct Watcher {
    std::string job_id;
    std::string cursor;
    WatchSinkPtr sink;
    // A watcher that arrives during an outage gets a grace period too.
    absl::Time registered;
  };
  // A delivery decided under the lock and made outside it.
  struct Delivery {
    WatchSinkPtr sink;
    WatchId id = 0;
    std::vector<RawEvent> events;
  };

  void Loop();
  // Reads the dirty (or all) watched jobs and delivers what is new.
  void Round(JobStore& store, bool sweep);
  // Reads each job of `chunk` alone, closing the watchers of jobs that
  // cannot be read for reasons other than transport (corrupt data).
  absl::StatusOr<std::vector<std::vector<RawEvent>>> ReadOneByOne(
      JobStore& store,
      const std::vector<std::pair<std::string, std::string>>& chunk);
  void CloseJob(const std::string& job_id, const absl::Status& status);
  void HandleReadFailure(const absl::Status& status);
  // Closes the watchers registered before `cutoff` (all by default).
  void CloseAll(const absl::Status& status,
                absl::Time cutoff = absl::InfiniteFuture());
  bool ShouldWake() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const RedisEndpoint endpoint_;
  const EventPumpOptions options_;

  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
  bool sweep_now_ ABSL_GUARDED_BY(mu_) = false;
  WatchId next_id_ ABSL_GUARDED_BY(mu_) = 1;
  absl::flat_hash_map<WatchId, Watcher> watchers_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::set<WatchId>> by_job_
      ABSL_GUARDED_BY(mu_);
  // Watched jobs with (possibly) unread events.
  absl::flat_hash_set<std::string> dirty_ ABSL_GUARDED_BY(mu_);

  // Pump-thread state.
  absl::Time unreadable_since_ = absl::InfiniteFuture();

  std::unique_ptr<RedisSubscriber> subscriber_;
  std::thread subscriber_thread_;
  std::thread pump_thread_;
};

using EventPumpPtr = std::unique_ptr<EventPump>;

// Orders stream ids ("ms-seq"); "" sorts before every id. REQUIRES: valid ids.
bool EventIdLess(const std::string& a, const std::string& b);

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_EVENT_PUMP_H_
