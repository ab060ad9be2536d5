// The JSON line's shape (the contract with bench/run) and the table.
#include "bench/load/report.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag::bench {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

Report Sample() {
  Report r;
  r.mode = "load";
  r.target = "127.0.0.1:7000";
  r.families = "dns";
  r.concurrency = 16;
  r.channels = 1;
  r.warmup_s = 3;
  r.window_s = 10;
  r.started = 1200;
  r.figures.diagnoses = 1000;
  r.figures.diagnoses_per_s = 100;
  r.figures.measured = 1010;
  r.figures.errors = 3;
  r.figures.errors_by_code = {{"FAILED", 1}, {"UNAVAILABLE", 2}};
  r.figures.verdict = Percentiles{1000, 12'345, 20'000, 55'500, 90'001};
  r.figures.event = Percentiles{5000, 800, 1500, 2500, 9999};
  r.event_stamp_precision = "us";
  r.rss = {{"frontend", 102400, 204800}, {"worker", std::nullopt, 1024}};
  r.labels = {{"workers", "2"}, {"run", "base\"line"}};
  return r;
}

TEST(ReportTest, JsonIsOneLineWithTheContractKeys) {
  std::string json = RenderJson(Sample());
  EXPECT_THAT(json, StartsWith("{\"bench\":\"ndrdiag\","));
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_EQ(json.back(), '}');
  EXPECT_THAT(json, HasSubstr("\"mode\":\"load\""));
  EXPECT_THAT(json, HasSubstr("\"concurrency\":16"));
  EXPECT_THAT(json, HasSubstr("\"diagnoses\":1000,"));
  EXPECT_THAT(json, HasSubstr("\"diagnoses_per_s\":100.00"));
  EXPECT_THAT(json, HasSubstr("\"p50_verdict_ms\":12.345"));
  EXPECT_THAT(json, HasSubstr("\"p90_verdict_ms\":20.000"));
  EXPECT_THAT(json, HasSubstr("\"p99_verdict_ms\":55.500"));
  EXPECT_THAT(json, HasSubstr("\"max_verdict_ms\":90.001"));
  EXPECT_THAT(json, HasSubstr("\"p99_event_ms\":2.500"));
  EXPECT_THAT(json, HasSubstr("\"p50_accepted_ms\":null"));
  EXPECT_THAT(json, HasSubstr("\"max_first_result_ms\":null"));
  EXPECT_THAT(json, HasSubstr("\"errors\":3,"));
  EXPECT_THAT(json,
              HasSubstr("\"errors_by_code\":{\"FAILED\":1,\"UNAVAILABLE\":2}"));
  EXPECT_THAT(
      json, HasSubstr("\"rss_peak_mib\":{\"frontend\":100.0,\"worker\":null}"));
  EXPECT_THAT(json,
              HasSubstr("\"rss_hwm_mib\":{\"frontend\":200.0,\"worker\":1.0}"));
  EXPECT_THAT(json, HasSubstr("\"labels\":{\"workers\":\"2\",\"run\":"
                              "\"base\\\"line\"}"));
  // Absent unless given / fanout.
  EXPECT_THAT(json, Not(HasSubstr("ceiling_per_s")));
  EXPECT_THAT(json, Not(HasSubstr("ratio")));
  EXPECT_THAT(json, Not(HasSubstr("streams_open")));
}

TEST(ReportTest, CeilingAddsTheRatio) {
  Report r = Sample();
  r.ceiling_per_s = 400;
  std::string json = RenderJson(r);
  EXPECT_THAT(json, HasSubstr("\"ceiling_per_s\":400.00"));
  EXPECT_THAT(json, HasSubstr("\"ratio\":0.2500"));
  EXPECT_THAT(RenderTable(r), HasSubstr("ratio 0.2500"));
}

TEST(ReportTest, EmptyMapsAreObjects) {
  Report r;
  r.mode = "load";
  std::string json = RenderJson(r);
  EXPECT_THAT(json, HasSubstr("\"errors_by_code\":{}"));
  EXPECT_THAT(json, HasSubstr("\"rss_peak_mib\":{}"));
  EXPECT_THAT(json, HasSubstr("\"labels\":{}"));
}

TEST(ReportTest, FanoutFiguresAndMemoryPerStream) {
  Report r = Sample();
  r.mode = "fanout";
  FanoutFigures f;
  f.streams_requested = 2000;
  f.streams_open = 1000;
  f.frontend_rss_before_kib = 50 * 1024;
  f.frontend_rss_peak_kib = 50 * 1024 + 30'000;
  r.fanout = f;
  ASSERT_TRUE(RssPerStreamKib(f).has_value());
  EXPECT_DOUBLE_EQ(*RssPerStreamKib(f), 30.0);
  std::string json = RenderJson(r);
  EXPECT_THAT(json, HasSubstr("\"streams_open\":1000"));
  EXPECT_THAT(json, HasSubstr("\"frontend_rss_before_mib\":50.0"));
  EXPECT_THAT(json, HasSubstr("\"frontend_rss_peak_mib\":79.3"));
  EXPECT_THAT(json, HasSubstr("\"rss_per_stream_kib\":30.00"));
  EXPECT_THAT(RenderTable(r), HasSubstr("30.00 KiB per stream"));
}

TEST(ReportTest, MemoryPerStreamNeedsEveryFigure) {
  FanoutFigures f;
  f.streams_open = 10;
  EXPECT_FALSE(RssPerStreamKib(f).has_value());
  f.frontend_rss_before_kib = 1;
  f.frontend_rss_peak_kib = 2;
  f.streams_open = 0;
  EXPECT_FALSE(RssPerStreamKib(f).has_value());
}

TEST(ReportTest, TableShowsEveryLatencyRow) {
  std::string table = RenderTable(Sample());
  EXPECT_THAT(table, HasSubstr("diagnoses 1000  = 100.00/s"));
  EXPECT_THAT(table, HasSubstr("UNAVAILABLE=2"));
  EXPECT_THAT(table, HasSubstr("accepted"));
  EXPECT_THAT(table, HasSubstr("first_result"));
  EXPECT_THAT(table, HasSubstr("12.345"));
  EXPECT_THAT(table, HasSubstr("stamped to the microsecond"));
  EXPECT_THAT(table, HasSubstr("frontend"));
  EXPECT_EQ(table.back(), '\n');
}

}  // namespace
}  // namespace ndrdiag::bench
