// JobFetcher: the thread that takes jobs from the Redis queue.
//
// With its own RedisConnection and JobStore it joins the consumer group
// (EnsureGroup), reads new queue entries only while fewer than
// `concurrency` jobs are in flight (so a busy worker leaves work to its
// peers instead of hoarding leases), starts them in one round trip
// (JobStore::StartBatch -> RUNNING, attempt + 1) and hands the lease to
// `on_lease` (on this thread; the runtime posts it to the event loop). Redis
// failures are logged and retried with backoff; an entry whose Start failed
// stays in the pending list for a later reclaim.
//
// Every `reclaim_interval` (half the lease), while it has capacity, it also
// runs a reclaim step (JobStore::Reclaim): entries whose lease expired on
// another (or a dead) worker are taken over and their next attempt handed
// to `on_lease` like a new job; jobs out of attempts are dead-lettered
// there. It samples the queue's lag and pending count into the metrics at
// the same time. Nothing is fetched or reclaimed once stopping. After a
// Redis error it reclaims nothing for one lease: the idle times of all
// entries grew while Redis was away, and live workers need a heartbeat to
// claim their jobs back before anyone takes them over needlessly.
//
// JobEnded() is thread-safe; Start/Stop are called by the owner.
#ifndef NDRDIAG_WORKERS_RUNTIME_JOB_FETCHER_H_
#define NDRDIAG_WORKERS_RUNTIME_JOB_FETCHER_H_

#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/job_store.h"
#include "common/redis/redis_connection.h"

namespace ndrdiag {

struct FetcherOptions {
  RedisEndpoint endpoint;
  RedisOptions redis;
  JobStoreOptions store;
  std::string consumer;  // consumer name in the group, also the worker name
  int concurrency = 64;
  // How long one XREADGROUP blocks; also bounds how long Stop() waits.
  absl::Duration block = absl::Seconds(1);
  absl::Duration max_backoff = absl::Seconds(2);
  // How often to reclaim expired leases; zero: never.
  absl::Duration reclaim_interval = absl::Seconds(15);
};

class JobFetcher {
 public:
  using LeaseCallback = std::function<void(JobLease)>;

  JobFetcher(FetcherOptions options, LeaseCallback on_lease);
  ~JobFetcher();  // Stop()
  JobFetcher(const JobFetcher&) = delete;
  JobFetcher& operator=(const JobFetcher&) = delete;

  void Start();
  // Stops fetching without waiting: no Fetch starts after this returns (one
  // already blocking may still hand out its entries). Thread-safe.
  void RequestStop();
  // RequestStop() and join the thread (at most about one `block`).
  void Stop();
  // A job handed out earlier has ended: a slot is free. Thread-safe.
  void JobEnded();
  int in_flight() const;

 private:
  void Loop();
  bool HasCapacityOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Starts the leases it takes over; false if stopping meanwhile.
  void ReclaimStep(JobStore& store, int capacity);
  void HandOut(JobLease lease);
  // No reclaim step for one lease from now (after a Redis error).
  void HoldOffReclaim();
  // Sleeps `backoff` unless stopped meanwhile; doubles it.
  void Backoff(absl::Duration& backoff);

  const FetcherOptions options_;
  const LeaseCallback on_lease_;
  RedisConnection redis_;                                 // fetcher thread only
  absl::Time reclaim_not_before_ = absl::InfinitePast();  // fetcher thread

  mutable absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_JOB_FETCHER_H_
