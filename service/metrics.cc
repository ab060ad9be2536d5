#include "service/metrics.h"

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/grpc_status_name.h"
#include "common/metrics_server.h"
#include "prometheus/registry.h"

namespace ndrdiag {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

// Seconds; the last buckets are for streams, which live as long as a
// diagnosis is watched.
const prometheus::Histogram::BucketBoundaries& RpcBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
      0.5,   1,      2.5,   5,    10,    30,   60,  300};
  return *buckets;
}

class RpcMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RpcMetricsInterceptor(const ServerRpcInfo& info)
      : start_(absl::Now()) {
    // "/ndrdiag.v1.DiagnosisService/CreateDiagnosis"
    absl::string_view path = info.method() ? info.method() : "";
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    const size_t slash = path.find('/');
    if (slash == absl::string_view::npos) {
      service_ = "unknown";
      method_ = std::string(path);
    } else {
      service_ = std::string(path.substr(0, slash));
      method_ = std::string(path.substr(slash + 1));
    }
    // The event streams (not grpc.health.v1.Health/Watch).
    streaming_ = info.type() == ServerRpcInfo::Type::SERVER_STREAMING &&
                 service_ == "ndrdiag.v1.DiagnosisService";
    if (streaming_) FrontendMetrics::Get().watch_streams.Increment();
  }

  ~RpcMetricsInterceptor() override {
    // A call torn down without a status (the client went away first).
    if (!recorded_) Record(grpc::StatusCode::CANCELLED);
    if (streaming_) FrontendMetrics::Get().watch_streams.Decrement();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (!recorded_ && methods->QueryInterceptionHookPoint(
                          InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Record(grpc::StatusCode code) {
    recorded_ = true;
    FrontendMetrics& m = FrontendMetrics::Get();
    m.rpcs_handled
        .Add({{"grpc_service", service_},
              {"grpc_method", method_},
              {"grpc_code", std::string(StatusCodeName(code))}})
        .Increment();
    m.rpc_seconds
        .Add({{"grpc_service", service_}, {"grpc_method", method_}},
             RpcBuckets())
        .Observe(absl::ToDoubleSeconds(absl::Now() - start_));
  }

  const absl::Time start_;
  bool streaming_ = false;
  std::string service_, method_;
  bool recorded_ = false;
};

class RpcMetricsFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      ServerRpcInfo* info) override {
    return new RpcMetricsInterceptor(*info);
  }
};

}  // namespace

FrontendMetrics& FrontendMetrics::Get() {
  static FrontendMetrics* metrics = [] {
    prometheus::Registry& r = MetricsRegistry();
    return new FrontendMetrics{
        prometheus::BuildCounter()
            .Name("grpc_server_handled_total")
            .Help("RPCs completed by the server, by service, method and "
                  "gRPC status code.")
            .Register(r),
        prometheus::BuildHistogram()
            .Name("grpc_server_handling_seconds")
            .Help("Time from an RPC's arrival to its status, in seconds "
                  "(for streams: how long the stream was open).")
            .Register(r),
        prometheus::BuildCounter()
            .Name("ndrdiag_jobs_enqueued_total")
            .Help("Diagnoses created and queued (CreateDiagnosis, "
                  "RunDiagnosis); retries of a request_id are not counted.")
            .Register(r)
            .Add({}),
        prometheus::BuildGauge()
            .Name("ndrdiag_watch_streams_open")
            .Help("Event streams open now (WatchDiagnosis, RunDiagnosis and "
                  "their *Batched forms).")
            .Register(r)
            .Add({}),
    };
  }();
  return *metrics;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewRpcMetricsInterceptorFactory() {
  return std::make_unique<RpcMetricsFactory>();
}

}  // namespace ndrdiag
