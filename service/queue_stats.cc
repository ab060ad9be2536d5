#include "service/queue_stats.h"

#include <utility>

#include "common/logging.h"
#include "common/metrics.h"

namespace ndrdiag {

QueueStatsPoller::QueueStatsPoller(RedisEndpoint endpoint, RedisOptions redis,
                                   JobStoreOptions store,
                                   absl::Duration interval)
    : endpoint_(std::move(endpoint)),
      redis_(std::move(redis)),
      store_(std::move(store)),
      interval_(interval) {}

QueueStatsPoller::~QueueStatsPoller() { Stop(); }

void QueueStatsPoller::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void QueueStatsPoller::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void QueueStatsPoller::Loop() {
  RedisConnection redis(endpoint_, redis_);
  JobStore store(redis, store_);
  GaugeMetric& lag = Metrics::Gauge(metric_names::kQueueLag);
  GaugeMetric& pending = Metrics::Gauge(metric_names::kQueuePending);
  bool failing = false;
  bool group_ready = false;
  for (;;) {
    // Without the group, XINFO GROUPS has no lag to report however many
    // jobs are queued (workers create it when they first fetch).
    if (!group_ready) group_ready = store.EnsureGroup().ok();
    absl::StatusOr<QueueStats> stats =
        group_ready ? store.Stats()
                    : absl::StatusOr<QueueStats>(
                          absl::UnavailableError("consumer group not created"));
    if (stats.ok()) {
      lag.Set(stats->lag);
      pending.Set(stats->pending);
      failing = false;
    } else if (!failing) {
      failing = true;
      NDRDIAG_LOG(WARNING) << "cannot sample the queue for the metrics: "
                           << stats.status();
    }
    absl::MutexLock lock(&mu_);
    if (mu_.AwaitWithTimeout(absl::Condition(this, &QueueStatsPoller::Stopping),
                             interval_)) {
      return;
    }
  }
}

}  // namespace ndrdiag
