#include "workers/runtime/event_publisher.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "absl/status/status.h"
#include "common/logging.h"
#include "workers/runtime/worker_metrics.h"

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
  WorkerMetrics::Get().publish_queue.Increment();
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
    WriteBatch(store, batch);
    WorkerMetrics::Get().publish_queue.Decrement(
        static_cast<double>(batch.size()));
  }
}

void EventPublisher::WriteBatch(JobStore& store, std::deque<Item>& batch) {
  // One AttemptWrite per attempt, its items in queue order: one script call
  // each, and one round trip for up to kWritesPerRoundTrip of them.
  std::vector<AttemptWrite> writes;
  std::vector<const Item*> firsts;  // an item of each write, for Report
  absl::flat_hash_map<std::string, size_t> index;
  for (Item& item : batch) {
    std::string key = JobKey(*item.lease);
    if (given_up_.contains(key)) continue;
    auto [it, inserted] = index.try_emplace(std::move(key), writes.size());
    if (inserted) {
      writes.emplace_back().lease = item.lease.get();
      firsts.push_back(&item);
    }
    AttemptWrite& write = writes[it->second];
    if (write.end) continue;  // nothing follows the end of an attempt
    if (item.finish) {
      write.end = AttemptWrite::End{
          item.state, item.verdict ? &*item.verdict : nullptr, item.reason};
    } else {
      write.events.push_back(std::move(item.event));
    }
  }
  for (size_t begin = 0; begin < writes.size(); begin += kWritesPerRoundTrip) {
    const size_t end = std::min(writes.size(), begin + kWritesPerRoundTrip);
    WriteWithRetries(
        store,
        std::vector<AttemptWrite>(
            std::make_move_iterator(writes.begin() + begin),
            std::make_move_iterator(writes.begin() + end)),
        std::vector<const Item*>(firsts.begin() + begin, firsts.begin() + end));
  }
}

void EventPublisher::WriteWithRetries(JobStore& store,
                                      std::vector<AttemptWrite> writes,
                                      std::vector<const Item*> firsts) {
  const absl::Time give_up = absl::Now() + options_.retry_for;
  absl::Duration backoff = options_.initial_backoff;
  for (int tries = 1; !writes.empty(); ++tries) {
    absl::StatusOr<std::vector<absl::StatusOr<AppendOutcome>>> results =
        store.Write(writes, absl::Now());
    std::vector<AttemptWrite> again;
    std::vector<const Item*> again_firsts;
    absl::Status transient;
    for (size_t i = 0; i < writes.size(); ++i) {
      absl::Status status =
          results.ok() ? (*results)[i].status() : results.status();
      if (status.ok()) {
        if (writes[i].end) {
          Report(PublishOutcome::Kind::kFinished, *firsts[i], "");
        } else if (*(*results)[i] == AppendOutcome::kCancelRequested) {
          Report(PublishOutcome::Kind::kCancelRequested, *firsts[i], "");
        }
      } else if (IsTransient(status)) {
        again.push_back(std::move(writes[i]));
        again_firsts.push_back(firsts[i]);
        transient = status;
      } else {
        GiveUp(*firsts[i], status);
      }
    }
    writes = std::move(again);
    firsts = std::move(again_firsts);
    if (writes.empty()) return;
    absl::Time deadline;
    {
      absl::MutexLock lock(&mu_);
      deadline = std::min(give_up, deadline_);
    }
    if (absl::Now() + backoff >= deadline) {
      for (const Item* item : firsts) GiveUp(*item, transient);
      return;
    }
    NDRDIAG_LOG(WARNING).With("attempts", writes.size()).With("try", tries)
        << "Redis write failed, retrying in " << absl::FormatDuration(backoff)
        << ": " << transient;
    absl::SleepFor(std::min(backoff, deadline - absl::Now()));
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

void EventPublisher::GiveUp(const Item& item, const absl::Status& status) {
  const JobLease& lease = *item.lease;
  given_up_[JobKey(lease)] = absl::Now();
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

void EventPublisher::Report(PublishOutcome::Kind kind, const Item& item,
                            std::string detail) {
  if (on_outcome_) {
    on_outcome_({kind, JobKey(*item.lease), std::move(detail)});
  }
}

}  // namespace ndrdiag
