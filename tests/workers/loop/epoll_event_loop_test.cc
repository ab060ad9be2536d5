#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workers/loop/event_loop.h"

namespace ndrdiag {
namespace {

using ::testing::ElementsAre;

constexpr absl::Duration kDeadline = absl::Seconds(10);

// Runs the loop on its own thread; `setup` runs on the loop thread first.
// Returns once `done` is notified (true) or the deadline passed (false).
bool RunUntil(EventLoop& loop, absl::Notification& done,
              std::function<void()> setup) {
  loop.Post(std::move(setup));
  std::thread thread([&] { loop.Run(); });
  bool ok = done.WaitForNotificationWithTimeout(kDeadline);
  loop.Stop();
  thread.join();
  return ok;
}

struct Pipe {
  Pipe() { EXPECT_EQ(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0); }
  ~Pipe() {
    if (fds[0] >= 0) close(fds[0]);
    if (fds[1] >= 0) close(fds[1]);
  }
  int fds[2] = {-1, -1};
  int read_fd() const { return fds[0]; }
  void Write() const { ASSERT_EQ(write(fds[1], "x", 1), 1); }
};

TEST(EpollEventLoopTest, TimersFireInDeadlineOrderAndAddOrderOnTies) {
  EventLoopPtr loop = NewEpollEventLoop();
  std::vector<int> order;
  absl::Notification done;
  ASSERT_TRUE(RunUntil(*loop, done, [&] {
    loop->AddTimer(absl::Milliseconds(60), [&] {
      order.push_back(4);
      done.Notify();
    });
    loop->AddTimer(absl::Milliseconds(20), [&] { order.push_back(1); });
    loop->AddTimer(absl::Milliseconds(40), [&] { order.push_back(3); });
    loop->AddTimer(absl::Milliseconds(20), [&] { order.push_back(2); });
    loop->AddTimer(absl::Milliseconds(-5), [&] { order.push_back(0); });
  }));
  EXPECT_THAT(order, ElementsAre(0, 1, 2, 3, 4));
}

TEST(EpollEventLoopTest, CancelledTimerNeverRuns) {
  EventLoopPtr loop = NewEpollEventLoop();
  std::vector<int> fired;
  absl::Notification done;
  EventLoop::TimerId a = 0;
  EventLoop::TimerId b = 0;
  ASSERT_TRUE(RunUntil(*loop, done, [&] {
    a = loop->AddTimer(absl::Milliseconds(10), [&] { fired.push_back(1); });
    // A timer cancelling another one due at the same moment.
    loop->AddTimer(absl::Milliseconds(20), [&] {
      fired.push_back(2);
      loop->CancelTimer(b);
    });
    b = loop->AddTimer(absl::Milliseconds(20), [&] { fired.push_back(3); });
    loop->CancelTimer(a);
    loop->CancelTimer(a);       // twice: no-op
    loop->CancelTimer(987654);  // unknown: no-op
    loop->AddTimer(absl::Milliseconds(50), [&] { done.Notify(); });
  }));
  EXPECT_THAT(fired, ElementsAre(2));
}

TEST(EpollEventLoopTest, TimerCanAddTimersAndCancelItself) {
  EventLoopPtr loop = NewEpollEventLoop();
  int rounds = 0;
  absl::Notification done;
  std::function<void()> tick;
  EventLoop::TimerId self = 0;
  tick = [&] {
    loop->CancelTimer(self);  // already fired: must be harmless
    if (++rounds == 100) {
      done.Notify();
      return;
    }
    self = loop->AddTimer(absl::ZeroDuration(), tick);
  };
  ASSERT_TRUE(RunUntil(
      *loop, done, [&] { self = loop->AddTimer(absl::ZeroDuration(), tick); }));
  EXPECT_EQ(rounds, 100);
}

TEST(EpollEventLoopTest, PostFromManyThreadsKeepsEachThreadsOrder) {
  EventLoopPtr loop = NewEpollEventLoop();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  std::vector<std::vector<int>> seen(kThreads);  // loop thread only
  std::atomic<int> total{0};
  absl::Notification done;
  std::thread runner([&] { loop->Run(); });
  std::vector<std::thread> posters;
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        loop->Post([&, t, i] {
          seen[t].push_back(i);
          if (++total == kThreads * kPerThread) done.Notify();
        });
      }
    });
  }
  for (std::thread& t : posters) t.join();
  bool ok = done.WaitForNotificationWithTimeout(kDeadline);
  loop->Stop();
  runner.join();
  ASSERT_TRUE(ok) << "only " << total << " tasks ran";
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(seen[t].size(), static_cast<size_t>(kPerThread));
    for (int i = 0; i < kPerThread; ++i) ASSERT_EQ(seen[t][i], i);
  }
}

