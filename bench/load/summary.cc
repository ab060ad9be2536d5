// The run's figures from its samples (see summary.h).
#include "bench/load/summary.h"

#include <utility>

namespace ndrdiag::bench {

LoadFigures Summarize(const std::vector<DiagnosisSample>& samples,
                      std::vector<int64_t> event_us, const Window& window) {
  LoadFigures f;
  std::vector<int64_t> accepted, first_result, verdict;
  for (const DiagnosisSample& s : samples) {
    if (s.error.empty()) {
      const int64_t done =
          s.verdict_us >= 0 ? s.start_us + s.verdict_us : s.end_us;
      if (done >= window.begin_us && done <= window.end_us) ++f.diagnoses;
    }
    if (s.start_us < window.begin_us || s.start_us > window.end_us) continue;
    ++f.measured;
    if (s.accepted_us >= 0) accepted.push_back(s.accepted_us);
    if (s.first_result_us >= 0) first_result.push_back(s.first_result_us);
    if (!s.error.empty()) {
      ++f.errors;
      ++f.errors_by_code[std::string(s.error)];
    } else if (s.verdict_us >= 0) {
      verdict.push_back(s.verdict_us);
    }
  }
  const double seconds = window.seconds();
  f.diagnoses_per_s = seconds > 0 ? f.diagnoses / seconds : 0;
  f.accepted = ComputePercentiles(std::move(accepted));
  f.first_result = ComputePercentiles(std::move(first_result));
  f.verdict = ComputePercentiles(std::move(verdict));
  f.event = ComputePercentiles(std::move(event_us));
  return f;
}

}  // namespace ndrdiag::bench
