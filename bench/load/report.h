// The output of ndrdiag-bench: a human table and ONE JSON line.
//
// The JSON line is the contract with the scripts that call the bench
// (bench/run; see the CONTRACT in the issue 8 notes): it starts with
// `{"bench":"ndrdiag",`, fits on one line, and always holds every key of the
// mode (null when a figure is unknown, e.g. no samples or no --pid), so a
// parser never has to guess. Latencies are in milliseconds with microsecond
// resolution. Pure functions, no I/O.
#ifndef NDRDIAG_BENCH_LOAD_REPORT_H_
#define NDRDIAG_BENCH_LOAD_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/load/summary.h"

namespace ndrdiag::bench {

// Memory of one process named with --pid NAME=PID.
struct ProcessRss {
  std::string name;
  std::optional<int64_t> peak_kib;  // max VmRSS sampled in the window
  std::optional<int64_t> hwm_kib;   // VmHWM at the end
};

struct FanoutFigures {
  int64_t streams_requested = 0;
  int64_t streams_open = 0;  // peak open at once
  // The frontend's VmRSS before the first stream and its peak (--pid
  // frontend=PID); nullopt without it.
  std::optional<int64_t> frontend_rss_before_kib, frontend_rss_peak_kib;
  double open_s = 0;            // until the last stream was open
  int64_t replayed_events = 0;  // stamped before their watch opened
};

struct Report {
  std::string mode;  // "load" or "fanout"
  std::string target;
  std::string families;  // as given, e.g. "dns"
  int64_t concurrency = 0;
  double rate = 0;  // 0: closed loop
  int64_t channels = 0;
  std::string stream = "batches";  // --stream: "batches" or "events"
  double warmup_s = 0;
  double window_s = 0;
  int64_t started = 0;  // diagnoses started, warmup included
  // CPU seconds (user + system) this load generator used over the whole run,
  // so that the bench can tell its own share of the machine.
  double client_cpu_s = 0;
  int64_t skipped_starts = 0;  // open loop: starts the cap refused
  int64_t unfinished = 0;      // cancelled by the bench at the end
  LoadFigures figures;
  std::string event_stamp_precision;  // "ms", "us" or "" (no events)
  std::vector<ProcessRss> rss;
  std::optional<double> ceiling_per_s;
  std::vector<std::pair<std::string, std::string>> labels;
  std::optional<FanoutFigures> fanout;
};

// (peak - before) / streams_open, in KiB; nullopt when a figure is missing
// or no stream was open.
std::optional<double> RssPerStreamKib(const FanoutFigures& fanout);

// One line, no trailing newline.
std::string RenderJson(const Report& report);
// Several lines, each ending in a newline.
std::string RenderTable(const Report& report);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_REPORT_H_
