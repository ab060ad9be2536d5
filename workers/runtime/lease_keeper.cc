#include "workers/runtime/lease_keeper.h"

#include <algorithm>
#include <utility>

#include "common/logging.h"
#include "common/metrics.h"

namespace ndrdiag {

absl::Duration LeaseKeeper::HeartbeatInterval(absl::Duration lease) {
  return std::max(lease / 3, absl::Milliseconds(10));
}

LeaseKeeper::LeaseKeeper(LeaseKeeperOptions options, OutcomeCallback on_outcome)
    : options_(std::move(options)),
      on_outcome_(std::move(on_outcome)),
      interval_(HeartbeatInterval(options_.store.lease)),
      redis_(options_.endpoint, options_.redis) {}

LeaseKeeper::~LeaseKeeper() { Stop(); }

void LeaseKeeper::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void LeaseKeeper::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void LeaseKeeper::Add(const JobLeasePtr& lease) {
  absl::MutexLock lock(&mu_);
  leases_[JobKey(*lease)] = lease;
}

void LeaseKeeper::Remove(const std::string& job_key) {
  absl::MutexLock lock(&mu_);
  leases_.erase(job_key);
}

void LeaseKeeper::Loop() {
  JobStore store(redis_, options_.store);
  for (;;) {
    std::vector<JobLeasePtr> leases;
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
      if (stopping_) return;
      leases.reserve(leases_.size());
      for (const auto& [key, lease] : leases_) leases.push_back(lease);
    }
    Beat(store, leases);
  }
}

void LeaseKeeper::Beat(JobStore& store,
                       const std::vector<JobLeasePtr>& leases) {
  for (const JobLeasePtr& lease : leases) {
    {
      // Ended meanwhile: a heartbeat now would only report it fenced.
      absl::MutexLock lock(&mu_);
      if (!leases_.contains(JobKey(*lease))) continue;
    }
    absl::StatusOr<HeartbeatOutcome> outcome =
        store.Heartbeat(*lease, options_.consumer);
    if (outcome.ok()) {
      if (*outcome == HeartbeatOutcome::kCancelRequested && on_outcome_) {
        on_outcome_({LeaseOutcome::Kind::kCancelRequested, JobKey(*lease), ""});
      }
      continue;
    }
    if (absl::IsAborted(outcome.status())) {
      Remove(JobKey(*lease));
      if (on_outcome_) {
        on_outcome_({LeaseOutcome::Kind::kFenced, JobKey(*lease),
                     std::string(outcome.status().message())});
      }
      continue;
    }
    Metrics::Counter(metric_names::kHeartbeatErrors).Add();
    NDRDIAG_LOG(WARNING)
            .With("job", lease->job_id)
            .With("attempt", lease->attempt)
        << "heartbeat failed, retrying on the next tick: " << outcome.status();
    // Redis is most likely down: the other leases would fail the same way.
    if (absl::IsUnavailable(outcome.status())) return;
  }
}

void LeaseKeeper::Release(const std::vector<JobLeasePtr>& leases) {
  JobStore store(redis_, options_.store);
  for (const JobLeasePtr& lease : leases) {
    absl::Status status = store.Release(*lease, options_.consumer, absl::Now());
    if (status.ok()) {
      NDRDIAG_LOG(INFO)
              .With("job", lease->job_id)
              .With("attempt", lease->attempt)
          << "handed back at shutdown; another worker takes it over at once";
    } else if (absl::IsAborted(status)) {
      NDRDIAG_LOG(INFO)
              .With("job", lease->job_id)
              .With("attempt", lease->attempt)
          << "not handed back: " << status.message();
    } else {
      NDRDIAG_LOG(WARNING)
              .With("job", lease->job_id)
              .With("attempt", lease->attempt)
          << "could not hand back; reclaimed after its lease instead: "
          << status;
    }
  }
}

}  // namespace ndrdiag
