// RedisAudit: reads what Redis holds of the harness's jobs after the run —
// each job's hash (state, attempt), its whole event stream (how many
// terminal events), the consumer group's pending entries — and the jobs
// Redis holds under the harness's owner that no caller was given.
//
// Reads only (HMGET, XRANGE, XPENDING, ZRANGE); knows the key layout of
// common/job_store.h. Pipelined in batches so 5,000 jobs take a moment.
#ifndef NDRDIAG_BENCH_CHAOS_REDIS_AUDIT_H_
#define NDRDIAG_BENCH_CHAOS_REDIS_AUDIT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/chaos/tally.h"
#include "common/redis/redis_connection.h"

namespace ndrdiag::chaos {

struct AuditResult {
  // Parallel to the job ids asked for; nullopt when the hash is missing (or
  // the id was empty: a create that was never acknowledged).
  std::vector<std::optional<StoreView>> jobs;
  // Jobs indexed under the owner whose ids were not asked for.
  std::vector<std::string> extra_job_ids;
  // Pending entries whose queue entry no longer exists (so no job can be
  // named): acknowledged nowhere, reclaimed forever.
  int orphan_pending = 0;
  int pending_total = 0;
};

absl::StatusOr<AuditResult> AuditRedis(RedisConnection& redis,
                                       const std::string& key_prefix,
                                       const std::string& owner,
                                       const std::vector<std::string>& job_ids);

}  // namespace ndrdiag::chaos

#endif  // NDRDIAG_BENCH_CHAOS_REDIS_AUDIT_H_
