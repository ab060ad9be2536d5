// ChaosRun: one run of the crash harness, start to summary line.
//
//   1. start Redis (AOF, appendfsync always), a frontend and W workers;
//   2. N callers submit and watch diagnoses of the lab's sample domains
//      (CallerPool), at most `concurrency` at once;
//   3. meanwhile, every `kill_interval`: SIGKILL a random worker and start it
//      again; once `redis_restart_at` callers have started: SIGKILL Redis
//      and start it again on the same port and directory; optionally the
//      same for the frontend once 3/4 have started;
//   4. when every caller has seen its terminal event (or at `timeout`):
//      stop the workers, read Redis (RedisAudit), tally (Tally) and print
//      the summary line on stdout, the details on stderr.
//
// Returns the exit status: 0 when nothing was lost, duplicated or violated,
// 1 when something was, 2 when the run could not be made (a process did not
// start, Redis could not be read).
#ifndef NDRDIAG_BENCH_CHAOS_CHAOS_RUN_H_
#define NDRDIAG_BENCH_CHAOS_CHAOS_RUN_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/chaos/cluster.h"

namespace ndrdiag::chaos {

struct ChaosOptions {
  int diagnoses = 200;
  int concurrency = 64;
  double rate = 25;  // new diagnoses per second; 0: no limit
  absl::Duration kill_interval = absl::Seconds(1);  // zero: no kills
  bool redis_restart = true;
  int redis_restart_at = -1;  // callers started; -1: half of `diagnoses`
  // SIGKILL and restart the frontend once, when 3/4 of the callers started.
  bool frontend_restart = false;
  absl::Duration timeout = absl::Seconds(300);
  uint64_t seed = 1;
  std::vector<std::string> domains;  // one is picked per diagnosis
  ClusterOptions cluster;            // work_dir must exist
};

int RunChaos(const ChaosOptions& options);

}  // namespace ndrdiag::chaos

#endif  // NDRDIAG_BENCH_CHAOS_CHAOS_RUN_H_
