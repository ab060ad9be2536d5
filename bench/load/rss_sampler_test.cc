// /proc/PID/status parsing, and the sampler on this very process.
#include "bench/load/rss_sampler.h"

#include <unistd.h>

#include "gtest/gtest.h"

namespace ndrdiag::bench {
namespace {

constexpr char kStatus[] =
    "Name:\tndrdiag-fronte\n"
    "VmPeak:\t  900000 kB\n"
    "VmHWM:\t   204800 kB\n"
    "VmRSS:\t   102400 kB\n"
    "VmRSSx:\t  1 kB\n";

TEST(RssSamplerTest, ParsesKibLines) {
  EXPECT_EQ(ParseStatusKib(kStatus, "VmRSS"), 102400);
  EXPECT_EQ(ParseStatusKib(kStatus, "VmHWM"), 204800);
  EXPECT_FALSE(ParseStatusKib(kStatus, "VmSwap").has_value());
  EXPECT_FALSE(ParseStatusKib("VmRSS:\tlots kB\n", "VmRSS").has_value());
}

TEST(RssSamplerTest, SamplesThisProcessAndForgetsTheDead) {
  // A pid that cannot exist (above pid_max's ceiling).
  RssSampler sampler({{"self", getpid()}, {"gone", 1 << 30}},
                     absl::Milliseconds(10));
  sampler.BeginWindow();
  ASSERT_TRUE(sampler.CurrentKib("self").has_value());
  EXPECT_GT(*sampler.CurrentKib("self"), 0);
  EXPECT_FALSE(sampler.CurrentKib("gone").has_value());
  EXPECT_FALSE(sampler.CurrentKib("unknown").has_value());
  std::vector<ProcessRss> out = sampler.Finish();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "self");
  ASSERT_TRUE(out[0].peak_kib.has_value());
  EXPECT_GT(*out[0].peak_kib, 0);
  ASSERT_TRUE(out[0].hwm_kib.has_value());
  EXPECT_GE(*out[0].hwm_kib, *out[0].peak_kib);
  EXPECT_FALSE(out[1].peak_kib.has_value());
  EXPECT_FALSE(out[1].hwm_kib.has_value());
}

}  // namespace
}  // namespace ndrdiag::bench