TEST(EpollEventLoopTest, StopBeforeRunMakesRunReturn) {
  EventLoopPtr loop = NewEpollEventLoop();
  loop->Stop();
  absl::Notification returned;
  std::thread runner([&] {
    loop->Run();
    returned.Notify();
  });
  bool ok = returned.WaitForNotificationWithTimeout(kDeadline);
  if (!ok) loop->Stop();
  runner.join();
  EXPECT_TRUE(ok);
}

TEST(EpollEventLoopTest, TasksPostedAfterStopRunInNextRun) {
  EventLoopPtr loop = NewEpollEventLoop();
  std::vector<int> order;
  absl::Notification first;
  loop->Post([&] {
    order.push_back(1);
    loop->Stop();
    loop->Post([&] { order.push_back(2); });
    first.Notify();
  });
  std::thread runner([&] { loop->Run(); });
  bool ok = first.WaitForNotificationWithTimeout(kDeadline);
  runner.join();  // Run() returns by itself after the task that stopped it
  ASSERT_TRUE(ok);
  EXPECT_THAT(order, ElementsAre(1));
  absl::Notification second;
  ASSERT_TRUE(RunUntil(*loop, second, [&] { second.Notify(); }));
  EXPECT_THAT(order, ElementsAre(1, 2));
}

TEST(EpollEventLoopTest, WatchedFdReportsReadableAndCanUnwatchItself) {
  EventLoopPtr loop = NewEpollEventLoop();
  Pipe pipe;
  int calls = 0;
  absl::Notification done;
  std::thread writer;
  ASSERT_TRUE(RunUntil(*loop, done, [&] {
    loop->WatchFd(pipe.read_fd(), true, false, [&](bool readable, bool) {
      ++calls;
      EXPECT_TRUE(readable);
      // Unwatching destroys this very callback's owner entry.
      loop->WatchFd(pipe.read_fd(), false, false, nullptr);
      // Still readable (nothing read): a second call would show here.
      loop->AddTimer(absl::Milliseconds(50), [&] { done.Notify(); });
    });
    writer = std::thread([&] { pipe.Write(); });
  }));
  writer.join();
  EXPECT_EQ(calls, 1);
}

TEST(EpollEventLoopTest, RewatchReplacesCallbackAndFlags) {
  EventLoopPtr loop = NewEpollEventLoop();
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
  std::vector<std::string> events;
  absl::Notification done;
  ASSERT_TRUE(RunUntil(*loop, done, [&] {
    // Not readable yet; writable at once.
    loop->WatchFd(sv[0], true, false,
                  [&](bool, bool) { events.push_back("old"); });
    loop->WatchFd(sv[0], false, true, [&](bool readable, bool writable) {
      events.push_back(writable ? "writable" : "?");
      loop->WatchFd(sv[0], false, false, nullptr);
      done.Notify();
    });
  }));
  EXPECT_THAT(events, ElementsAre("writable"));
  close(sv[0]);
  close(sv[1]);
}

TEST(EpollEventLoopTest, CallbackUnwatchingAnotherFdSuppressesItsEvent) {
  EventLoopPtr loop = NewEpollEventLoop();
  Pipe a, b;
  a.Write();
  b.Write();  // both ready in the same epoll_wait batch
  int calls = 0;
  absl::Notification done;
  ASSERT_TRUE(RunUntil(*loop, done, [&] {
    // Whichever runs first unwatches both: the other must not run.
    auto callback = [&](bool, bool) {
      ++calls;
      loop->WatchFd(a.read_fd(), false, false, nullptr);
      loop->WatchFd(b.read_fd(), false, false, nullptr);
      loop->AddTimer(absl::Milliseconds(50), [&] { done.Notify(); });
    };
    loop->WatchFd(a.read_fd(), true, false, callback);
    loop->WatchFd(b.read_fd(), true, false, callback);
  }));
  EXPECT_EQ(calls, 1);
}

TEST(EpollEventLoopTest, NowIsWallClock) {
  EventLoopPtr loop = NewEpollEventLoop();
  absl::Time before = absl::Now();
  absl::Time now = loop->Now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, absl::Now());
}

}  // namespace
}  // namespace ndrdiag
