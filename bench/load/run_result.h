// What a run of either mode hands to main for the report.
#ifndef NDRDIAG_BENCH_LOAD_RUN_RESULT_H_
#define NDRDIAG_BENCH_LOAD_RUN_RESULT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/load/summary.h"

namespace ndrdiag::bench {

struct RunResult {
  std::vector<DiagnosisSample> samples;
  std::vector<int64_t> event_us;  // of the measured diagnoses
  Window window;                  // the measured window
  int64_t started = 0;            // diagnoses started, warmup included
  int64_t skipped_starts = 0;     // open loop: refused by the cap
  int64_t unfinished = 0;         // still running at the end; cancelled
  std::string stamp_precision;    // "us", "ms" or ""
};

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_RUN_RESULT_H_
