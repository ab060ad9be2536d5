// Fanout mode: many diagnoses, one WatchDiagnosis stream held open on each.
//
// Creates `streams` diagnoses with CreateDiagnosis at `create_rate` per
// second (at most 256 creates outstanding, so the frontend's queue is not
// what is measured), opens one WatchDiagnosis per created job and keeps it
// until the job's terminal event (or the call deadline). A stream counts as
// open from its first event (the server replays `accepted` at once) until
// it ends; the peak is the figure. Events stamped before their watch was
// opened are replays, not deliveries: they are counted, not timed. The
// frontend's VmRSS is read just before the first create; its peak comes
// from the RssSampler. Blocks until every stream has ended; shuts the
// driver down before returning.
#ifndef NDRDIAG_BENCH_LOAD_FANOUT_RUN_H_
#define NDRDIAG_BENCH_LOAD_FANOUT_RUN_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/load/call_setup.h"
#include "bench/load/report.h"
#include "bench/load/run_result.h"
#include "ndrdiag/v1/diagnosis_service.pb.h"

namespace ndrdiag::bench {

struct FanoutConfig {
  CallSetup calls;  // calls.rss may hold "frontend"
  std::vector<v1::CreateDiagnosisRequest> requests;  // round robin
  int streams = 1;
  double create_rate = 2000;
};

struct FanoutResult {
  RunResult run;
  FanoutFigures figures;  // frontend_rss_peak_kib is filled in by main
};

FanoutResult RunFanout(const FanoutConfig& config);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_FANOUT_RUN_H_
