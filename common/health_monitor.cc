#include "common/health_monitor.h"

#include <utility>

#include "common/logging.h"

namespace ndrdiag {

HealthMonitor::HealthMonitor(RedisEndpoint endpoint, RedisOptions options,
                             absl::Duration interval,
                             std::vector<std::string> services)
    : endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      interval_(interval),
      services_(std::move(services)) {}

HealthMonitor::~HealthMonitor() { Stop(); }

void HealthMonitor::Start(grpc::HealthCheckServiceInterface* health) {
  {
    absl::MutexLock lock(&mu_);
    if (health_ != nullptr || stop_) return;
    health_ = health;
    health_->SetServingStatus(false);
    for (const std::string& service : services_) {
      health_->SetServingStatus(service, false);
    }
  }
  thread_ = std::thread([this] { Loop(); });
}

void HealthMonitor::SetShuttingDown() {
  absl::MutexLock lock(&mu_);
  shutting_down_ = true;
  Publish(false);
}

void HealthMonitor::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool HealthMonitor::serving() const {
  absl::MutexLock lock(&mu_);
  return serving_ && !shutting_down_;
}

void HealthMonitor::Publish(bool serving) {
  if (shutting_down_) serving = false;
  if (known_ && serving == serving_) return;
  const bool first = !known_;
  known_ = true;
  serving_ = serving;
  if (health_ != nullptr) {
    health_->SetServingStatus(serving);
    for (const std::string& service : services_) {
      health_->SetServingStatus(service, serving);
    }
  }
  if (serving) {
    NDRDIAG_LOG(INFO) << "health: SERVING (job store reachable)";
  } else if (shutting_down_) {
    NDRDIAG_LOG(INFO) << "health: NOT_SERVING (shutting down)";
  } else if (!first) {
    NDRDIAG_LOG(WARNING) << "health: NOT_SERVING (job store unreachable)";
  } else {
    NDRDIAG_LOG(WARNING) << "health: NOT_SERVING (job store not reached yet)";
  }
}

void HealthMonitor::Loop() {
  RedisConnection redis(endpoint_, options_);
  for (;;) {
    absl::StatusOr<RedisReply> reply = redis.Command({"PING"});
    const bool up = reply.ok() && !reply->is_error();
    absl::MutexLock lock(&mu_);
    Publish(up);
    if (mu_.AwaitWithTimeout(absl::Condition(this, &HealthMonitor::Stopping),
                             interval_)) {
      return;
    }
  }
}

}  // namespace ndrdiag
