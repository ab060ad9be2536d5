// Scheduler: runs callbacks after a delay on one thread of its own.
//
// The callers' backoff between retries: gRPC callbacks must not sleep, so a
// retry is scheduled here and started from this thread. Callbacks run one at
// a time, in deadline order; they should only start an RPC and return.
// Thread-safe. The destructor drops callbacks that are not due yet.
#ifndef NDRDIAG_BENCH_CHAOS_SCHEDULER_H_
#define NDRDIAG_BENCH_CHAOS_SCHEDULER_H_

#include <functional>
#include <map>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ndrdiag::chaos {

class Scheduler {
 public:
  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void After(absl::Duration delay, std::function<void()> callback);

 private:
  void Run();

  absl::Mutex mu_;
  std::multimap<absl::Time, std::function<void()>> due_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace ndrdiag::chaos

#endif  // NDRDIAG_BENCH_CHAOS_SCHEDULER_H_
