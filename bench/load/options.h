// The command line of ndrdiag-bench: flags, their validation and --help.
//
// ParseOptions() returns either complete, checked options or an
// INVALID_ARGUMENT whose message names the flag and says why (main prints it
// and exits 2). Defaults that depend on the mode (--call-deadline) are
// resolved here, so the runners never see a sentinel. --help prints the
// generated help (every flag, the output, the exit codes) and exits 0.
#ifndef NDRDIAG_BENCH_LOAD_OPTIONS_H_
#define NDRDIAG_BENCH_LOAD_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag::bench {

enum class Mode { kLoad, kFanout };

struct Options {
  Mode mode = Mode::kLoad;
  std::string target;
  std::vector<std::string> domains;
  std::vector<v1::CheckFamily> families;
  std::string families_text = "dns";
  int concurrency = 16;
  absl::Duration duration = absl::Seconds(20);  // measured window (no count)
  int64_t count = 0;                            // 0: run for `duration`
  absl::Duration warmup = absl::Seconds(3);
  double rate = 0;  // 0: closed loop
  absl::Duration call_deadline;
  std::vector<std::pair<std::string, int>> pids;
  int streams = 1000;
  double create_rate = 2000;
  std::optional<double> ceiling_per_s;
  std::vector<std::pair<std::string, std::string>> labels;
  bool json_only = false;
  std::string owner = "bench";
  int channels = 0;     // resolved: never 0 after parsing
  int threads = 1;      // completion-queue threads
  bool batched = true;  // --stream batches (default) or events
};

// `args` without the program name.
absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args);

// Domains from a file's text: one a line, '#' starts a comment line, blank
// lines skipped; a tab-separated line contributes its first column.
std::vector<std::string> ParseDomainList(absl::string_view text);

// "dns,connector" -> families; the error names the unknown one.
absl::StatusOr<std::vector<v1::CheckFamily>> ParseFamilies(
    absl::string_view text);

// min(concurrency / 100 + 1, 8): enough HTTP/2 connections that one is not
// the bottleneck, few enough to stay cheap.
int DefaultChannels(int concurrency);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_OPTIONS_H_
