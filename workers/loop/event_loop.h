// EventLoop: the single-threaded reactor a worker runs its jobs on.
//
// One thread calls Run(); every callback (fd readiness, timers, posted tasks)
// runs on that thread, so job state needs no locks. Other threads hand work
// to the loop with Post(), the only thread-safe method.
//
// c-ares is driven from here (its sockets are watched with WatchFd and its
// timeouts with timers), which is what lets one worker keep thousands of DNS
// questions in flight without a thread each.
#ifndef NDRDIAG_WORKERS_LOOP_EVENT_LOOP_H_
#define NDRDIAG_WORKERS_LOOP_EVENT_LOOP_H_

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/time/time.h"

namespace ndrdiag {

class EventLoop {
 public:
  using Task = std::function<void()>;
  // `readable`/`writable` say which readiness fired.
  using FdCallback = std::function<void(bool readable, bool writable)>;
  using TimerId = uint64_t;

  virtual ~EventLoop() = default;

  // Runs until Stop(); returns after the current callback finishes.
  virtual void Run() = 0;
  // Thread-safe. Makes Run() return soon. Each Stop() ends one Run(): one
  // made while the loop is not running makes the next Run() return at once.
  virtual void Stop() = 0;
  // Thread-safe. Runs `task` on the loop thread, in posting order.
  virtual void Post(Task task) = 0;

  // Loop thread only. Starts, changes (same fd again) or, with both flags
  // false, stops watching `fd`. The callback is kept until unwatched.
  virtual void WatchFd(int fd, bool want_read, bool want_write,
                       FdCallback callback) = 0;

  // Loop thread only. Runs `task` once after `delay`; returns an id that
  // CancelTimer accepts (cancelling a fired or unknown id is a no-op).
  virtual TimerId AddTimer(absl::Duration delay, Task task) = 0;
  virtual void CancelTimer(TimerId id) = 0;

  // The loop's notion of now (monotonic for deadlines, wall for records).
  virtual absl::Time Now() const = 0;
};
using EventLoopPtr = std::unique_ptr<EventLoop>;

// An epoll-based loop.
EventLoopPtr NewEpollEventLoop();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_LOOP_EVENT_LOOP_H_
