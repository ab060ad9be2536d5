// Frontend: the whole ndrdiag-frontend process minus flag parsing and
// signals: the gRPC server with DiagnosisService, health and reflection, the
// store pool, the event pump and the health monitor, started and stopped in
// the right order, and the RPC metrics (service/metrics.h). main.cc and the
// integration tests both use it.
//
//   FrontendOptions options;
//   options.listen = "127.0.0.1:0";  // any free port
//   options.redis_url = redis.url();
//   absl::StatusOr<FrontendPtr> frontend = Frontend::Start(options);
//   ... (*frontend)->port() ...
//   (*frontend)->Shutdown();
//
// Transport security and caller authentication are not there yet (a later
// issue adds TLS and bearer tokens): the server listens with insecure
// credentials, so bind it to loopback or a trusted network only.
//
// Thread-safe.
#ifndef NDRDIAG_SERVICE_FRONTEND_H_
#define NDRDIAG_SERVICE_FRONTEND_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/job_store.h"
#include "common/redis/redis_connection.h"
#include "grpcpp/grpcpp.h"
#include "service/diagnosis_service.h"
#include "service/event_pump.h"
#include "service/health.h"
#include "service/queue_stats.h"
#include "service/store_pool.h"

namespace ndrdiag {

struct FrontendOptions {
  // HOST:PORT; port 0 picks a free port (see Frontend::port()).
  std::string listen = "127.0.0.1:50051";
  std::string redis_url = "redis://127.0.0.1:6379";
  int store_threads = 8;
  int store_queue = 1024;
  JobStoreOptions store;
  RedisOptions redis;
  // How long Shutdown() lets RPCs in flight finish before cancelling them.
  absl::Duration shutdown_grace = absl::Seconds(5);
  absl::Duration health_interval = absl::Milliseconds(500);
  absl::Duration sweep_interval = absl::Seconds(1);
  absl::Duration watch_unavailable_grace = absl::Seconds(5);
  // How often the queue gauges of /metrics are sampled (queue_stats.h);
  // zero: never.
  absl::Duration queue_stats_interval = absl::Seconds(5);
};

class Frontend;
using FrontendPtr = std::unique_ptr<Frontend>;

class Frontend {
 public:
  // Builds and starts everything. INVALID_ARGUMENT for a bad redis URL,
  // UNAVAILABLE when the address cannot be bound. Redis need not be up.
  static absl::StatusOr<FrontendPtr> Start(const FrontendOptions& options);

  // Shutdown().
  ~Frontend();
  Frontend(const Frontend&) = delete;
  Frontend& operator=(const Frontend&) = delete;

  // The port the server listens on.
  int port() const { return port_; }
  const FrontendOptions& options() const { return options_; }
  bool serving() const { return health_->serving(); }
  size_t watcher_count() const { return pump_->watcher_count(); }

  // Health NOT_SERVING, watchers closed (UNAVAILABLE), RPCs in flight given
  // shutdown_grace to finish, then everything stopped. Idempotent.
  void Shutdown();

 private:
  explicit Frontend(const FrontendOptions& options);

  const FrontendOptions options_;
  int port_ = 0;
  StorePoolPtr pool_;
  EventPumpPtr pump_;
  HealthMonitorPtr health_;
  QueueStatsPollerPtr queue_stats_;
  std::unique_ptr<DiagnosisService> service_;
  std::unique_ptr<grpc::Server> server_;
  absl::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_FRONTEND_H_
