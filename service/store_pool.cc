#include "service/store_pool.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace ndrdiag {

StorePool::StorePool(RedisEndpoint endpoint, StorePoolOptions options)
    : endpoint_(std::move(endpoint)), options_(std::move(options)) {
  const int n = options_.threads > 0 ? options_.threads : 1;
  threads_.reserve(n);
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
}

StorePool::~StorePool() { Shutdown(); }

absl::Status StorePool::Submit(Task task) {
  absl::MutexLock lock(&mu_);
  if (shutting_down_) {
    return absl::UnavailableError("server shutting down");
  }
  if (static_cast<int>(queue_.size()) >= options_.queue_capacity) {
    return absl::ResourceExhaustedError(
        absl::StrCat("too many requests waiting for the job store (",
                     queue_.size(), "); retry with backoff"));
  }
  queue_.push_back(std::move(task));
  return absl::OkStatus();
}

void StorePool::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    shutting_down_ = true;
  }
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

bool StorePool::HasWorkOrShutdown() const {
  return !queue_.empty() || shutting_down_;
}

void StorePool::Loop() {
  RedisConnection redis(endpoint_, options_.redis);
  JobStore store(redis, options_.store);
  for (;;) {
    Task task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &StorePool::HasWorkOrShutdown));
      if (queue_.empty()) return;  // shutting down and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    std::move(task)(store);
  }
}

}  // namespace ndrdiag
