// LeaseKeeper: the thread that keeps a worker's leases alive.
//
// Every `interval` (a third of the lease) it heartbeats each running attempt
// (JobStore::Heartbeat: resets the queue entry's idle time, fenced by
// attempt), so no other worker reclaims a job this worker is still running,
// however long the job waits on DNS. What Redis says back that the job must
// act on comes back through the outcome callback (on this thread; the
// runtime posts it to the loop):
//
//   kCancelRequested  the caller asked to cancel: stop between steps
//   kFenced           the attempt is no longer current (the lease expired
//                     and another worker took the job over): drop it now
//
// A heartbeat that cannot be written (Redis down) is logged and retried on
// the next tick; if Redis stays away longer than the lease, other workers
// may reclaim the job and this attempt is fenced on its next write.
//
// It has its own RedisConnection, so heartbeats never wait behind a
// blocking fetch or a publisher retrying. Add/Remove/Start/Stop are
// thread-safe; Release is called after Stop, by the owner.
#ifndef NDRDIAG_WORKERS_RUNTIME_LEASE_KEEPER_H_
#define NDRDIAG_WORKERS_RUNTIME_LEASE_KEEPER_H_

#include <functional>
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

struct LeaseKeeperOptions {
  RedisEndpoint endpoint;
  RedisOptions redis;
  JobStoreOptions store;  // store.lease sets the heartbeat interval
  std::string consumer;
};

struct LeaseOutcome {
  enum class Kind { kCancelRequested, kFenced };
  Kind kind;
  std::string job_key;  // JobKey(lease)
  std::string detail;   // why, for kFenced
};

class LeaseKeeper {
 public:
  using OutcomeCallback = std::function<void(LeaseOutcome)>;

  LeaseKeeper(LeaseKeeperOptions options, OutcomeCallback on_outcome);
  ~LeaseKeeper();  // Stop()
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  // How often each lease is extended: a third of the lease (at least 10 ms).
  static absl::Duration HeartbeatInterval(absl::Duration lease);

  void Start();
  // Stops heartbeating and joins the thread (at most one heartbeat round).
  void Stop();

  // Starts / stops heartbeating an attempt. Thread-safe.
  void Add(const JobLeasePtr& lease);
  void Remove(const std::string& job_key);

  // After Stop: hands the given attempts back (JobStore::Release), so that
  // other workers take them at once. Best effort: one try each, logged.
  void Release(const std::vector<JobLeasePtr>& leases);

 private:
  void Loop();
  void Beat(JobStore& store, const std::vector<JobLeasePtr>& leases);

  const LeaseKeeperOptions options_;
  const OutcomeCallback on_outcome_;
  const absl::Duration interval_;
  RedisConnection redis_;  // keeper thread only (then Release, after Stop)

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, JobLeasePtr> leases_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_LEASE_KEEPER_H_
