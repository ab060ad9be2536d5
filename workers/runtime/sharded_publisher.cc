#include "workers/runtime/sharded_publisher.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/hash/hash.h"

namespace ndrdiag {

ShardedPublisher::ShardedPublisher(
    const PublisherOptions& options, int lanes,
    const EventPublisher::OutcomeCallback& on_outcome) {
  for (int i = 0; i < std::max(1, lanes); ++i) {
    lanes_.push_back(std::make_unique<EventPublisher>(options, on_outcome));
  }
}

void ShardedPublisher::Start() {
  for (auto& lane : lanes_) lane->Start();
}

void ShardedPublisher::Stop(absl::Time deadline) {
  // Side by side: each lane drains its own queue until the deadline.
  std::vector<std::thread> stopping;
  for (auto& lane : lanes_) {
    stopping.emplace_back([&lane, deadline] { lane->Stop(deadline); });
  }
  for (std::thread& t : stopping) t.join();
}

void ShardedPublisher::Append(const JobLeasePtr& lease,
                              v1::DiagnosisEvent event) {
  LaneOf(*lease).Append(lease, std::move(event));
}

void ShardedPublisher::Finish(const JobLeasePtr& lease,
                              v1::Diagnosis::State state,
                              const v1::Verdict* verdict, std::string reason) {
  LaneOf(*lease).Finish(lease, state, verdict, std::move(reason));
}

size_t ShardedPublisher::queued() const {
  size_t total = 0;
  for (const auto& lane : lanes_) total += lane->queued();
  return total;
}

EventPublisher& ShardedPublisher::LaneOf(const JobLease& lease) {
  return *lanes_[absl::Hash<std::string>()(lease.job_id) % lanes_.size()];
}

}  // namespace ndrdiag
