// Cluster: the system under test, as real processes — one redis-server (AOF
// on, appendfsync always, its own port and directory), one ndrdiag-frontend
// and W ndrdiag-worker processes — plus the faults the harness injects:
// SIGKILL a worker and start it again at once, SIGKILL Redis and start it
// again on the same port and directory.
//
// Every process writes to <work_dir>/<name>.log (appending across restarts).
// Call everything from one thread, the one that created the Cluster (see
// ChildProcess on PR_SET_PDEATHSIG).
#ifndef NDRDIAG_BENCH_CHAOS_CLUSTER_H_
#define NDRDIAG_BENCH_CHAOS_CLUSTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/chaos/child_process.h"
#include "common/redis/redis_connection.h"

namespace ndrdiag::chaos {

struct ClusterOptions {
  std::string bin_dir;   // holds ndrdiag-frontend and ndrdiag-worker
  std::string work_dir;  // logs and the Redis directory
  std::string redis_server = "/usr/bin/redis-server";
  int workers = 4;
  // Passed to every worker after --redis (the lab's resolver and allow-list
  // among them).
  std::vector<std::string> worker_args;
  std::vector<std::string> frontend_args;
  // How long a process may take to be ready after a (re)start.
  absl::Duration ready_timeout = absl::Seconds(30);
};

class Cluster {
 public:
  // Starts Redis, the frontend and the workers; returns when Redis answers
  // PING and the frontend accepts connections. FAILED_PRECONDITION naming
  // the process (and its log) that did not come up.
  static absl::StatusOr<std::unique_ptr<Cluster>> Start(ClusterOptions options);
  // Stops whatever still runs (workers by SIGKILL, the rest by SIGTERM).
  ~Cluster();

  const std::string& frontend_address() const { return frontend_address_; }
  const RedisEndpoint& redis_endpoint() const { return redis_endpoint_; }
  int worker_count() const { return static_cast<int>(workers_.size()); }

  // SIGKILL worker `index` and start it again at once.
  absl::Status KillAndRestartWorker(int index);
  // SIGKILL redis-server, start it again on the same port and directory and
  // wait until it answers PING (it loads the AOF first). Returns how long
  // Redis was unavailable.
  absl::StatusOr<absl::Duration> KillAndRestartRedis();
  // SIGKILL the frontend and start it again on the same address; returns
  // when it accepts connections again.
  absl::Status KillAndRestartFrontend();
  // Restarts any process that exited without being told to; returns
  // "name (how it exited)" for each, so the harness can report crashes.
  std::vector<std::string> RestartCrashed();

  // SIGKILL every worker (they are stateless); used before the audit so
  // that nothing changes Redis while it is read.
  void KillWorkers();
  void Stop();

 private:
  explicit Cluster(ClusterOptions options);
  absl::Status StartRedis();
  absl::Status WaitRedisReady();
  absl::Status StartFrontend();
  absl::Status WaitFrontendReady();
  absl::Status StartWorkers();
  std::string LogPath(const std::string& name) const;

  ClusterOptions options_;
  RedisEndpoint redis_endpoint_;
  std::string frontend_address_;
  std::unique_ptr<ChildProcess> redis_;
  std::unique_ptr<ChildProcess> frontend_;
  std::vector<std::unique_ptr<ChildProcess>> workers_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
absl::StatusOr<int> FreeLoopbackPort();

}  // namespace ndrdiag::chaos

#endif  // NDRDIAG_BENCH_CHAOS_CLUSTER_H_
