// CallerPool: N simulated callers, at most `concurrency` in flight, each
// doing what a careful real client does with one diagnosis:
//
//   CreateDiagnosis(request_id) ── UNAVAILABLE, DEADLINE_EXCEEDED, ... ──▶
//       retry with the same request_id after backoff (idempotency)
//   WatchDiagnosis(name, after_event_id = last event seen) ── stream breaks
//       before the terminal event ──▶ resume after backoff, until it has
//       seen the terminal event and the server has ended the stream.
//
// Every event id each caller received is recorded (CallerView), with the
// promises the harness checks counted as they happen: no id twice, ids
// increasing, one terminal event. Runs on gRPC's callback API (no thread per
// caller); backoff timers run on a Scheduler. Thread-safe.
#ifndef NDRDIAG_BENCH_CHAOS_CALLER_POOL_H_
#define NDRDIAG_BENCH_CHAOS_CALLER_POOL_H_

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "bench/chaos/scheduler.h"
#include "bench/chaos/tally.h"
#include "grpcpp/grpcpp.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"

namespace ndrdiag::chaos {

struct CallerOptions {
  int concurrency = 64;
  // New callers per second at most (0: as fast as `concurrency` allows).
  double rate = 0;
  // Sent as x-ndrdiag-owner; the audit lists this owner's jobs.
  std::string owner = "chaos";
  // Prefix of every request_id ("<prefix>-<index>").
  std::string request_id_prefix = "chaos";
  absl::Duration create_deadline = absl::Seconds(5);
  absl::Duration min_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  uint64_t seed = 1;
};

// Counters for the report on stderr.
struct CallerStats {
  int created = 0;         // creates acknowledged
  int create_retries = 0;  // creates sent again after a failure
  int watch_resumes = 0;   // watches started again after a break
  int terminal_jobs = 0;   // callers that saw their terminal event
  // "create UNAVAILABLE", "watch ended OK before terminal", ... -> count.
  std::map<std::string, int> outcomes;
};

class CallerPool {
 public:
  // One caller per spec, in order.
  CallerPool(std::shared_ptr<grpc::Channel> channel,
             std::vector<v1::DiagnosisSpec> specs, CallerOptions options);
  // REQUIRES: Shutdown() returned.
  ~CallerPool();
  CallerPool(const CallerPool&) = delete;
  CallerPool& operator=(const CallerPool&) = delete;

  // Starts the first callers; each one that finishes starts the next.
  void Start();
  // Starts the callers that `rate` and `concurrency` allow now; call it
  // periodically when `rate` is set.
  void Pump();
  // Callers started so far ("submitted").
  int started() const { return started_.load(); }
  // Callers finished (terminal seen and stream ended, or given up).
  int finished() const { return finished_.load(); }
  // True when every caller finished by `deadline`.
  bool WaitAllFinished(absl::Time deadline);
  // Starts no more callers, cancels every call in flight and every pending
  // retry, and waits (up to `wait`) until no call is outstanding.
  void Shutdown(absl::Duration wait);

  // What each started caller saw. Call after Shutdown().
  std::vector<CallerView> Views() const;
  CallerStats Stats() const;

 private:
  class Caller;
  class WatchCall;
  friend class Caller;
  friend class WatchCall;

  void CallerFinished();
  void CallStarted() { calls_in_flight_.fetch_add(1); }
  void CallEnded() { calls_in_flight_.fetch_sub(1); }
  void Count(const std::string& outcome);
  bool stopping() const { return stopping_.load(); }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::DiagnosisService::Stub> stub_;
  CallerOptions options_;
  std::vector<std::unique_ptr<Caller>> callers_;
  absl::Mutex launch_mu_;
  absl::Time start_time_ ABSL_GUARDED_BY(launch_mu_);
  std::atomic<int> started_{0};
  std::atomic<int> finished_{0};
  std::atomic<int> calls_in_flight_{0};
  std::atomic<bool> stopping_{false};
  mutable absl::Mutex stats_mu_;
  CallerStats stats_ ABSL_GUARDED_BY(stats_mu_);
  // Last member: destroyed first, so no retry runs on a half-destroyed pool.
  Scheduler scheduler_;
};

}  // namespace ndrdiag::chaos

#endif  // NDRDIAG_BENCH_CHAOS_CALLER_POOL_H_
