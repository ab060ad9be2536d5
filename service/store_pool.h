// StorePool: a few threads that run the blocking JobStore calls of the gRPC
// handlers, so that gRPC's callback threads never wait on Redis.
//
// Each pool thread owns one RedisConnection and one JobStore (neither is
// thread-safe), so N threads are N Redis connections whatever the number of
// RPCs. A handler submits a task and returns its reactor; the task runs on a
// pool thread and finishes the reactor there.
//
//   absl::Status s = pool.Submit([reactor, req, resp](JobStore& store) {
//     reactor->Finish(ToGrpcStatus(store.Get(...)));
//   });
//   if (!s.ok()) reactor->Finish(ToGrpcStatus(s));  // queue full
//
// The queue is bounded: when it is full Submit() answers RESOURCE_EXHAUSTED
// at once instead of letting latency grow without limit. Thread-safe.
#ifndef NDRDIAG_SERVICE_STORE_POOL_H_
#define NDRDIAG_SERVICE_STORE_POOL_H_

#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/job_store.h"
#include "common/redis/redis_connection.h"

namespace ndrdiag {

struct StorePoolOptions {
  int threads = 8;
  // Tasks waiting for a thread; beyond this Submit() refuses.
  int queue_capacity = 1024;
  RedisOptions redis;
  JobStoreOptions store;
};

class StorePool {
 public:
  using Task = absl::AnyInvocable<void(JobStore&) &&>;

  // Starts the threads. Connections are opened lazily by the first command.
  StorePool(RedisEndpoint endpoint, StorePoolOptions options);
  // Shutdown().
  ~StorePool();
  StorePool(const StorePool&) = delete;
  StorePool& operator=(const StorePool&) = delete;

  // Queues `task`. RESOURCE_EXHAUSTED when the queue is full, UNAVAILABLE
  // after Shutdown(); the task is then dropped without running.
  absl::Status Submit(Task task);

  // Refuses new tasks, runs the queued ones, joins the threads. Idempotent.
  void Shutdown();

  const JobStoreOptions& store_options() const { return options_.store; }

 private:
  void Loop();
  bool HasWorkOrShutdown() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const RedisEndpoint endpoint_;
  const StorePoolOptions options_;
  mutable absl::Mutex mu_;
  std::deque<Task> queue_ ABSL_GUARDED_BY(mu_);
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

using StorePoolPtr = std::unique_ptr<StorePool>;

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_STORE_POOL_H_
