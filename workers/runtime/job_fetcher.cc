#include "workers/runtime/job_fetcher.h"

#include <algorithm>
#include <vector>

#include "common/logging.h"
#include "common/metrics.h"

namespace ndrdiag {

JobFetcher::JobFetcher(FetcherOptions options, LeaseCallback on_lease)
    : options_(std::move(options)),
      on_lease_(std::move(on_lease)),
      redis_(options_.endpoint, options_.redis) {}

JobFetcher::~JobFetcher() { Stop(); }

void JobFetcher::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void JobFetcher::RequestStop() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
}

void JobFetcher::Stop() {
  RequestStop();
  if (thread_.joinable()) thread_.join();
}

void JobFetcher::JobEnded() {
  absl::MutexLock lock(&mu_);
  --in_flight_;
}

int JobFetcher::in_flight() const {
  absl::MutexLock lock(&mu_);
  return in_flight_;
}

bool JobFetcher::HasCapacityOrStopping() const {
  return stopping_ || in_flight_ < options_.concurrency;
}

void JobFetcher::Backoff(absl::Duration& backoff) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), backoff);
  backoff = std::min(backoff * 2, options_.max_backoff);
}

void JobFetcher::Loop() {
  JobStore store(redis_, options_.store);
  absl::Duration backoff = absl::Milliseconds(100);
  bool group_ready = false;
  // The first step at once: a worker (re)started after a crash or a
  // rollout takes over orphaned and handed-back jobs without delay.
  absl::Time next_reclaim = absl::Now();
  for (;;) {
    int capacity;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &JobFetcher::HasCapacityOrStopping));
      if (stopping_) return;
      capacity = options_.concurrency - in_flight_;
    }
    if (!group_ready) {
      absl::Status status = store.EnsureGroup();
      if (!status.ok()) {
        NDRDIAG_LOG(WARNING)
            << "cannot join the consumer group, retrying: " << status;
        HoldOffReclaim();
        Backoff(backoff);
        continue;
      }
      group_ready = true;
    }
    if (options_.reclaim_interval > absl::ZeroDuration() &&
        absl::Now() >= next_reclaim && absl::Now() >= reclaim_not_before_) {
      next_reclaim = absl::Now() + options_.reclaim_interval;
      ReclaimStep(store, capacity);
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      capacity = options_.concurrency - in_flight_;
      if (capacity <= 0) continue;
    }
    absl::StatusOr<std::vector<QueueEntry>> entries =
        store.Fetch(options_.consumer, capacity, options_.block);
    if (!entries.ok()) {
      NDRDIAG_LOG(WARNING) << "fetching jobs failed, retrying: "
                           << entries.status();
      HoldOffReclaim();
      Backoff(backoff);
      continue;
    }
    backoff = absl::Milliseconds(100);
    // All entries fetched are started in one round trip: one at a time, a
    // worker could begin no more jobs per second than Redis has fsync'ed
    // round trips (~600/s on the 2-core machine of docs/performance.md).
    absl::StatusOr<std::vector<JobStore::StartResult>> started =
        store.StartBatch(*entries, options_.consumer, absl::Now());
    for (size_t i = 0; i < entries->size(); ++i) {
      const QueueEntry& entry = (*entries)[i];
      JobStore::StartResult lease =
          started.ok() ? std::move((*started)[i]) : started.status();
      if (!lease.ok()) {
        // attempt 0: no attempt began.
        NDRDIAG_LOG(ERROR).With("job", entry.job_id).With("attempt", 0)
            << "could not start the job; its queue entry stays pending for "
               "a reclaim: "
            << lease.status();
        continue;
      }
      if (!lease->has_value()) {
        NDRDIAG_LOG(INFO).With("job", entry.job_id).With("attempt", 0)
            << "job is gone or already finished (e.g. cancelled while "
               "queued); acknowledged";
        continue;
      }
      NDRDIAG_LOG(INFO)
              .With("job", (*lease)->job_id)
              .With("attempt", (*lease)->attempt)
          << "job started";
      HandOut(**std::move(lease));
    }
  }
}

void JobFetcher::HoldOffReclaim() {
  reclaim_not_before_ = absl::Now() + options_.store.lease;
}

void JobFetcher::HandOut(JobLease lease) {
  {
    absl::MutexLock lock(&mu_);
    ++in_flight_;
  }
  on_lease_(std::move(lease));
}

void JobFetcher::ReclaimStep(JobStore& store, int capacity) {
  ReclaimResult result =
      store.Reclaim(options_.consumer, capacity, absl::Now());
  for (JobLease& lease : result.leases) {
    NDRDIAG_LOG(WARNING)
            .With("job", lease.job_id)
            .With("attempt", lease.attempt)
        << "job taken over (its lease expired or was handed back)";
    HandOut(std::move(lease));
  }
  if (result.dead_lettered > 0) {
    NDRDIAG_LOG(WARNING).With("jobs", result.dead_lettered)
        << "jobs out of attempts ended FAILED (dead letters)";
  }
  if (!result.error.ok()) {
    NDRDIAG_LOG(WARNING) << "reclaim step failed, retrying later: "
                         << result.error;
    HoldOffReclaim();
    return;
  }
  // Consumers of workers gone for ten leases (at least a minute).
  absl::StatusOr<int> pruned = store.PruneConsumers(
      std::max(options_.store.lease * 10, absl::Minutes(1)));
  if (pruned.ok() && *pruned > 0) {
    NDRDIAG_LOG(INFO).With("consumers", *pruned)
        << "removed consumers of workers gone with nothing pending";
  }
  absl::StatusOr<QueueStats> stats = store.Stats();
  if (stats.ok()) {
    Metrics::Gauge(metric_names::kQueueLag).Set(stats->lag);
    Metrics::Gauge(metric_names::kQueuePending).Set(stats->pending);
  }
}

}  // namespace ndrdiag
