// Metrics: a process-wide registry of counters and gauges.
//
// The queue (common/job_store) and the worker runtime count what happens to
// jobs here: attempts started, leases reclaimed, dead letters, queue lag.
// common/metrics_server.h serves them on /metrics (rendering Snapshot() at
// each scrape) beside the prometheus-cpp families. Names follow Prometheus
// conventions (ndrdiag_<what>_total for counters).
//
//   Metrics::Counter("ndrdiag_jobs_reclaimed_total").Add();
//   Metrics::Gauge("ndrdiag_queue_lag").Set(12);
//   for (const MetricValue& m : Metrics::Snapshot()) ...
//
// Thread-safe. A metric, once created, lives until the process exits, so
// the references returned stay valid and updates are single atomic
// operations (cache the reference on hot paths). The names used by ndrdiag
// are the constants below.
#ifndef NDRDIAG_COMMON_METRICS_H_
#define NDRDIAG_COMMON_METRICS_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ndrdiag {

// Monotonic count of events.
class CounterMetric {
 public:
  void Add(int64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// A value sampled now (may go down).
class GaugeMetric {
 public:
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

struct MetricValue {
  enum class Kind { kCounter, kGauge };
  std::string name;
  Kind kind = Kind::kCounter;
  int64_t value = 0;
};

class Metrics {
 public:
  // The counter or gauge called `name`, created at 0 on first use. A name
  // is either a counter or a gauge: asking for the other kind is a
  // programmer error and aborts.
  static CounterMetric& Counter(std::string_view name);
  static GaugeMetric& Gauge(std::string_view name);
  // Every metric, sorted by name.
  static std::vector<MetricValue> Snapshot();
};

// Metric names used across ndrdiag.
namespace metric_names {
// Attempts started by JobStore::Start (first runs and reclaims).
inline constexpr char kJobAttempts[] = "ndrdiag_job_attempts_total";
// Queue entries taken over from a worker whose lease expired.
inline constexpr char kJobsReclaimed[] = "ndrdiag_jobs_reclaimed_total";
// Jobs ended FAILED after the maximum number of attempts.
inline constexpr char kJobsDeadLettered[] = "ndrdiag_jobs_dead_lettered_total";
// Leases handed back by a worker shutting down.
inline constexpr char kJobsHandedBack[] = "ndrdiag_jobs_handed_back_total";
// A worker's attempt was fenced (its lease had been taken over).
inline constexpr char kAttemptsFenced[] = "ndrdiag_attempts_fenced_total";
// Heartbeats that could not be written (Redis down).
inline constexpr char kHeartbeatErrors[] = "ndrdiag_heartbeat_errors_total";
// Entries of the jobs stream not yet delivered to any worker (XINFO GROUPS
// lag), and entries delivered but not acknowledged (pending), as last
// sampled by a worker's reclaimer.
inline constexpr char kQueueLag[] = "ndrdiag_queue_lag";
inline constexpr char kQueuePending[] = "ndrdiag_queue_pending";
}  // namespace metric_names

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_METRICS_H_
