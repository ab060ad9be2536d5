// The metrics registry: counters and gauges by name, one instance per name,
// safe to update from many threads, listed sorted by Snapshot().
#include "common/metrics.h"

#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

const MetricValue* FindIn(const std::vector<MetricValue>& snapshot,
                          const std::string& name) {
  for (const MetricValue& m : snapshot) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

TEST(MetricsTest, SameNameIsTheSameCounter) {
  CounterMetric& a = Metrics::Counter("test_same_name_total");
  CounterMetric& b = Metrics::Counter("test_same_name_total");
  EXPECT_EQ(&a, &b);
  const int64_t before = a.value();
  a.Add();
  b.Add(4);
  EXPECT_EQ(a.value(), before + 5);
}

TEST(MetricsTest, GaugesGoUpAndDown) {
  GaugeMetric& g = Metrics::Gauge("test_gauge");
  g.Set(10);
  g.Add(-3);
  EXPECT_EQ(g.value(), 7);
  g.Set(0);
  EXPECT_EQ(Metrics::Gauge("test_gauge").value(), 0);
}

TEST(MetricsTest, ConcurrentAddsAreNotLost) {
  CounterMetric& c = Metrics::Counter("test_concurrent_total");
  const int64_t before = c.value();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 10000; ++i) {
        Metrics::Counter("test_concurrent_total").Add();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(c.value(), before + 40000);
}

TEST(MetricsTest, SnapshotListsEveryMetricSortedWithItsKind) {
  Metrics::Counter("test_snapshot_b_total").Add(2);
  Metrics::Gauge("test_snapshot_a").Set(-5);
  std::vector<MetricValue> snapshot = Metrics::Snapshot();
  for (size_t i = 1; i < snapshot.size(); ++i) {
    EXPECT_LT(snapshot[i - 1].name, snapshot[i].name);
  }
  const MetricValue* a = FindIn(snapshot, "test_snapshot_a");
  const MetricValue* b = FindIn(snapshot, "test_snapshot_b_total");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->kind, MetricValue::Kind::kGauge);
  EXPECT_EQ(a->value, -5);
  EXPECT_EQ(b->kind, MetricValue::Kind::kCounter);
  EXPECT_GE(b->value, 2);
}

TEST(MetricsDeathTest, OneNameCannotBeBothKinds) {
  Metrics::Counter("test_kind_clash_total");
  EXPECT_DEATH(Metrics::Gauge("test_kind_clash_total"), "");
}

}  // namespace
}  // namespace ndrdiag
