// Per-diagnosis bookkeeping shared by the load and fanout runners.
//
// Progress follows one diagnosis's event stream (accepted, first
// check_result, verdict, terminal state, every event's delivery latency)
// without allocating per event once its buffer has grown; Recorder keeps
// every finished diagnosis's sample in shards, so that the completion-queue
// threads only contend when they finish a diagnosis on the same shard, and
// only briefly. RunClock is the run's monotonic clock in microseconds.
#ifndef NDRDIAG_BENCH_LOAD_RECORDER_H_
#define NDRDIAG_BENCH_LOAD_RECORDER_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "bench/load/event_skim.h"
#include "bench/load/summary.h"
#include "grpcpp/support/status.h"

namespace ndrdiag::bench {

class RunClock {
 public:
  RunClock() : start_(std::chrono::steady_clock::now()) {}
  int64_t NowUs() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now() - start_)
        .count();
  }

 private:
  const std::chrono::steady_clock::time_point start_;
};

// Wall clock, nanoseconds since the Unix epoch (what DiagnosisEvent.time
// is stamped with).
int64_t WallNowNs();

class Progress {
 public:
  // Starts following a new diagnosis (keeps the event buffer's capacity).
  void Begin(int64_t start_us);
  // `now_us` on the RunClock, `wall_ns` from WallNowNs(), both taken when
  // the event arrived. `time_it`: whether its delivery latency counts.
  void OnEvent(const EventFacts& event, int64_t now_us, int64_t wall_ns,
               bool time_it);
  // A stream message did not parse (the caller cancels the call): the
  // diagnosis counts as the error MALFORMED whatever the status.
  void OnMalformed() { malformed_ = true; }
  // The sample of a stream that ended with `status` at `now_us`.
  DiagnosisSample Finish(const grpc::Status& status, int64_t now_us) const;
  const std::vector<int64_t>& event_us() const { return event_us_; }
  bool any_event() const { return any_event_; }
  // An event stamped with sub-millisecond digits was seen.
  bool micro_stamp() const { return micro_stamp_; }

 private:
  int64_t start_us_ = 0;
  int64_t accepted_us_ = -1, first_result_us_ = -1, verdict_us_ = -1;
  int64_t terminal_us_ = -1;
  v1::Diagnosis::State terminal_state_ = v1::Diagnosis::STATE_UNSPECIFIED;
  bool any_event_ = false;
  bool micro_stamp_ = false;
  bool malformed_ = false;
  std::vector<int64_t> event_us_;
};

class Recorder {
 public:
  // Events of diagnoses started before `measured_from_us` are not kept.
  explicit Recorder(int64_t measured_from_us)
      : measured_from_us_(measured_from_us) {}

  // `shard_hint`: any number that spreads concurrent callers (slot index).
  void Record(size_t shard_hint, const DiagnosisSample& sample,
              const Progress& progress);

  // Call once every stream has ended.
  std::vector<DiagnosisSample> Samples() const;
  std::vector<int64_t> EventLatencies() const;
  // "us", "ms", or "" when no event was timed.
  const char* StampPrecision() const;

 private:
  struct Shard {
    mutable absl::Mutex mu;
    std::vector<DiagnosisSample> samples ABSL_GUARDED_BY(mu);
    std::vector<int64_t> event_us ABSL_GUARDED_BY(mu);
  };
  // Every shard's `field`, concatenated.
  template <typename T>
  std::vector<T> Gather(std::vector<T> Shard::*field) const;

  const int64_t measured_from_us_;
  std::array<Shard, 16> shards_;
  std::atomic<bool> any_timed_{false};
  std::atomic<bool> micro_{false};
};

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_RECORDER_H_
