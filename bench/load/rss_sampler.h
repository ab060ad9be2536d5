// Peak memory of other processes (the frontend, the workers, Redis), read
// from /proc/PID/status.
//
// A thread of its own reads VmRSS of every process every `period` (100 ms)
// and keeps the maximum since the last BeginWindow(); Finish() stops it and
// adds VmHWM (the kernel's own peak, which covers what 100 ms sampling may
// miss but also everything before the window). A process that has exited
// simply stops contributing. Thread-safe.
#ifndef NDRDIAG_BENCH_LOAD_RSS_SAMPLER_H_
#define NDRDIAG_BENCH_LOAD_RSS_SAMPLER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "bench/load/report.h"

namespace ndrdiag::bench {

// The value in KiB of a "Key:   1234 kB" line of /proc/PID/status text.
std::optional<int64_t> ParseStatusKib(absl::string_view status,
                                      absl::string_view key);

// Reads /proc/`pid`/status now; nullopt when it cannot.
std::optional<int64_t> ReadStatusKib(int pid, absl::string_view key);

class RssSampler {
 public:
  // name -> pid; the thread starts at once.
  explicit RssSampler(std::vector<std::pair<std::string, int>> processes,
                      absl::Duration period = absl::Milliseconds(100));
  ~RssSampler();
  RssSampler(const RssSampler&) = delete;
  RssSampler& operator=(const RssSampler&) = delete;

  // Forgets the peaks so far and samples once now.
  void BeginWindow();
  // Stops sampling (idempotent); peaks and VmHWM, in the order given.
  std::vector<ProcessRss> Finish();
  // The current VmRSS of `name`; nullopt if unknown or unreadable.
  std::optional<int64_t> CurrentKib(absl::string_view name) const;
  // The peak since BeginWindow() so far.
  std::optional<int64_t> PeakKib(absl::string_view name) const;

 private:
  void SampleOnce();
  void Run();

  const std::vector<std::pair<std::string, int>> processes_;
  const absl::Duration period_;
  mutable absl::Mutex mu_;
  std::vector<std::optional<int64_t>> peaks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_RSS_SAMPLER_H_
