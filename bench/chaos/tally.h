// Tally: turns what the callers saw and what Redis holds into the harness's
// verdict, the one summary line
//
//   submitted=N succeeded=S failed=F cancelled=C lost=L duplicate_terminal=D
//   max_attempts=M elapsed_s=E violations=V
//
// Pure functions (no I/O), so the arithmetic itself is unit-tested.
//
// A job is *lost* when its caller never saw a terminal event, when its create
// was never acknowledged, or when Redis no longer has a job whose create was
// acknowledged. It is a *duplicate_terminal* when its caller saw more than
// one terminal event or its event stream in Redis holds more than one.
// *violations* counts broken promises that are neither: an event id seen
// twice or out of order after resumes, a caller's events that differ from
// the stream in Redis (a gap), a final state that differs between the two, a
// pending queue entry left for a finished job (or naming no job), and jobs
// Redis holds under the harness's owner that no create returned (a retried
// create that was not idempotent). Lost jobs are not counted as succeeded,
// failed or cancelled.
#ifndef NDRDIAG_BENCH_CHAOS_TALLY_H_
#define NDRDIAG_BENCH_CHAOS_TALLY_H_

#include <optional>
#include <string>
#include <vector>

#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag::chaos {

// What one caller saw of its job.
struct CallerView {
  bool acknowledged = false;  // CreateDiagnosis returned the job
  std::string job_id;
  std::vector<std::string> event_ids;  // every event received, in order
  int terminal_events = 0;
  v1::Diagnosis::State terminal_state = v1::Diagnosis::STATE_UNSPECIFIED;
  int repeated_ids = 0;  // ids received before (on this job)
  int out_of_order = 0;  // ids not greater than the one before
};

// What Redis holds of a job after the run.
struct StoreView {
  v1::Diagnosis::State state = v1::Diagnosis::STATE_UNSPECIFIED;
  int attempt = 0;
  std::vector<std::string> event_ids;  // the event stream, in order
  int terminal_events = 0;
  int pending_entries = 0;  // its entries in the group's pending list
};

struct JobOutcome {
  CallerView caller;
  std::optional<StoreView> store;  // nullopt: no job hash in Redis
};

struct Summary {
  int submitted = 0;
  int succeeded = 0;
  int failed = 0;
  int cancelled = 0;
  int lost = 0;
  int duplicate_terminal = 0;
  int max_attempts = 0;
  double elapsed_s = 0;
  // Breakdown of `lost`.
  int lost_unacknowledged = 0;
  int lost_missing_in_redis = 0;
  int lost_not_terminal = 0;   // no terminal event anywhere
  int lost_only_in_redis = 0;  // terminal in Redis, never seen by the caller
  // Breakdown of violations.
  int repeated_ids = 0;
  int out_of_order = 0;
  int gaps = 0;
  int state_mismatch = 0;
  int pending_left = 0;
  int extra_jobs = 0;
  int orphan_pending = 0;  // pending entries whose queue entry is gone
  int violations() const {
    return repeated_ids + out_of_order + gaps + state_mismatch + pending_left +
           extra_jobs + orphan_pending;
  }
  bool ok() const {
    return lost == 0 && duplicate_terminal == 0 && violations() == 0;
  }
};

// `extra_jobs`: jobs under the harness's owner in Redis that no caller got;
// `orphan_pending`: pending entries of the group that name no queue entry.
Summary Tally(const std::vector<JobOutcome>& jobs, int extra_jobs,
              int orphan_pending, double elapsed_s);

// The one summary line (no trailing newline).
std::string SummaryLine(const Summary& summary);
// The breakdown, one "name=value" per non-zero count, for stderr.
std::string SummaryDetails(const Summary& summary);

}  // namespace ndrdiag::chaos

#endif  // NDRDIAG_BENCH_CHAOS_TALLY_H_
