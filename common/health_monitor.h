// HealthMonitor: keeps gRPC's standard health service (grpc.health.v1) in
// step with the job store. Used by the frontend (service/health.h) and by the
// worker's health endpoint (workers/runtime/worker_health.h).
//
// A thread PINGs Redis every `interval` on a connection of its own and sets
// the overall status ("") and each of `services` (the frontend:
// "ndrdiag.v1.DiagnosisService") to SERVING while Redis answers and
// NOT_SERVING while it does not, logging each transition. After
// SetShuttingDown() the status stays NOT_SERVING, so load balancers drain the
// process before it stops.
//
// REQUIRES: grpc::EnableDefaultHealthCheckService(true) before the server was
// built. Thread-safe.
#ifndef NDRDIAG_COMMON_HEALTH_MONITOR_H_
#define NDRDIAG_COMMON_HEALTH_MONITOR_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/redis/redis_connection.h"
#include "grpcpp/health_check_service_interface.h"

namespace ndrdiag {

class HealthMonitor {
 public:
  HealthMonitor(RedisEndpoint endpoint, RedisOptions options,
                absl::Duration interval = absl::Milliseconds(500),
                std::vector<std::string> services = {});
  // Stop().
  ~HealthMonitor();
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;

  // Sets NOT_SERVING, then starts checking. `health` must outlive Stop().
  void Start(grpc::HealthCheckServiceInterface* health);
  // NOT_SERVING from now on.
  void SetShuttingDown();
  // Stops the thread (the status is left as it is). Idempotent.
  void Stop();

  // Whether the last check reached Redis (and not shutting down).
  bool serving() const;

 private:
  void Loop();
  void Publish(bool serving) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool Stopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stop_; }

  const RedisEndpoint endpoint_;
  const RedisOptions options_;
  const absl::Duration interval_;
  const std::vector<std::string> services_;
  mutable absl::Mutex mu_;
  grpc::HealthCheckServiceInterface* health_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool serving_ ABSL_GUARDED_BY(mu_) = false;
  bool known_ ABSL_GUARDED_BY(mu_) = false;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

using HealthMonitorPtr = std::unique_ptr<HealthMonitor>;

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_HEALTH_MONITOR_H_
