// The frontend's metric families exist once FrontendMetrics is used, under
// the names docs/operations.md lists.
#include <string>

#include "common/metrics_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "service/metrics.h"
#include "tests/support/http_scrape.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;

TEST(FrontendMetricsTest, RegistersItsFamilies) {
  FrontendMetrics& m = FrontendMetrics::Get();
  EXPECT_EQ(&m, &FrontendMetrics::Get());
  m.jobs_enqueued.Increment();
  m.rpcs_handled
      .Add({{"grpc_service", "s"}, {"grpc_method", "M"}, {"grpc_code", "OK"}})
      .Increment();
  // Buckets as in the interceptor (a family holds one set per series).
  m.rpc_seconds
      .Add({{"grpc_service", "s"}, {"grpc_method", "M"}},
           prometheus::Histogram::BucketBoundaries{0.1, 1})
      .Observe(0.5);
  const std::string text =
      prometheus::TextSerializer().Serialize(AllMetrics()->Collect());
  EXPECT_GE(SampleSum(text, "ndrdiag_jobs_enqueued_total"), 1);
  EXPECT_GE(SampleSum(text, "grpc_server_handled_total",
                      {{"grpc_method", "M"}, {"grpc_code", "OK"}}),
            1);
  EXPECT_GE(SampleSum(text, "ndrdiag_watch_streams_open"), 0);
  EXPECT_THAT(text, HasSubstr("# TYPE grpc_server_handling_seconds histogram"));
  EXPECT_THAT(text, HasSubstr("# TYPE grpc_server_handled_total counter"));
}

}  // namespace
}  // namespace ndrdiag
