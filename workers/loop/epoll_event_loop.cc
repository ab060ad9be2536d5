// EventLoop on Linux epoll: an eventfd wakes the loop for Post() and Stop(),
// a binary heap orders timers by a monotonic deadline.
//
// Re-entrancy is the point of most of the care below: a callback may watch,
// re-watch or unwatch any fd (its own included) and add or cancel any timer
// while it runs, so dispatch never holds a reference into a container that a
// callback can change.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <queue>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/logging.h"
#include "workers/loop/event_loop.h"

namespace ndrdiag {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Token of the eventfd in epoll_event.data; fd registrations get tokens from
// 1 upwards, so a stale event for an unwatched fd finds no registration.
constexpr uint64_t kWakeToken = 0;
constexpr int kMaxEvents = 256;

class EpollEventLoop : public EventLoop {
 public:
  EpollEventLoop(int epoll_fd, int wake_fd)
      : epoll_fd_(epoll_fd), wake_fd_(wake_fd) {}
  ~EpollEventLoop() override {
    close(wake_fd_);
    close(epoll_fd_);
  }

  void Run() override;
  void Stop() override {
    stop_.store(true);
    Wake();
  }
  void Post(Task task) override {
    {
      absl::MutexLock lock(&mu_);
      posted_.push_back(std::move(task));
    }
    Wake();
  }
  void WatchFd(int fd, bool want_read, bool want_write,
               FdCallback callback) override;
  TimerId AddTimer(absl::Duration delay, Task task) override;
  void CancelTimer(TimerId id) override { timers_.erase(id); }
  absl::Time Now() const override { return absl::Now(); }

 private:
  struct Registration {
    int fd;
    // Shared so that a callback that unwatches its own fd keeps itself alive
    // until it returns.
    std::shared_ptr<FdCallback> callback;
  };
  struct TimerEntry {
    SteadyClock::time_point deadline;
    TimerId id;  // increasing: equal deadlines fire in the order added
    bool operator>(const TimerEntry& other) const {
      return deadline != other.deadline ? deadline > other.deadline
                                        : id > other.id;
    }
  };

  void Wake() {
    uint64_t one = 1;
    // EAGAIN means the counter is already non-zero: the loop will wake.
    ssize_t n = write(wake_fd_, &one, sizeof(one));
    (void)n;
  }
  // Milliseconds epoll_wait may sleep: until the next live timer, rounded up
  // so that we never wake before it is due; -1 without timers.
  int WaitMillis();
  void DispatchFd(uint64_t token, uint32_t events);
  void RunPosted();
  void RunDueTimers();

  const int epoll_fd_;
  const int wake_fd_;
  std::atomic<bool> stop_{false};

  absl::Mutex mu_;
  std::deque<Task> posted_ ABSL_GUARDED_BY(mu_);

  // Loop-thread state.
  absl::flat_hash_map<int, uint64_t> token_by_fd_;
  absl::flat_hash_map<uint64_t, Registration> registrations_;
  uint64_t next_token_ = 1;
  std::priority_queue<TimerEntry, std::vector<TimerEntry>,
                      std::greater<TimerEntry>>
      heap_;
  // Live timers; a cancelled timer leaves a stale heap entry that is skipped.
  absl::flat_hash_map<TimerId, Task> timers_;
  TimerId next_timer_id_ = 1;
};

void EpollEventLoop::WatchFd(int fd, bool want_read, bool want_write,
                             FdCallback callback) {
  auto it = token_by_fd_.find(fd);
  if (!want_read && !want_write) {
    if (it == token_by_fd_.end()) return;
    // ENOENT/EBADF: the fd was closed first, which already removed it.
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    registrations_.erase(it->second);
    token_by_fd_.erase(it);
    return;
  }
  epoll_event ev;
  std::memset(&ev, 0, sizeof(ev));
  ev.events = (want_read ? EPOLLIN : 0u) | (want_write ? EPOLLOUT : 0u);
  uint64_t token;
  if (it != token_by_fd_.end()) {
    token = it->second;
    registrations_[token].callback =
        std::make_shared<FdCallback>(std::move(callback));
  } else {
    token = next_token_++;
    token_by_fd_[fd] = token;
    registrations_[token] =
        Registration{fd, std::make_shared<FdCallback>(std::move(callback))};
  }
  ev.data.u64 = token;
  // Our bookkeeping and the kernel's can differ when an fd was closed and its
  // number reused without an unwatch in between; accept either state.
  int op = it != token_by_fd_.end() ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(epoll_fd_, op, fd, &ev) != 0) {
    int alt = op == EPOLL_CTL_MOD ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (epoll_ctl(epoll_fd_, alt, fd, &ev) != 0) {
      NDRDIAG_LOG(ERROR).With("fd", fd).With("errno", errno)
          << "epoll_ctl failed; fd not watched";
      registrations_.erase(token);
      token_by_fd_.erase(fd);
    }
  }
}

