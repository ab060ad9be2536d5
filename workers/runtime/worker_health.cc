#include "workers/runtime/worker_health.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/health_check_service_interface.h"

namespace ndrdiag {

absl::StatusOr<WorkerHealthPtr> WorkerHealth::Start(
    const std::string& listen, const RedisEndpoint& endpoint,
    const RedisOptions& redis, absl::Duration interval) {
  WorkerHealthPtr h(new WorkerHealth());
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(),
                           &h->port_);
  builder.RegisterCallbackGenericService(&h->unimplemented_);
  h->server_ = builder.BuildAndStart();
  if (h->server_ == nullptr || h->port_ == 0) {
    h->server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen));
  }
  h->monitor_ = std::make_unique<HealthMonitor>(endpoint, redis, interval);
  // NOT_SERVING at once (the default service starts SERVING), then the
  // checks.
  h->monitor_->Start(h->server_->GetHealthCheckService());
  return h;
}

WorkerHealth::~WorkerHealth() {
  if (monitor_ != nullptr) monitor_->Stop();
  if (server_ != nullptr) {
    server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    server_->Wait();
  }
}

}  // namespace ndrdiag
