// Load mode: `concurrency` callers running RunDiagnosis back to back (closed
// loop) or diagnoses started on a fixed schedule (open loop, --rate).
//
// Callers are slots, each with at most one call in flight, driven by the
// CqDriver's threads (no thread per caller): in the closed loop a slot
// starts its next diagnosis from the completion that ended the last one; in the
// open loop the calling thread starts diagnoses on schedule on free slots and
// counts the starts it had to skip because all slots were busy. RunLoad()
// blocks for warmup + duration (or until `count` measured diagnoses have
// ended), then lets the calls in flight finish (each has a deadline), shuts the
// driver down and returns every sample.
#ifndef NDRDIAG_BENCH_LOAD_LOAD_RUN_H_
#define NDRDIAG_BENCH_LOAD_LOAD_RUN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/load/call_setup.h"
#include "bench/load/run_result.h"
#include "ndrdiag/v1/diagnosis_service.pb.h"

namespace ndrdiag::bench {

struct LoadConfig {
  CallSetup calls;  // calls.rss: BeginWindow() when the warmup ends
  // One per domain; slot i starts at request i and goes round robin.
  std::vector<v1::RunDiagnosisRequest> requests;
  int concurrency = 1;
  double rate = 0;  // 0: closed loop
  absl::Duration warmup;
  absl::Duration duration;  // ignored when count > 0
  int64_t count = 0;
};

RunResult RunLoad(const LoadConfig& config);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_LOAD_RUN_H_
