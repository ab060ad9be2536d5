// CqDriver: a few threads, each draining a CompletionQueue of its own.
//
// The bench drives its calls with gRPC's async API rather than the callback
// API: a thread that blocks in CompletionQueue::Next() polls the sockets
// itself and handles the completion it was woken for, where gRPC 1.51's
// callback API hands every message from a poller thread to a callback
// thread (two context switches per event, most of the bench's CPU). A call
// is bound to one queue for its life, so one call's completions never run
// concurrently. Tags are CqHandler pointers with a 2-bit op in the low bits.
#ifndef NDRDIAG_BENCH_LOAD_CQ_DRIVER_H_
#define NDRDIAG_BENCH_LOAD_CQ_DRIVER_H_

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "grpcpp/grpcpp.h"

namespace ndrdiag::bench {

class CqHandler {
 public:
  virtual ~CqHandler() = default;
  // `op`: what Tag() was given (0..3); `ok`: CompletionQueue::Next's.
  virtual void OnCompletion(int op, bool ok) = 0;
};

// The tag of operation `op` (0..3) of `handler`.
inline void* Tag(CqHandler* handler, int op) {
  return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(handler) |
                                 static_cast<uintptr_t>(op));
}

class CqDriver {
 public:
  // `threads` queues, each drained by its own thread, from now on.
  explicit CqDriver(int threads);
  // Shutdown().
  ~CqDriver();
  CqDriver(const CqDriver&) = delete;
  CqDriver& operator=(const CqDriver&) = delete;

  grpc::CompletionQueue* cq(size_t index) {
    return queues_[index % queues_.size()].get();
  }
  // Shuts the queues down and joins the threads (idempotent). REQUIRES: no
  // call outstanding.
  void Shutdown();

 private:
  std::vector<std::unique_ptr<grpc::CompletionQueue>> queues_;
  std::vector<std::thread> threads_;
};

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_CQ_DRIVER_H_
