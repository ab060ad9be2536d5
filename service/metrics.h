// FrontendMetrics: what ndrdiag-frontend counts, for /metrics
// (common/metrics_server.h). Names and labels are listed in
// docs/operations.md ("## Metrics"); keep the two in step.
//
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}  counter
//   grpc_server_handling_seconds{grpc_service,grpc_method}        histogram
//   ndrdiag_jobs_enqueued_total                                    counter
//   ndrdiag_watch_streams_open                                     gauge
//
// The two grpc_* families follow go-grpc-prometheus' names, with gRPC's
// canonical code names ("OK", "NOT_FOUND", "UNAVAILABLE") as grpc_code. They
// are filled by a server interceptor (RpcMetricsInterceptorFactory) for
// every call the server handles: DiagnosisService, health and reflection.
// Handling time runs from the call's arrival to its status, so for
// the event streams it is the life of the stream.
//
// The queue gauges (ndrdiag_queue_lag, ndrdiag_queue_pending) are sampled by
// service/queue_stats.h into common/metrics.h.
//
// Thread-safe; the metrics live as long as the process.
#ifndef NDRDIAG_SERVICE_METRICS_H_
#define NDRDIAG_SERVICE_METRICS_H_

#include <memory>

#include "grpcpp/support/server_interceptor.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"

namespace ndrdiag {

struct FrontendMetrics {
  // Registered in MetricsRegistry() on first use.
  static FrontendMetrics& Get();

  prometheus::Family<prometheus::Counter>& rpcs_handled;
  prometheus::Family<prometheus::Histogram>& rpc_seconds;
  // Diagnoses created (a retried request_id that returns the existing
  // diagnosis is not counted).
  prometheus::Counter& jobs_enqueued;
  // Event streams open now (the server-streaming calls of
  // ndrdiag.v1.DiagnosisService).
  prometheus::Gauge& watch_streams;
};

// Counts every RPC of the server it is installed in (ServerBuilder::
// experimental().SetInterceptorCreators).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewRpcMetricsInterceptorFactory();

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_METRICS_H_
