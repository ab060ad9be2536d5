// Nearest-rank percentiles: exact ranks, observed values only.
#include "bench/load/percentiles.h"

#include <numeric>

#include "gtest/gtest.h"

namespace ndrdiag::bench {
namespace {

TEST(PercentilesTest, NoSamplesNoFigures) {
  EXPECT_FALSE(ComputePercentiles({}).has_value());
}

TEST(PercentilesTest, OneSampleIsEveryPercentile) {
  auto p = ComputePercentiles({7});
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->count, 1);
  EXPECT_EQ(p->p50, 7);
  EXPECT_EQ(p->p90, 7);
  EXPECT_EQ(p->p99, 7);
  EXPECT_EQ(p->max, 7);
}

TEST(PercentilesTest, OneToHundredGivesTheRankItself) {
  std::vector<int64_t> samples(100);
  std::iota(samples.rbegin(), samples.rend(), 1);  // unsorted: 100..1
  auto p = ComputePercentiles(samples);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->count, 100);
  EXPECT_EQ(p->p50, 50);
  EXPECT_EQ(p->p90, 90);
  EXPECT_EQ(p->p99, 99);  // not 100: no floating-point round-up
  EXPECT_EQ(p->max, 100);
}

TEST(PercentilesTest, SmallSetsRoundTheRankUp) {
  // n = 4: p50 rank ceil(2) = 2, p90 rank ceil(3.6) = 4.
  auto p = ComputePercentiles({40, 10, 30, 20});
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->p50, 20);
  EXPECT_EQ(p->p90, 40);
  EXPECT_EQ(p->p99, 40);
  // n = 3: p50 rank ceil(1.5) = 2.
  EXPECT_EQ(ComputePercentiles({3, 1, 2})->p50, 2);
}

TEST(PercentilesTest, NearestRankClampsToTheEnds) {
  std::vector<int64_t> sorted = {1, 2, 3};
  EXPECT_EQ(NearestRank(sorted, 0), 1);
  EXPECT_EQ(NearestRank(sorted, 1000), 3);
  EXPECT_EQ(NearestRank(sorted, 999), 3);
}

TEST(PercentilesTest, TailOfThousandSamples) {
  std::vector<int64_t> samples(1000, 5);
  samples[0] = 900;  // one outlier in a thousand: p99 stays 5
  samples[1] = 800;
  auto p = ComputePercentiles(samples);
  EXPECT_EQ(p->p99, 5);
  EXPECT_EQ(p->max, 900);
  samples.assign(100, 5);
  samples[0] = 900;  // one in a hundred: p99 is still 5, max sees it
  EXPECT_EQ(ComputePercentiles(samples)->p99, 5);
  samples[1] = 800;  // two in a hundred: p99 is the smaller outlier
  EXPECT_EQ(ComputePercentiles(samples)->p99, 800);
}

}  // namespace
}  // namespace ndrdiag::bench