EventLoop::TimerId EpollEventLoop::AddTimer(absl::Duration delay, Task task) {
  if (delay < absl::ZeroDuration()) delay = absl::ZeroDuration();
  TimerId id = next_timer_id_++;
  heap_.push(
      TimerEntry{SteadyClock::now() + absl::ToChronoNanoseconds(delay), id});
  timers_.emplace(id, std::move(task));
  return id;
}

int EpollEventLoop::WaitMillis() {
  while (!heap_.empty() && !timers_.contains(heap_.top().id)) heap_.pop();
  if (heap_.empty()) return -1;
  auto left = heap_.top().deadline - SteadyClock::now();
  if (left <= SteadyClock::duration::zero()) return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return ms > 3600 * 1000 ? 3600 * 1000 : static_cast<int>(ms);
}

void EpollEventLoop::DispatchFd(uint64_t token, uint32_t events) {
  auto it = registrations_.find(token);
  if (it == registrations_.end()) return;  // unwatched earlier in this batch
  std::shared_ptr<FdCallback> callback = it->second.callback;
  // Errors and hang-ups are reported as readable: the owner learns of them
  // from its next read(), which is where it handles failures anyway.
  bool readable = (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)) != 0;
  bool writable = (events & (EPOLLOUT | EPOLLERR)) != 0;
  (*callback)(readable, writable);
}

void EpollEventLoop::RunPosted() {
  std::deque<Task> batch;
  {
    absl::MutexLock lock(&mu_);
    batch.swap(posted_);
  }
  while (!batch.empty()) {
    if (stop_.load()) {
      // Keep the rest, in order, for the next Run().
      absl::MutexLock lock(&mu_);
      while (!batch.empty()) {
        posted_.push_front(std::move(batch.back()));
        batch.pop_back();
      }
      Wake();
      return;
    }
    Task task = std::move(batch.front());
    batch.pop_front();
    task();
  }
}

void EpollEventLoop::RunDueTimers() {
  auto now = SteadyClock::now();
  // Timers added by these callbacks get ids >= `limit` and wait for the next
  // round, so a timer that re-adds itself with no delay cannot starve I/O.
  TimerId limit = next_timer_id_;
  while (!heap_.empty() && !stop_.load()) {
    TimerEntry top = heap_.top();
    if (top.deadline > now || top.id >= limit) break;
    heap_.pop();
    auto it = timers_.find(top.id);
    if (it == timers_.end()) continue;  // cancelled
    Task task = std::move(it->second);
    timers_.erase(it);
    task();
  }
}

void EpollEventLoop::Run() {
  epoll_event events[kMaxEvents];
  while (!stop_.load()) {
    int n = epoll_wait(epoll_fd_, events, kMaxEvents, WaitMillis());
    if (n < 0) {
      if (errno == EINTR) continue;
      NDRDIAG_LOG(ERROR).With("errno", errno) << "epoll_wait failed";
      return;
    }
    bool woken = false;
    for (int i = 0; i < n && !stop_.load(); ++i) {
      if (events[i].data.u64 == kWakeToken) {
        uint64_t count;
        ssize_t r = read(wake_fd_, &count, sizeof(count));
        (void)r;
        woken = true;
      } else {
        DispatchFd(events[i].data.u64, events[i].events);
      }
    }
    if (woken && !stop_.load()) RunPosted();
    if (!stop_.load()) RunDueTimers();
  }
  // One Stop() ends one Run(); a Stop() before Run() makes it return at once.
  stop_.store(false);
}

}  // namespace

EventLoopPtr NewEpollEventLoop() {
  int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) {
    NDRDIAG_LOG(ERROR).With("errno", errno) << "epoll_create1 failed";
    std::abort();  // out of fds at start-up: nothing sensible to do
  }
  int wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) {
    NDRDIAG_LOG(ERROR).With("errno", errno) << "eventfd failed";
    std::abort();
  }
  epoll_event ev;
  std::memset(&ev, 0, sizeof(ev));
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeToken;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev) != 0) std::abort();
  return std::make_unique<EpollEventLoop>(epoll_fd, wake_fd);
}

}  // namespace ndrdiag
