#include "workers/runtime/event_publisher.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "common/logging.h"

namespace ndrdiag {
namespace {

bool IsTransient(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

}  // namespace

EventPublisher::EventPublisher(PublisherOptions options,
                               OutcomeCallback on_outcome)
    : options_(std::move(options)),
      on_outcome_(std::move(on_outcome)),
      redis_(options_.endpoint, options_.redis) {}

EventPublisher::~EventPublisher() { Stop(absl::Now()); }

void EventPublisher::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void EventPublisher::Stop(absl::Time deadline) {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    deadline_ = std::min(deadline_, deadline);
  }
  if (thread_.joinable()) thread_.join();
}

void EventPublisher::Append(const JobLeasePtr& lease,
                            v1::DiagnosisEvent event) {
  Item item;
  item.lease = lease;
  item.event = std::move(event);
  Enqueue(std::move(item));
}

void EventPublisher::Finish(const JobLeasePtr& lease,
                            v1::Diagnosis::State state,
                            const v1::Verdict* verdict, std::string reason) {
  Item item;
  item.lease = lease;
  item.finish = true;
  item.state = state;
  if (verdict != nullptr) item.verdict = *verdict;
  item.reason = std::move(reason);
  Enqueue(std::move(item));
}

void EventPublisher::Enqueue(Item item) {
  absl::MutexLock lock(&mu_);
  queue_.push_back(std::move(item));
}

bool EventPublisher::HasWork() const { return !queue_.empty() || stopping_; }

size_t EventPublisher::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

void EventPublisher::Loop() {
  JobStore store(redis_, options_.store);
  for (;;) {
    std::deque<Item> batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &EventPublisher::HasWork));
      if (queue_.empty() || (stopping_ && absl::Now() >= deadline_)) {
        if (!queue_.empty()) {
          NDRDIAG_LOG(ERROR).With("events", queue_.size())
              << "stopping with events not written; their jobs stay "
                 "pending for a reclaim";
        }
        return;
      }
      batch.swap(queue_);
    }
    const absl::Time now = absl::Now();
    for (auto it = given_up_.begin(); it != given_up_.end();) {
      auto next = std::next(it);
      if (now - it->second > absl::Minutes(10)) given_up_.erase(it);
      it = next;
    }
    for (Item& item : batch) Write(store, item);
  }
}

void EventPublisher::Write(JobStore& store, Item& item) {
  const std::string key = JobKey(*item.lease);
  if (given_up_.contains(key)) return;
  const JobLease& lease = *item.lease;
  std::optional<AppendOutcome> appended;
  absl::Status status = WithRetries(lease, [&]() -> absl::Status {
    if (item.finish) {
      return store.Finish(lease, item.state,
                          item.verdict ? &*item.verdict : nullptr, item.reason,
                          absl::Now());
    }
    absl::StatusOr<AppendOutcome> outcome =
        store.Append(lease, item.event, absl::Now());
    if (!outcome.ok()) return outcome.status();
    appended = *outcome;
    return absl::OkStatus();
  });
  if (status.ok()) {
    if (item.finish) {
      Report(PublishOutcome::Kind::kFinished, item, "");
    } else if (appended == AppendOutcome::kCancelRequested) {
      Report(PublishOutcome::Kind::kCancelRequested, item, "");
    }
    return;
  }
  given_up_[key] = absl::Now();
  if (absl::IsAborted(status)) {
    NDRDIAG_LOG(WARNING)
            .With("job", lease.job_id)
            .With("attempt", lease.attempt)
        << "attempt fenced, dropping it: " << status.message();
    Report(PublishOutcome::Kind::kFenced, item, std::string(status.message()));
  } else {
    NDRDIAG_LOG(ERROR).With("job", lease.job_id).With("attempt", lease.attempt)
        << "could not write an event, giving up the attempt (its queue "
           "entry stays pending for a reclaim): "
        << status;
    Report(PublishOutcome::Kind::kFailed, item, status.ToString());
  }
}

absl::Status EventPublisher::WithRetries(
    const JobLease& lease, const std::function<absl::Status()>& attempt) {
  const absl::Time give_up = absl::Now() + options_.retry_for;
  absl::Duration backoff = options_.initial_backoff;
  for (int tries = 1;; ++tries) {
    absl::Status status = attempt();
    if (status.ok() || !IsTransient(status)) return status;
    absl::Time deadline;
    {
      absl::MutexLock lock(&mu_);
      deadline = std::min(give_up, deadline_);
    }
    if (absl::Now() + backoff >= deadline) return status;
    NDRDIAG_LOG(WARNING)
            .With("job", lease.job_id)
            .With("attempt", lease.attempt)
            .With("try", tries)
        << "Redis write failed, retrying in " << absl::FormatDuration(backoff)
        << ": " << status;
    absl::SleepFor(std::min(backoff, deadline - absl::Now()));
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

void EventPublisher::Report(PublishOutcome::Kind kind, const Item& item,
                            std::string detail) {
  if (on_outcome_) {
    on_outcome_({kind, JobKey(*item.lease), std::move(detail)});
  }
}

}  // namespace ndrdiag
