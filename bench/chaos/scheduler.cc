#include "bench/chaos/scheduler.h"

#include <algorithm>
#include <utility>

namespace ndrdiag::chaos {

Scheduler::Scheduler() : thread_([this] { Run(); }) {}

Scheduler::~Scheduler() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void Scheduler::After(absl::Duration delay, std::function<void()> callback) {
  absl::MutexLock lock(&mu_);
  due_.emplace(absl::Now() + delay, std::move(callback));
}

void Scheduler::Run() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    absl::Time next = due_.empty() ? absl::Now() + absl::Milliseconds(100)
                                   : due_.begin()->first;
    // A newly scheduled earlier callback waits at most this long.
    next = std::min(next, absl::Now() + absl::Milliseconds(20));
    mu_.AwaitWithDeadline(absl::Condition(&stopping_), next);
    while (!stopping_ && !due_.empty() && due_.begin()->first <= absl::Now()) {
      std::function<void()> callback = std::move(due_.begin()->second);
      due_.erase(due_.begin());
      mu_.Unlock();
      callback();
      mu_.Lock();
    }
  }
}

}  // namespace ndrdiag::chaos
