// ndrdiag-frontend: the gRPC API of ndrdiag (see service/frontend.h).
#include <signal.h>

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/flags.h"
#include "common/logging.h"
#include "common/metrics_server.h"
#include "common/process_init.h"
#include "service/frontend.h"

int main(int argc, char** argv) {
  ndrdiag::InitServerProcess();
  using ndrdiag::FrontendOptions;
  FrontendOptions options;
  std::string log_level = "info";
  std::string log_format = "text";
  std::string metrics_listen = "0.0.0.0:9090";
  ndrdiag::FlagSet flags(
      "ndrdiag-frontend",
      "Serves the ndrdiag gRPC API (ndrdiag.v1.DiagnosisService, "
      "grpc.health.v1,"
      " server reflection): validates diagnoses, queues them in Redis and "
      "streams their events to watchers.");
  flags.String("listen", "HOST:PORT",
               "Address to serve gRPC on. Plaintext for now: TLS and bearer "
               "tokens arrive with a later issue, so keep it on loopback or a "
               "trusted network.",
               &options.listen);
  flags.String("redis", "URL", "Redis holding the jobs (redis://host:port/db).",
               &options.redis_url);
  flags.Int("store-threads",
            "Threads (and Redis connections) running job store calls.",
            &options.store_threads);
  flags.Duration("idempotency-ttl",
                 "How long a request_id returns the diagnosis it created.",
                 &options.store.idempotency_ttl);
  flags.Duration("retention",
                 "How long finished diagnoses and their events are kept.",
                 &options.store.retention);
  flags.Duration("shutdown-grace",
                 "On SIGTERM, how long calls in flight may take to finish.",
                 &options.shutdown_grace);
  flags.String("metrics-listen", "HOST:PORT",
               "Address to serve Prometheus metrics on (HTTP GET /metrics); "
               "\"\" turns the endpoint off.",
               &metrics_listen);
  flags.String("log-level", "LEVEL", "debug, info, warning or error.",
               &log_level);
  flags.String("log-format", "FORMAT",
               "text (one readable line per event) or json (one JSON object "
               "per line, for log pipelines).",
               &log_format);
  flags.set_epilogue(
      "Callers are not authenticated yet: the request metadata "
      "\"x-ndrdiag-owner\" names the owner of a call (default \"anonymous\").\n"
      "Exit status: 0 after a clean shutdown (SIGTERM/SIGINT), 1 when the "
      "server cannot start, 2 for bad flags.\n");
  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(argc, argv);
  if (!rest.ok()) {
    std::fprintf(stderr, "ndrdiag-frontend: %s\n",
                 std::string(rest.status().message()).c_str());
    return 2;
  }
  if (!rest->empty()) {
    std::fprintf(stderr, "ndrdiag-frontend: unexpected argument \"%s\"\n",
                 (*rest)[0].c_str());
    return 2;
  }
  ndrdiag::LogLevel level;
  if (!ndrdiag::ParseLogLevel(log_level, &level)) {
    std::fprintf(stderr,
                 "ndrdiag-frontend: --log-level: \"%s\" is not debug, info, "
                 "warning or error\n",
                 log_level.c_str());
    return 2;
  }
  ndrdiag::SetMinLogLevel(level);
  ndrdiag::LogFormat format;
  if (!ndrdiag::ParseLogFormat(log_format, &format)) {
    std::fprintf(stderr,
                 "ndrdiag-frontend: --log-format: \"%s\" is not text or json\n",
                 log_format.c_str());
    return 2;
  }
  ndrdiag::SetLogFormat(format);
  if (options.store_threads < 1 || options.store_threads > 256) {
    std::fprintf(stderr, "ndrdiag-frontend: --store-threads: must be 1..256\n");
    return 2;
  }

  // Block the signals before any thread exists, so that every thread
  // inherits the mask and only sigwait() below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<ndrdiag::MetricsServerPtr> metrics =
      ndrdiag::MetricsServer::StartForFlag(metrics_listen);
  if (absl::IsInvalidArgument(metrics.status())) {
    std::fprintf(stderr, "ndrdiag-frontend: %s\n",
                 std::string(metrics.status().message()).c_str());
    return 2;
  }
  if (!metrics.ok()) {
    NDRDIAG_LOG(ERROR) << metrics.status().message();
    return 1;
  }

  absl::StatusOr<ndrdiag::FrontendPtr> frontend =
      ndrdiag::Frontend::Start(options);
  if (!frontend.ok()) {
    NDRDIAG_LOG(ERROR) << frontend.status().ToString();
    return 1;
  }
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  NDRDIAG_LOG(INFO).With("signal", signal_number) << "signal received";
  (*frontend)->Shutdown();
  return 0;
}
