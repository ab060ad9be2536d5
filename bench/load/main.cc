// ndrdiag-bench: the load generator of issue 8 (see bench/load/options.cc
// for the flags, bench/load/report.h for the output).
#include <sys/resource.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "bench/load/channels.h"
#include "bench/load/cq_driver.h"
#include "bench/load/fanout_run.h"
#include "bench/load/load_run.h"
#include "bench/load/options.h"
#include "bench/load/report.h"
#include "bench/load/rss_sampler.h"
#include "bench/load/summary.h"

namespace ndrdiag::bench {
namespace {

double ProcessCpuSeconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Ten thousand streams are far fewer sockets, but the frontend may share
// the limit's defaults in tests that exec us; never fail for want of fds.
void RaiseFileLimit() {
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
      limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// One request per domain (Run- or CreateDiagnosisRequest), with the families.
template <typename Request>
std::vector<Request> RequestsFor(const Options& options) {
  std::vector<Request> requests;
  for (const std::string& domain : options.domains) {
    v1::DiagnosisSpec& spec = *requests.emplace_back().mutable_spec();
    spec.set_domain(domain);
    for (v1::CheckFamily family : options.families) spec.add_families(family);
  }
  return requests;
}

int Main(int argc, char** argv) {
  // Debian's absl runs the mutex deadlock detector, which costs the hot
  // path; the bench's lock order is trivial.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::StatusOr<Options> parsed =
      ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.ok()) {
    std::fprintf(stderr, "ndrdiag-bench: %s\n",
                 std::string(parsed.status().message()).c_str());
    return 2;
  }
  const Options& options = *parsed;
  RaiseFileLimit();

  Channels channels = MakeChannels(options.target, options.channels);
  if (!WaitConnected(channels, absl::Seconds(5))) {
    std::fprintf(stderr, "ndrdiag-bench: cannot reach %s within 5s\n",
                 options.target.c_str());
    return 1;
  }
  RssSampler rss(options.pids);
  CqDriver driver(options.threads);

  Report report;
  report.target = options.target;
  report.families = options.families_text;
  report.rate = options.mode == Mode::kLoad ? options.rate : 0;
  report.channels = options.channels;
  report.stream = options.batched ? "batches" : "events";
  report.ceiling_per_s = options.ceiling_per_s;
  report.labels = options.labels;
  const CallSetup calls{&channels,       &driver,
                        options.owner,   options.call_deadline,
                        options.batched, &rss};
  RunResult run;
  if (options.mode == Mode::kLoad) {
    LoadConfig config;
    config.calls = calls;
    config.requests = RequestsFor<v1::RunDiagnosisRequest>(options);
    config.concurrency = options.concurrency;
    config.rate = options.rate;
    config.warmup = options.warmup;
    config.duration = options.duration;
    config.count = options.count;
    run = RunLoad(config);
    report.mode = "load";
    report.concurrency = options.concurrency;
    report.warmup_s = absl::ToDoubleSeconds(options.warmup);
  } else {
    FanoutConfig config;
    config.calls = calls;
    config.requests = RequestsFor<v1::CreateDiagnosisRequest>(options);
    config.streams = options.streams;
    config.create_rate = options.create_rate;
    FanoutResult fanout = RunFanout(config);
    run = std::move(fanout.run);
    report.fanout = fanout.figures;
    report.mode = "fanout";
    report.concurrency = options.streams;
  }
  report.rss = rss.Finish();
  if (report.fanout) {
    for (const ProcessRss& p : report.rss) {
      if (p.name == "frontend")
        report.fanout->frontend_rss_peak_kib = p.peak_kib;
    }
  }
  report.window_s = run.window.seconds();
  report.started = run.started;
  report.client_cpu_s = ProcessCpuSeconds();
  report.skipped_starts = run.skipped_starts;
  report.unfinished = run.unfinished;
  report.event_stamp_precision = run.stamp_precision;
  report.figures = Summarize(run.samples, std::move(run.event_us), run.window);

  if (!options.json_only) std::fputs(RenderTable(report).c_str(), stdout);
  std::printf("%s\n", RenderJson(report).c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace ndrdiag::bench

int main(int argc, char** argv) { return ndrdiag::bench::Main(argc, argv); }
