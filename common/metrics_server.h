// MetricsServer: the process's Prometheus registry and the HTTP endpoint
// that serves it (GET /metrics, text format 0.0.4), on a port of its own so
// that the gRPC port stays gRPC only.
//
// Every module registers its metrics in MetricsRegistry() (prometheus-cpp
// families; see service/metrics.h and workers/runtime/worker_metrics.h). The
// older counters and gauges of common/metrics.h (queue lag, reclaims, dead
// letters, ...) are served too, read at each scrape, with the HELP texts
// below in metrics_server.cc.
//
//   absl::StatusOr<MetricsServerPtr> server =
//       MetricsServer::Start("0.0.0.0:9090");  // "127.0.0.1:0": a free port
//   if (!server.ok()) ... // INVALID_ARGUMENT / UNAVAILABLE naming the address
//   (*server)->port();
//
// The server runs two HTTP threads (civetweb) until destroyed. Nothing is
// authenticated: bind it to the pod network or loopback. Thread-safe.
#ifndef NDRDIAG_COMMON_METRICS_SERVER_H_
#define NDRDIAG_COMMON_METRICS_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "prometheus/collectable.h"
#include "prometheus/registry.h"

namespace prometheus {
class Exposer;
}

namespace ndrdiag {

// The process-wide registry; never destroyed.
prometheus::Registry& MetricsRegistry();

// Everything MetricsRegistry() and common/metrics.h hold, as one
// Collectable (what the server serves; tests render it with
// prometheus::TextSerializer).
std::shared_ptr<prometheus::Collectable> AllMetrics();

class MetricsServer;
using MetricsServerPtr = std::unique_ptr<MetricsServer>;

class MetricsServer {
 public:
  // Listens on `listen` ("HOST:PORT", IPv6 as "[::1]:PORT"; port 0 picks a
  // free port). INVALID_ARGUMENT for a malformed address, UNAVAILABLE when
  // it cannot be bound.
  static absl::StatusOr<MetricsServerPtr> Start(const std::string& listen);
  // What a server's --metrics-listen does: nullptr when `listen` is empty
  // (metrics off), else Start with the address logged once it serves. The
  // errors are Start's, prefixed "--metrics-listen: ".
  static absl::StatusOr<MetricsServerPtr> StartForFlag(
      const std::string& listen);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The port it listens on.
  int port() const { return port_; }

 private:
  MetricsServer() = default;

  std::unique_ptr<prometheus::Exposer> exposer_;
  std::shared_ptr<prometheus::Collectable> collectable_;
  int port_ = 0;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_METRICS_SERVER_H_
