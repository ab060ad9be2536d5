// WorkerHealth: the worker's gRPC health endpoint (grpc.health.v1), so that
// Kubernetes probes workers with native gRPC probes like the frontend.
//
// A small gRPC server on its own address serves only the standard health
// service. The overall status ("") is SERVING while the worker takes jobs:
// Redis answers a PING (common/health_monitor.h, every `interval`) and the
// worker is not draining. SetDraining() (SIGTERM) turns it NOT_SERVING for
// good; the server keeps answering until the WorkerHealth is destroyed, so a
// probe sees the drain rather than a refused connection.
//
//   absl::StatusOr<WorkerHealthPtr> health =
//       WorkerHealth::Start("0.0.0.0:50052", endpoint, redis_options);
//
// REQUIRES: nothing else in the process disables gRPC's default health
// service (Start enables it). Thread-safe.
#ifndef NDRDIAG_WORKERS_RUNTIME_WORKER_HEALTH_H_
#define NDRDIAG_WORKERS_RUNTIME_WORKER_HEALTH_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/health_monitor.h"
#include "common/redis/redis_connection.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/grpcpp.h"

namespace ndrdiag {

class WorkerHealth;
using WorkerHealthPtr = std::unique_ptr<WorkerHealth>;

class WorkerHealth {
 public:
  // Listens on `listen` (HOST:PORT; port 0 picks a free port). UNAVAILABLE
  // when the address cannot be bound.
  static absl::StatusOr<WorkerHealthPtr> Start(
      const std::string& listen, const RedisEndpoint& endpoint,
      const RedisOptions& redis,
      absl::Duration interval = absl::Milliseconds(500));
  // Stops checking, then the server.
  ~WorkerHealth();
  WorkerHealth(const WorkerHealth&) = delete;
  WorkerHealth& operator=(const WorkerHealth&) = delete;

  int port() const { return port_; }
  // NOT_SERVING from now on.
  void SetDraining() { monitor_->SetShuttingDown(); }
  bool serving() const { return monitor_->serving(); }

 private:
  WorkerHealth() = default;

  int port_ = 0;
  // gRPC refuses a server without any callback or sync method of its own
  // (the health service is added later); this one answers UNIMPLEMENTED to
  // every method it is asked, as gRPC would.
  grpc::CallbackGenericService unimplemented_;
  HealthMonitorPtr monitor_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_WORKER_HEALTH_H_
