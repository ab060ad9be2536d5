// Nearest-rank percentiles (see percentiles.h).
#include "bench/load/percentiles.h"

#include <algorithm>

namespace ndrdiag::bench {

int64_t NearestRank(const std::vector<int64_t>& sorted, int per_mille) {
  const int64_t n = static_cast<int64_t>(sorted.size());
  // rank = ceil(per_mille * n / 1000) in integers: floating point would make
  // 0.99 * 100 round up to rank 100.
  int64_t rank = (static_cast<int64_t>(per_mille) * n + 999) / 1000;
  rank = std::clamp<int64_t>(rank, 1, n);
  return sorted[rank - 1];
}

std::optional<Percentiles> ComputePercentiles(std::vector<int64_t> samples) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  Percentiles p;
  p.count = static_cast<int64_t>(samples.size());
  p.p50 = NearestRank(samples, 500);
  p.p90 = NearestRank(samples, 900);
  p.p99 = NearestRank(samples, 990);
  p.max = samples.back();
  return p;
}

}  // namespace ndrdiag::bench
