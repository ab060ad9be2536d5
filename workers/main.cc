// ndrdiag-worker: runs diagnosis jobs from Redis (see
// workers/runtime/worker_runtime.h).
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/flags.h"
#include "common/logging.h"
#include "common/metrics_server.h"
#include "common/process_init.h"
#include "workers/checks/dns/ip_ranges.h"
#include "workers/dns/server_address.h"
#include "workers/i18n/catalog.h"
#include "workers/runtime/smtp_flags.h"
#include "workers/runtime/worker_runtime.h"

namespace {

constexpr char kDescription[] =
    "Runs ndrdiag diagnosis jobs. Takes jobs from the Redis queue (consumer "
    "group \"workers\"), runs many at once on one event loop (live "
    "DNS checks with c-ares, no DNS cache; a safe SMTP probe of the MX "
    "hosts and the snapshot's smart hosts; the tenant snapshot's rules), "
    "publishes each "
    "check result the moment it is known, then the verdict.";

constexpr char kEpilogue[] =
    "Egress policy: the worker follows names found in untrusted DNS data, "
    "so by default it never sends a packet to loopback, private (RFC 1918, "
    "fc00::/7), CGNAT, link-local (including the cloud metadata address "
    "169.254.169.254), multicast or documentation addresses. A check that "
    "would need one is reported INCONCLUSIVE with the reason, never "
    "skipped silently. The resolvers given with --resolver are trusted "
    "configuration and always allowed. --allow-cidr opens a range "
    "explicitly, e.g. for a local lab.\n"
    "\n"
    "Example (the local DNS lab of ./ndrdiag.sh demo):\n"
    "  ndrdiag-worker --redis redis://127.0.0.1:6379 \\\n"
    "      --resolver 127.77.0.53 --allow-cidr 127.77.0.0/16\n"
    "\n"
    "SIGTERM/SIGINT: stop taking and reclaiming jobs, let running jobs "
    "finish for --grace-period, hand the rest back (another worker takes "
    "them over at once), then exit 0 (a second signal exits at once with "
    "1). A worker that dies instead loses its jobs' leases: another worker "
    "reclaims them after --lease; after --max-attempts lost attempts a "
    "diagnosis ends FAILED with its history.\n"
    "Exit status: 0 after a clean stop, 1 when the worker cannot start, 2 "
    "for bad flags.";

std::string DefaultConsumer() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') {
    std::snprintf(host, sizeof(host), "worker");
  }
  return absl::StrCat(host, "-", getpid());
}

