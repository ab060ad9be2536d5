// The window and error rules of Summarize().
#include "bench/load/summary.h"

#include "gtest/gtest.h"

namespace ndrdiag::bench {
namespace {

DiagnosisSample Ok(int64_t start, int64_t verdict_after) {
  DiagnosisSample s;
  s.start_us = start;
  s.accepted_us = 1000;
  s.first_result_us = 2000;
  s.verdict_us = verdict_after;
  s.end_us = start + verdict_after + 10;
  return s;
}

DiagnosisSample Failed(int64_t start, absl::string_view error) {
  DiagnosisSample s;
  s.start_us = start;
  s.end_us = start + 500;
  s.error = error;
  return s;
}

const Window kWindow{1'000'000, 3'000'000};  // 2 s after 1 s warmup

TEST(SummaryTest, CountsVerdictsArrivingInsideTheWindow) {
  std::vector<DiagnosisSample> samples = {
      Ok(100'000, 200'000),    // warmup, ends in warmup: nothing
      Ok(900'000, 200'000),    // warmup start, verdict inside: counted
      Ok(1'500'000, 100'000),  // inside
      Ok(2'950'000, 100'000),  // starts inside, verdict after the end
  };
  LoadFigures f = Summarize(samples, {}, kWindow);
  EXPECT_EQ(f.diagnoses, 2);
  EXPECT_DOUBLE_EQ(f.diagnoses_per_s, 1.0);
  // Latencies: only the two started inside, the late one included.
  EXPECT_EQ(f.measured, 2);
  ASSERT_TRUE(f.verdict.has_value());
  EXPECT_EQ(f.verdict->count, 2);
  EXPECT_EQ(f.verdict->max, 100'000);
  EXPECT_EQ(f.accepted->count, 2);
  EXPECT_EQ(f.first_result->p50, 2000);
  EXPECT_EQ(f.errors, 0);
}

TEST(SummaryTest, ErrorsByCodeOnlyForMeasuredDiagnoses) {
  std::vector<DiagnosisSample> samples = {
      Failed(10, "UNAVAILABLE"),  // warmup
      Failed(1'100'000, "UNAVAILABLE"), Failed(1'200'000, "UNAVAILABLE"),
      Failed(1'300'000, "FAILED"),      Ok(1'400'000, 50'000),
  };
  LoadFigures f = Summarize(samples, {5, 7}, kWindow);
  EXPECT_EQ(f.errors, 3);
  EXPECT_EQ(f.errors_by_code.at("UNAVAILABLE"), 2);
  EXPECT_EQ(f.errors_by_code.at("FAILED"), 1);
  EXPECT_EQ(f.diagnoses, 1);  // failures never count as diagnoses
  EXPECT_EQ(f.verdict->count, 1);
  EXPECT_EQ(f.event->count, 2);
  EXPECT_EQ(f.event->max, 7);
}

TEST(SummaryTest, SuccessWithoutVerdictUsesItsEnd) {
  DiagnosisSample s;
  s.start_us = 1'500'000;
  s.end_us = 1'600'000;
  LoadFigures f = Summarize({s}, {}, kWindow);
  EXPECT_EQ(f.diagnoses, 1);
  EXPECT_FALSE(f.verdict.has_value());
}

TEST(SummaryTest, EmptyRunHasNoFigures) {
  LoadFigures f = Summarize({}, {}, Window{0, 0});
  EXPECT_EQ(f.diagnoses, 0);
  EXPECT_EQ(f.diagnoses_per_s, 0);
  EXPECT_FALSE(f.accepted.has_value());
  EXPECT_FALSE(f.event.has_value());
}

}  // namespace
}  // namespace ndrdiag::bench
