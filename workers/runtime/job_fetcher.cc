#include "workers/runtime/job_fetcher.h"

#include <algorithm>
#include <vector>

#include "common/logging.h"

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
        Backoff(backoff);
        continue;
      }
      group_ready = true;
    }
    absl::StatusOr<std::vector<QueueEntry>> entries =
        store.Fetch(options_.consumer, capacity, options_.block);
    if (!entries.ok()) {
      NDRDIAG_LOG(WARNING) << "fetching jobs failed, retrying: "
                           << entries.status();
      Backoff(backoff);
      continue;
    }
    backoff = absl::Milliseconds(100);
    for (const QueueEntry& entry : *entries) {
      absl::StatusOr<std::optional<JobLease>> lease =
          store.Start(entry, options_.consumer, absl::Now());
      if (!lease.ok()) {
        NDRDIAG_LOG(ERROR).With("job", entry.job_id)
            << "could not start the job; its queue entry stays pending for "
               "a reclaim: "
            << lease.status();
        continue;
      }
      if (!lease->has_value()) {
        NDRDIAG_LOG(INFO).With("job", entry.job_id)
            << "job is gone or already finished (e.g. cancelled while "
               "queued); acknowledged";
        continue;
      }
      NDRDIAG_LOG(INFO)
              .With("job", (*lease)->job_id)
              .With("attempt", (*lease)->attempt)
          << "job started";
      {
        absl::MutexLock lock(&mu_);
        ++in_flight_;
      }
      on_lease_(std::move(**lease));
    }
  }
}

}  // namespace ndrdiag