int BadFlag(const std::string& message) {
  std::fprintf(stderr, "ndrdiag-worker: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  ndrdiag::InitServerProcess();
  ndrdiag::WorkerOptions options;
  options.consumer = DefaultConsumer();
  std::string log_level = "info";
  std::string log_format = "text";
  std::string metrics_listen = "0.0.0.0:9090";
  options.health_listen = "0.0.0.0:50052";
  ndrdiag::FlagSet flags("ndrdiag-worker", kDescription);
  flags.String("redis", "URL", "Redis holding the jobs (redis://host:port/db).",
               &options.redis_url);
  flags.Int("concurrency", "Diagnoses run at once by this worker (1..10000).",
            &options.concurrency);
  flags.Repeated("resolver", "IP[:PORT]",
                 "Recursive DNS resolver to ask (\"[v6]:port\" for IPv6). "
                 "Default: the nameservers of /etc/resolv.conf.",
                 &options.resolver.recursive_servers);
  flags.Repeated("allow-cidr", "CIDR",
                 "Address range the probes may contact although the egress "
                 "policy blocks it (see below), e.g. 127.77.0.0/16.",
                 &options.allow_cidrs);
  // dnsrules: the propagation panel and the EOP ranges (issue 4).
  std::vector<std::string> panel_resolvers;
  std::string eop_ranges_file;
  flags.Repeated("panel-resolver", "IP[:PORT]",
                 "Recursive resolver of the propagation panel (trusted, like "
                 "--resolver; the --resolver servers are members too). "
                 "Default: 8.8.8.8, 1.1.1.1, 9.9.9.9, 208.67.222.222; giving "
                 "the flag replaces them; \"none\" = no extra member.",
                 &panel_resolvers);
  flags.String("eop-ranges", "FILE",
               "Exchange Online Protection CIDRs for dns.mx.ip_in_eop, one "
               "per line (replaces the built-in Microsoft 365 endpoint set "
               "ID 10; see config/eop-ranges.txt).",
               &eop_ranges_file);
  flags.Duration("query-timeout", "Timeout of one DNS query try.",
                 &options.resolver.query_timeout);
  flags.Int("query-tries", "Tries per DNS server and question (1..10).",
            &options.resolver.tries);
  flags.String("consumer", "NAME",
               "Consumer name in the Redis group; must be unique per worker "
               "process.",
               &options.consumer);
  flags.Duration("grace-period",
                 "On SIGTERM, how long running diagnoses may take to finish "
                 "before they are handed back to other workers.",
                 &options.grace_period);
  flags.Duration("lease",
                 "How long a job stays with a worker that stopped answering "
                 "before another worker takes it over. Running jobs are "
                 "extended every lease/3; expired leases are reclaimed every "
                 "lease/2.",
                 &options.store.lease);
  flags.Int("max-attempts",
            "Attempts of one diagnosis (lost leases) before it ends FAILED.",
            &options.store.max_attempts);
  flags.Duration("retention",
                 "How long finished diagnoses and their events are kept "
                 "(use the frontend's value).",
                 &options.store.retention);
  flags.Int("publish-connections",
            "Redis connections writing events (1..64), each with a thread; "
            "Redis takes at most 16 KiB of one connection's writes per "
            "fsync, so more connections write faster under load.",
            &options.publish_connections);
  flags.Int("authoritative-port",
            "Port the authoritative name servers are asked on (53; other "
            "values are for tests with a fake DNS server).",
            &options.probe.authoritative_port);
  ndrdiag::SmtpFlagValues smtp_flags;
  ndrdiag::RegisterSmtpFlags(flags, &smtp_flags);
  flags.String("metrics-listen", "HOST:PORT",
               "Address to serve Prometheus metrics on (HTTP GET /metrics); "
               "\"\" turns the endpoint off.",
               &metrics_listen);
  flags.String("health-listen", "HOST:PORT",
               "Address of the gRPC health service (grpc.health.v1): SERVING "
               "while the worker takes jobs, NOT_SERVING once it drains or "
               "cannot reach Redis; \"\" turns it off.",
               &options.health_listen);
  flags.String("log-level", "LEVEL", "debug, info, warning or error.",
               &log_level);
  flags.String("log-format", "FORMAT",
               "text (one readable line per event) or json (one JSON object "
               "per line, for log pipelines).",
               &log_format);
  flags.set_epilogue(kEpilogue);

  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(argc, argv);
  if (!rest.ok()) return BadFlag(std::string(rest.status().message()));
  if (!rest->empty()) {
    return BadFlag(absl::StrCat("unexpected argument \"", (*rest)[0], "\""));
  }
  ndrdiag::LogLevel level;
  if (!ndrdiag::ParseLogLevel(log_level, &level)) {
    return BadFlag(absl::StrCat("--log-level: \"", log_level,
                                "\" is not debug, info, warning or error"));
  }
  ndrdiag::SetMinLogLevel(level);
  ndrdiag::LogFormat format;
  if (!ndrdiag::ParseLogFormat(log_format, &format)) {
    return BadFlag(
        absl::StrCat("--log-format: \"", log_format, "\" is not text or json"));
  }
  ndrdiag::SetLogFormat(format);
  if (options.concurrency < 1 || options.concurrency > 10000) {
    return BadFlag(absl::StrCat("--concurrency: must be 1..10000, got ",
                                options.concurrency));
  }
  if (options.resolver.tries < 1 || options.resolver.tries > 10) {
    return BadFlag(absl::StrCat("--query-tries: must be 1..10, got ",
                                options.resolver.tries));
  }
  if (options.publish_connections < 1 || options.publish_connections > 64) {
    return BadFlag(absl::StrCat("--publish-connections: must be 1..64, got ",
                                options.publish_connections));
  }
  if (options.store.max_attempts < 1 || options.store.max_attempts > 100) {
    return BadFlag(absl::StrCat("--max-attempts: must be 1..100, got ",
                                options.store.max_attempts));
  }
  if (options.store.lease < absl::Milliseconds(30)) {
    return BadFlag("--lease: must be at least 30ms");
  }
  if (options.store.retention <= absl::ZeroDuration()) {
    return BadFlag("--retention: must be more than 0");
  }
  if (options.probe.authoritative_port < 1 ||
      options.probe.authoritative_port > 65535) {
    return BadFlag("--authoritative-port: must be 1..65535");
  }
  if (options.resolver.query_timeout <= absl::ZeroDuration()) {
    return BadFlag("--query-timeout: must be more than 0");
  }

  if (absl::Status smtp = ndrdiag::ApplySmtpFlags(smtp_flags, options);
      !smtp.ok()) {
    return BadFlag(std::string(smtp.message()));
  }

  if (panel_resolvers.empty()) {
    panel_resolvers = {"8.8.8.8", "1.1.1.1", "9.9.9.9", "208.67.222.222"};
  } else if (panel_resolvers == std::vector<std::string>{"none"}) {
    panel_resolvers.clear();
  }
  for (const std::string& server : panel_resolvers) {
    if (!ndrdiag::dns::ParseServerAddress(server).ok()) {
      return BadFlag(
          absl::StrCat("--panel-resolver: \"", server, "\" is not IP[:PORT]"));
    }
  }
  options.probe.panel_resolvers = panel_resolvers;
  options.probe.panel_query_timeout = options.resolver.query_timeout;
  options.probe.panel_tries = options.resolver.tries;
  if (!eop_ranges_file.empty()) {
    absl::StatusOr<ndrdiag::IpRanges> ranges =
        ndrdiag::IpRanges::LoadFile(eop_ranges_file);
    if (!ranges.ok()) {
      return BadFlag(absl::StrCat("--eop-ranges: ", ranges.status().message()));
    }
    options.probe.eop_ranges =
        std::make_shared<const ndrdiag::IpRanges>(*std::move(ranges));
  }

  // A catalogue file that does not parse (or a repeated key) is a build
  // bug: refuse to start rather than show raw message keys to users.
  if (absl::Status catalog = ndrdiag::CatalogStatus(); !catalog.ok()) {
    NDRDIAG_LOG(ERROR) << "cannot start: " << catalog.message();
    return 1;
  }

  // Block the signals before any thread exists, so that every thread
  // inherits the mask and only the signal thread below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<ndrdiag::MetricsServerPtr> metrics =
      ndrdiag::MetricsServer::StartForFlag(metrics_listen);
  if (absl::IsInvalidArgument(metrics.status())) {
    return BadFlag(std::string(metrics.status().message()));
  }
  if (!metrics.ok()) {
    NDRDIAG_LOG(ERROR) << "cannot start: " << metrics.status().message();
    return 1;
  }

  absl::StatusOr<std::unique_ptr<ndrdiag::WorkerRuntime>> runtime =
      ndrdiag::WorkerRuntime::Create(options);
  if (!runtime.ok()) {
    if (absl::IsInvalidArgument(runtime.status())) {
      return BadFlag(std::string(runtime.status().message()));
    }
    NDRDIAG_LOG(ERROR) << "cannot start: " << runtime.status();
    return 1;
  }
  ndrdiag::WorkerRuntime* worker = runtime->get();
  std::thread([signals, worker] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    NDRDIAG_LOG(INFO).With("signal", signal_number)
        << "signal received, stopping";
    worker->RequestStop();
    sigwait(&signals, &signal_number);
    NDRDIAG_LOG(WARNING).With("signal", signal_number)
        << "second signal, exiting at once";
    std::_Exit(1);
  }).detach();
  worker->Run();
  return 0;
}
