// Nearest-rank percentiles over every sample of a run.
//
// The load generator keeps all samples (no histograms, no sampling), so the
// figures are exact: the p-th percentile is the smallest sample such that at
// least p % of the samples are less than or equal to it (the nearest-rank
// definition), which is always a value that was actually observed. Pure
// functions, no I/O.
#ifndef NDRDIAG_BENCH_LOAD_PERCENTILES_H_
#define NDRDIAG_BENCH_LOAD_PERCENTILES_H_

#include <cstdint>
#include <optional>
#include <vector>

namespace ndrdiag::bench {

// Percentiles of one series, in the unit of its samples (microseconds in
// this bench).
struct Percentiles {
  int64_t count = 0;
  int64_t p50 = 0;
  int64_t p90 = 0;
  int64_t p99 = 0;
  int64_t max = 0;
};

// The nearest-rank percentile `per_mille` / 10 % of `sorted` (ascending,
// non-empty): 500 is the median, 990 the 99th percentile.
int64_t NearestRank(const std::vector<int64_t>& sorted, int per_mille);

// Sorts `samples` and computes the figures; nullopt when there are none.
std::optional<Percentiles> ComputePercentiles(std::vector<int64_t> samples);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_PERCENTILES_H_
