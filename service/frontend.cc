#include "service/frontend.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "service/metrics.h"

namespace ndrdiag {

Frontend::Frontend(const FrontendOptions& options) : options_(options) {}

Frontend::~Frontend() { Shutdown(); }

absl::StatusOr<FrontendPtr> Frontend::Start(const FrontendOptions& options) {
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl(options.redis_url);
  if (!endpoint.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--redis: ", endpoint.status().message()));
  }
  FrontendPtr f(new Frontend(options));

  StorePoolOptions pool_options;
  pool_options.threads = options.store_threads;
  pool_options.queue_capacity = options.store_queue;
  pool_options.redis = options.redis;
  pool_options.store = options.store;
  f->pool_ = std::make_unique<StorePool>(*endpoint, pool_options);

  EventPumpOptions pump_options;
  pump_options.sweep_interval = options.sweep_interval;
  pump_options.unavailable_grace = options.watch_unavailable_grace;
  pump_options.redis = options.redis;
  pump_options.store = options.store;
  f->pump_ = std::make_unique<EventPump>(*endpoint, pump_options);
  f->pump_->Start();

  f->health_ = std::make_unique<HealthMonitor>(
      *endpoint, options.redis, options.health_interval,
      std::vector<std::string>{kServiceName});
  if (options.queue_stats_interval > absl::ZeroDuration()) {
    f->queue_stats_ = std::make_unique<QueueStatsPoller>(
        *endpoint, options.redis, options.store, options.queue_stats_interval);
    f->queue_stats_->Start();
  }
  f->service_ = std::make_unique<DiagnosisService>(*f->pool_, *f->pump_);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(NewRpcMetricsInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  // TLS and bearer tokens arrive with a later issue.
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &f->port_);
  builder.RegisterService(f->service_.get());
  f->server_ = builder.BuildAndStart();
  if (f->server_ == nullptr || f->port_ == 0) {
    f->server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  f->health_->Start(f->server_->GetHealthCheckService());
  NDRDIAG_LOG(INFO)
          .With("listen", options.listen)
          .With("port", f->port_)
          .With("redis", absl::StrCat(endpoint->host, ":", endpoint->port, "/",
                                      endpoint->db))
          .With("store_threads", options.store_threads)
      << "ndrdiag-frontend serving";
  return f;
}

void Frontend::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  NDRDIAG_LOG(INFO) << "shutting down";
  if (health_ != nullptr) health_->SetShuttingDown();
  // Watch streams never end by themselves; close them first so that the
  // server's grace period is spent on unary calls.
  if (pump_ != nullptr) pump_->Shutdown();
  if (server_ != nullptr) {
    server_->Shutdown(
        absl::ToChronoTime(absl::Now() + options_.shutdown_grace));
  }
  if (health_ != nullptr) health_->Stop();
  if (queue_stats_ != nullptr) queue_stats_->Stop();
  if (pool_ != nullptr) pool_->Shutdown();
  if (server_ != nullptr) server_->Wait();
  NDRDIAG_LOG(INFO) << "stopped";
}

}  // namespace ndrdiag
