// QueueStatsPoller: samples the queue's depth for /metrics on the frontend.
//
// A thread creates the workers' consumer group if it is missing (as a
// worker would: from id 0, so nothing queued is skipped; without it Redis
// reports no lag, and KEDA could not scale workers up from zero), then asks
// Redis for XINFO GROUPS of the jobs stream (JobStore::Stats)
// every `interval` on a connection of its own, with the connection's command
// deadline, and sets the gauges ndrdiag_queue_lag (entries not yet delivered
// to any worker: what KEDA scales workers on) and ndrdiag_queue_pending
// (delivered, not finished) of common/metrics.h. While Redis cannot be
// reached the gauges keep their last value and one warning is logged per
// outage. Workers sample the same gauges at each reclaim step; the frontend
// samples too so that the value is there even with no worker running.
//
// Thread-safe.
#ifndef NDRDIAG_SERVICE_QUEUE_STATS_H_
#define NDRDIAG_SERVICE_QUEUE_STATS_H_

#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/job_store.h"
#include "common/redis/redis_connection.h"

namespace ndrdiag {

class QueueStatsPoller {
 public:
  QueueStatsPoller(RedisEndpoint endpoint, RedisOptions redis,
                   JobStoreOptions store, absl::Duration interval);
  // Stop().
  ~QueueStatsPoller();
  QueueStatsPoller(const QueueStatsPoller&) = delete;
  QueueStatsPoller& operator=(const QueueStatsPoller&) = delete;

  // Samples at once, then every interval.
  void Start();
  // Joins the thread (within one command deadline). Idempotent.
  void Stop();

 private:
  void Loop();
  bool Stopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stop_; }

  const RedisEndpoint endpoint_;
  const RedisOptions redis_;
  const JobStoreOptions store_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

using QueueStatsPollerPtr = std::unique_ptr<QueueStatsPoller>;

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_QUEUE_STATS_H_
