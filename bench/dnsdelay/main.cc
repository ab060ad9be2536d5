// ndrdiag-dns-delay: a DNS proxy that holds every answer for --delay (see
// bench/dnsdelay/proxy.h). The latency-hiding bench (bench/run --dns-delay)
// puts it in front of the lab resolver.
#include <signal.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/dnsdelay/proxy.h"
#include "common/flags.h"

namespace {

constexpr char kDescription[] =
    "DNS delaying proxy: forwards every query (UDP and TCP) to --upstream at "
    "once and holds each answer for --delay before sending it back, so that "
    "a fast local resolver behaves like a distant one. One thread; thousands "
    "of queries in flight. Loopback only unless --allow-non-loopback.";

constexpr char kEpilogue[] =
    "Example:\n"
    "  ndrdiag-dns-delay --listen 127.0.0.1:5353 --upstream 127.77.0.53:53 "
    "--delay 100ms\n"
    "Prints one line on stderr when it listens and one with its counters when "
    "it stops (SIGTERM, SIGINT).\n"
    "\n"
    "Exit status: 0 after SIGTERM/SIGINT; 1 when it cannot listen or serve; "
    "2 on bad flags.";

ndrdiag::dnsdelay::DelayProxy* g_proxy = nullptr;

void OnSignal(int) {
  if (g_proxy != nullptr) g_proxy->Stop();
}

int BadFlag(const std::string& message) {
  std::fprintf(stderr, "ndrdiag-dns-delay: %s (see --help)\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  ndrdiag::dnsdelay::ProxyOptions options;
  options.listen.clear();
  ndrdiag::FlagSet flags("ndrdiag-dns-delay", kDescription);
  flags.set_epilogue(kEpilogue);
  flags.String("listen", "IP:PORT", "Where to answer (UDP and TCP).",
               &options.listen);
  flags.String("upstream", "IP:PORT", "The resolver to forward to.",
               &options.upstream);
  flags.Duration("delay", "How long each answer is held.", &options.delay);
  flags.Int("upstream-sockets",
            "UDP sockets towards --upstream (65,536 queries in flight each).",
            &options.upstream_sockets);
  flags.Duration("upstream-timeout",
                 "Forget a UDP query upstream has not answered after this.",
                 &options.upstream_timeout);
  flags.Int("max-tcp-connections",
            "Client TCP connections at once; more are closed at once.",
            &options.max_tcp_connections);
  flags.Bool("allow-non-loopback",
             "Allow --listen and --upstream outside 127.0.0.0/8 and ::1.",
             &options.allow_non_loopback);
  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(argc, argv);
  if (!rest.ok()) return BadFlag(std::string(rest.status().message()));
  if (!rest->empty())
    return BadFlag(absl::StrCat("unexpected argument '", (*rest)[0], "'"));
  if (options.listen.empty()) return BadFlag("--listen is required");
  if (options.upstream.empty()) return BadFlag("--upstream is required");
  if (options.max_tcp_connections < 1) {
    return BadFlag("--max-tcp-connections must be at least 1");
  }

  absl::StatusOr<ndrdiag::dnsdelay::DelayProxyPtr> proxy =
      ndrdiag::dnsdelay::DelayProxy::Create(options);
  if (!proxy.ok()) {
    if (absl::IsInvalidArgument(proxy.status())) {
      return BadFlag(std::string(proxy.status().message()));
    }
    std::fprintf(stderr, "ndrdiag-dns-delay: %s\n",
                 std::string(proxy.status().message()).c_str());
    return 1;
  }
  g_proxy = proxy->get();
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::fprintf(stderr,
               "ndrdiag-dns-delay: listening on port %d (udp, tcp), "
               "upstream %s, delay %s\n",
               (*proxy)->port(), options.upstream.c_str(),
               absl::FormatDuration(options.delay).c_str());
  absl::Status status = (*proxy)->Run();
  const ndrdiag::dnsdelay::ProxyStats& s = (*proxy)->stats();
  std::fprintf(stderr,
               "ndrdiag-dns-delay: stopped: udp_queries=%lu udp_answers=%lu "
               "tcp_connections=%lu tcp_queries=%lu tcp_answers=%lu "
               "dropped=%lu expired=%lu\n",
               s.udp_queries.load(), s.udp_answers.load(),
               s.tcp_connections.load(), s.tcp_queries.load(),
               s.tcp_answers.load(), s.dropped.load(), s.expired.load());
  g_proxy = nullptr;
  if (!status.ok()) {
    std::fprintf(stderr, "ndrdiag-dns-delay: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
