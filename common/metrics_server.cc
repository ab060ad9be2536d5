#include "common/metrics_server.h"

#include <arpa/inet.h>

#include <exception>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/metrics.h"
#include "prometheus/exposer.h"

namespace ndrdiag {
namespace {

std::shared_ptr<prometheus::Registry>& SharedRegistry() {
  static auto* registry = new std::shared_ptr<prometheus::Registry>(
      std::make_shared<prometheus::Registry>());
  return *registry;
}

// HELP texts of the common/metrics.h names (see metric_names there).
const char* LegacyHelp(const std::string& name) {
  namespace n = metric_names;
  static const std::pair<const char*, const char*> kHelp[] = {
      {n::kJobAttempts,
       "Attempts of diagnoses started (first runs and "
       "reclaims), by the job store of this process."},
      {n::kJobsReclaimed,
       "Queue entries this worker took over from a "
       "worker whose lease expired or that handed them "
       "back."},
      {n::kJobsDeadLettered,
       "Diagnoses ended FAILED by this process after "
       "the maximum number of lost attempts."},
      {n::kJobsHandedBack, "Running attempts handed back at shutdown."},
      {n::kAttemptsFenced,
       "Attempts dropped because another worker had "
       "taken their lease over."},
      {n::kHeartbeatErrors, "Lease heartbeats that could not be written."},
      {n::kQueueLag,
       "Jobs queued and not yet delivered to any worker "
       "(XINFO GROUPS lag of the jobs stream), as last "
       "sampled."},
      {n::kQueuePending,
       "Jobs delivered to a worker and not yet finished "
       "(XINFO GROUPS pending), as last sampled."},
  };
  for (const auto& [metric, help] : kHelp) {
    if (name == metric) return help;
  }
  return "ndrdiag metric (common/metrics.h).";
}

class AllMetricsCollectable : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out = SharedRegistry()->Collect();
    for (const MetricValue& m : Metrics::Snapshot()) {
      prometheus::MetricFamily family;
      family.name = m.name;
      family.help = LegacyHelp(m.name);
      prometheus::ClientMetric metric;
      if (m.kind == MetricValue::Kind::kCounter) {
        family.type = prometheus::MetricType::Counter;
        metric.counter.value = static_cast<double>(m.value);
      } else {
        family.type = prometheus::MetricType::Gauge;
        metric.gauge.value = static_cast<double>(m.value);
      }
      family.metric.push_back(std::move(metric));
      out.push_back(std::move(family));
    }
    return out;
  }
};

absl::Status CheckListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", listen, "\" is not HOST:PORT"));
  }
  std::string host = listen.substr(0, colon);
  int port = 0;
  if (!absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", listen, "\": the port must be 0..65535"));
  }
  unsigned char buffer[16];
  bool ip = false;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    ip = inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), buffer) ==
         1;
  } else {
    ip = inet_pton(AF_INET, host.c_str(), buffer) == 1;
  }
  if (!ip) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", listen,
                     "\": HOST must be an IPv4 address or [IPv6] address "
                     "(0.0.0.0 for every interface)"));
  }
  return absl::OkStatus();
}

}  // namespace

prometheus::Registry& MetricsRegistry() { return *SharedRegistry(); }

std::shared_ptr<prometheus::Collectable> AllMetrics() {
  static auto* all = new std::shared_ptr<prometheus::Collectable>(
      std::make_shared<AllMetricsCollectable>());
  return *all;
}

absl::StatusOr<MetricsServerPtr> MetricsServer::Start(
    const std::string& listen) {
  if (absl::Status valid = CheckListen(listen); !valid.ok()) return valid;
  MetricsServerPtr server(new MetricsServer());
  // prometheus-cpp reports a failed bind by throwing (civetweb); nothing
  // else in ndrdiag uses exceptions, so they stop here.
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(listen, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen, ": ", e.what()));
  }
  server->collectable_ = AllMetrics();
  server->exposer_->RegisterCollectable(server->collectable_, "/metrics");
  const std::vector<int> ports = server->exposer_->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen));
  }
  server->port_ = ports.front();
  return server;
}

absl::StatusOr<MetricsServerPtr> MetricsServer::StartForFlag(
    const std::string& listen) {
  if (listen.empty()) return nullptr;
  absl::StatusOr<MetricsServerPtr> server = Start(listen);
  if (!server.ok()) {
    return absl::Status(
        server.status().code(),
        absl::StrCat("--metrics-listen: ", server.status().message()));
  }
  NDRDIAG_LOG(INFO)
          .With("metrics_listen", listen)
          .With("port", (*server)->port())
      << "serving metrics on /metrics";
  return server;
}

MetricsServer::~MetricsServer() = default;

}  // namespace ndrdiag
