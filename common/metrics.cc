#include "common/metrics.h"

#include <cstdlib>
#include <map>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/logging.h"

namespace ndrdiag {
namespace {

struct Entry {
  MetricValue::Kind kind;
  std::unique_ptr<CounterMetric> counter;
  std::unique_ptr<GaugeMetric> gauge;
};

struct Registry {
  absl::Mutex mu;
  // std::map: sorted for Snapshot; the metrics are heap objects, so their
  // addresses are stable however the map changes.
  std::map<std::string, Entry, std::less<>> entries ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed
  return *registry;
}

Entry& Find(std::string_view name, MetricValue::Kind kind) {
  Registry& r = TheRegistry();
  absl::MutexLock lock(&r.mu);
  auto it = r.entries.find(name);
  if (it == r.entries.end()) {
    Entry e{kind, nullptr, nullptr};
    if (kind == MetricValue::Kind::kCounter) {
      e.counter = std::make_unique<CounterMetric>();
    } else {
      e.gauge = std::make_unique<GaugeMetric>();
    }
    it = r.entries.emplace(std::string(name), std::move(e)).first;
  }
  if (it->second.kind != kind) {
    NDRDIAG_LOG(ERROR).With("metric", std::string(name))
        << "metric used both as a counter and as a gauge";
    std::abort();
  }
  return it->second;
}

}  // namespace

CounterMetric& Metrics::Counter(std::string_view name) {
  return *Find(name, MetricValue::Kind::kCounter).counter;
}

GaugeMetric& Metrics::Gauge(std::string_view name) {
  return *Find(name, MetricValue::Kind::kGauge).gauge;
}

std::vector<MetricValue> Metrics::Snapshot() {
  Registry& r = TheRegistry();
  absl::MutexLock lock(&r.mu);
  std::vector<MetricValue> out;
  out.reserve(r.entries.size());
  for (const auto& [name, e] : r.entries) {
    out.push_back({name, e.kind,
                   e.kind == MetricValue::Kind::kCounter ? e.counter->value()
                                                         : e.gauge->value()});
  }
  return out;
}

}  // namespace ndrdiag
