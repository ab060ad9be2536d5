// ndrdiag-smtp-bench: how many safe SMTP probe sessions one event loop
// sustains. Runs N sessions through SmtpProber (the same code the worker
// uses: egress policy, rate limit, STARTTLS, never DATA) against one
// loopback server, C in flight, and prints one summary line:
//
//   sessions=N ok=.. failed=.. elapsed_s=.. sessions_per_s=.. p50_ms=..
//   p99_ms=..
//
// Only loopback addresses are accepted: this is a load tool, and load must
// never leave the machine. Failures are broken down by outcome on stderr.
#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/flags.h"
#include "workers/loop/event_loop.h"
#include "workers/net/egress_policy.h"
#include "workers/smtp/smtp_prober.h"

namespace ndrdiag {
namespace {

bool IsLoopback(const std::string& address) {
  unsigned char b[16];
  if (inet_pton(AF_INET, address.c_str(), b) == 1) return b[0] == 127;
  static const unsigned char kV6Loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                0, 0, 0, 0, 0, 0, 0, 1};
  return inet_pton(AF_INET6, address.c_str(), b) == 1 &&
         std::equal(b, b + 16, kV6Loopback);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

int Run(int argc, char** argv) {
  FlagSet flags("ndrdiag-smtp-bench",
                "Runs SMTP probe sessions against a loopback server and "
                "reports sessions per second.");
  std::string address = "127.0.0.1", host = "mx.fake.test", rate, ca_file;
  std::string mail_from = "bench@ndrdiag.invalid";
  int port = 25, sessions = 1000, concurrency = 50;
  std::vector<std::string> allow, rcpts;
  absl::Duration step_timeout = absl::Seconds(30);
  flags.String("address", "IP", "Server address (loopback only).", &address);
  flags.Int("port", "Server port.", &port);
  flags.String("host", "NAME", "Host name (SNI, certificate check).", &host);
  flags.Int("sessions", "Sessions to run in all.", &sessions);
  flags.Int("concurrency", "Sessions in flight at once.", &concurrency);
  flags.Repeated("allow-cidr", "CIDR",
                 "Egress allow-list (default: the address itself).", &allow);
  flags.String("rate", "PER_MINUTE",
               "Rate limit, connections per minute to the address (default: "
               "no practical limit; burst = sessions).",
               &rate);
  flags.String("ca-file", "PEM", "Trusted CAs for the certificate check.",
               &ca_file);
  flags.String("mail-from", "ADDRESS", "MAIL FROM address.", &mail_from);
  flags.Repeated("rcpt", "ADDRESS", "RCPT TO address (at most two used).",
                 &rcpts);
  flags.Duration("step-timeout", "Per-step timeout.", &step_timeout);
  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(argc, argv);
  if (!rest.ok()) {
    std::fprintf(stderr, "%s\n", std::string(rest.status().message()).c_str());
    return 2;
  }
  if (!IsLoopback(address)) {
    std::fprintf(stderr, "--address %s: only loopback addresses are allowed\n",
                 address.c_str());
    return 2;
  }
  if (port < 1 || port > 65535 || sessions < 1 || concurrency < 1) {
    std::fprintf(stderr, "--port, --sessions and --concurrency must be > 0\n");
    return 2;
  }
  if (allow.empty()) allow.push_back(address);
  if (rcpts.empty()) rcpts.push_back("known@contoso.test");

  SmtpProberOptions options;
  options.helo_name = "bench.ndrdiag.invalid";
  options.step_timeout = step_timeout;
  options.ca_file = ca_file;
  options.connections_per_minute = 1e9;
  options.burst = sessions;
  if (!rate.empty() &&
      !absl::SimpleAtod(rate, &options.connections_per_minute)) {
    std::fprintf(stderr, "--rate %s: not a number\n", rate.c_str());
    return 2;
  }
  if (!rate.empty()) options.burst = 1;

  absl::StatusOr<EgressPolicy> egress = EgressPolicy::Create(allow);
  if (!egress.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(egress.status().message()).c_str());
    return 2;
  }
  EventLoopPtr loop = NewEpollEventLoop();
  absl::StatusOr<SmtpProberPtr> prober = NewSmtpProber(*loop, *egress, options);
  if (!prober.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(prober.status().message()).c_str());
    return 2;
  }

  int started = 0, finished = 0, ok = 0;
  std::vector<double> latencies_ms;
  std::map<std::string, int> failures;
  std::function<void()> start_one = [&] {
    if (started >= sessions) return;
    SmtpProbeRequest request;
    request.host = host;
    request.address = address;
    request.port = static_cast<uint16_t>(port);
    request.recipients = rcpts;
    request.mail_from = mail_from;
    absl::Time begun = absl::Now();
    ++started;
    (*prober)->Probe(request, [&, begun](SmtpSessionEvidence e) {
      ++finished;
      latencies_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - begun));
      if (e.outcome == SmtpOutcome::kCompleted) {
        ++ok;
      } else {
        ++failures[absl::StrCat(SmtpOutcomeName(e.outcome), ": ",
                                e.transcript.error())];
      }
      if (finished == sessions) {
        loop->Stop();
      } else if (started < sessions) {
        // Not from inside Probe(): an immediate completion would recurse.
        loop->Post(start_one);
      }
    });
  };
  absl::Time t0 = absl::Now();
  loop->Post([&] {
    for (int i = 0; i < std::min(concurrency, sessions); ++i) start_one();
  });
  loop->Run();
  double elapsed = absl::ToDoubleSeconds(absl::Now() - t0);
  prober->reset();

  for (const auto& [what, n] : failures) {
    std::fprintf(stderr, "failed %d: %s\n", n, what.c_str());
  }
  std::printf(
      "sessions=%d ok=%d failed=%d elapsed_s=%.3f sessions_per_s=%.1f "
      "p50_ms=%.2f p99_ms=%.2f\n",
      sessions, ok, finished - ok, elapsed,
      elapsed > 0 ? finished / elapsed : 0.0, Percentile(latencies_ms, 0.50),
      Percentile(latencies_ms, 0.99));
  return ok == sessions ? 0 : 1;
}

}  // namespace
}  // namespace ndrdiag

int main(int argc, char** argv) { return ndrdiag::Run(argc, argv); }
