// What one diagnosis yielded, and the run's figures computed from all of
// them.
//
// The runners (load_run.h, fanout_run.h) record one DiagnosisSample per
// diagnosis and one latency per event; Summarize() turns them into the
// figures of the report. The rules, in one place:
//   - diagnoses: successful diagnoses whose verdict (or terminal event, when
//     there was no verdict) arrived inside the measured window, whenever
//     they started; diagnoses_per_s divides that by the window's length.
//   - latencies and errors: only diagnoses that started inside the window
//     (the warmup's are excluded), followed to their end even when that is
//     after the window closed, so that slow ones are not cut off the tail.
//   - verdict latency: successful diagnoses only; failures are errors.
// Pure functions, no I/O.
#ifndef NDRDIAG_BENCH_LOAD_SUMMARY_H_
#define NDRDIAG_BENCH_LOAD_SUMMARY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "bench/load/percentiles.h"

namespace ndrdiag::bench {

// Times are microseconds on the run's monotonic clock (0 = run start);
// latencies are microseconds since `start_us`, -1 when it never happened.
struct DiagnosisSample {
  int64_t start_us = 0;
  int64_t end_us = 0;  // the stream (or the create, if that failed) ended
  int64_t accepted_us = -1;
  int64_t first_result_us = -1;
  int64_t verdict_us = -1;  // the verdict, else the terminal event
  // Empty for success; else a gRPC code name ("UNAVAILABLE"), "FAILED" or
  // "CANCELLED" (terminal state), or "INCOMPLETE" (the stream ended OK
  // without a terminal event). Points at static storage.
  absl::string_view error;
};

// [begin_us, end_us] on the same clock.
struct Window {
  int64_t begin_us = 0;
  int64_t end_us = 0;
  double seconds() const { return (end_us - begin_us) / 1e6; }
};

struct LoadFigures {
  int64_t diagnoses = 0;       // successes completed inside the window
  double diagnoses_per_s = 0;  // diagnoses / window length
  int64_t measured = 0;        // diagnoses started inside the window
  int64_t errors = 0;          // of the measured ones
  std::map<std::string, int64_t> errors_by_code;
  // Microseconds.
  std::optional<Percentiles> accepted, first_result, verdict, event;
};

// `event_us`: the latency of every event of the measured diagnoses.
LoadFigures Summarize(const std::vector<DiagnosisSample>& samples,
                      std::vector<int64_t> event_us, const Window& window);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_SUMMARY_H_
