// The metrics endpoint's registry: families registered in MetricsRegistry()
// and the counters of common/metrics.h render together in the Prometheus
// text format; malformed listen addresses are refused before binding.
#include "common/metrics_server.h"

#include <string>

#include "absl/status/status.h"
#include "common/metrics.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/counter.h"
#include "prometheus/text_serializer.h"
#include "tests/support/http_scrape.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;

std::string Render() {
  return prometheus::TextSerializer().Serialize(AllMetrics()->Collect());
}

TEST(MetricsServerTest, RendersRegistryFamiliesAndLegacyMetrics) {
  prometheus::BuildCounter()
      .Name("test_registry_things_total")
      .Help("Things.")
      .Register(MetricsRegistry())
      .Add({{"kind", "a"}})
      .Increment(3);
  Metrics::Counter(metric_names::kJobsDeadLettered).Add(2);
  Metrics::Gauge(metric_names::kQueueLag).Set(7);

  const std::string text = Render();
  EXPECT_EQ(SampleSum(text, "test_registry_things_total", {{"kind", "a"}}), 3);
  EXPECT_GE(SampleSum(text, "ndrdiag_jobs_dead_lettered_total"), 2);
  EXPECT_EQ(SampleSum(text, "ndrdiag_queue_lag"), 7);
  EXPECT_THAT(text, HasSubstr("# TYPE ndrdiag_queue_lag gauge"));
  EXPECT_THAT(text,
              HasSubstr("# TYPE ndrdiag_jobs_dead_lettered_total counter"));
  EXPECT_THAT(text, HasSubstr("# HELP ndrdiag_queue_lag Jobs queued"));
}

TEST(MetricsServerTest, RefusesMalformedAddressesBeforeBinding) {
  for (const char* bad : {"9090", ":9090", "localhost:9090", "1.2.3.4:x",
                          "127.0.0.1:70000", "[::1:9090", "::1:9090"}) {
    absl::StatusOr<MetricsServerPtr> server = MetricsServer::Start(bad);
    EXPECT_TRUE(absl::IsInvalidArgument(server.status())) << bad;
  }
}

TEST(MetricsServerTest, StartForFlagIsOffWhenEmptyAndNamesTheFlag) {
  absl::StatusOr<MetricsServerPtr> off = MetricsServer::StartForFlag("");
  ASSERT_TRUE(off.ok()) << off.status();
  EXPECT_EQ(*off, nullptr);
  absl::StatusOr<MetricsServerPtr> bad = MetricsServer::StartForFlag("9090");
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status()));
  EXPECT_THAT(std::string(bad.status().message()),
              ::testing::StartsWith("--metrics-listen: "));
  absl::StatusOr<MetricsServerPtr> on =
      MetricsServer::StartForFlag("127.0.0.1:0");
  ASSERT_TRUE(on.ok()) << on.status();
  ASSERT_NE(*on, nullptr);
  EXPECT_GT((*on)->port(), 0);
}

}  // namespace
}  // namespace ndrdiag
