#include "service/store_pool.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

// No task here touches Redis, so nothing connects to this endpoint.
RedisEndpoint Nowhere() {
  RedisEndpoint e;
  e.port = 1;
  return e;
}

TEST(StorePoolTest, RefusesWhenTheQueueIsFullAndDrainsOnShutdown) {
  StorePoolOptions options;
  options.threads = 1;
  options.queue_capacity = 1;
  StorePool pool(Nowhere(), options);

  absl::Notification started, release;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.Submit([&](JobStore&) {
                    started.Notify();
                    release.WaitForNotificationWithTimeout(absl::Seconds(20));
                    ++ran;
                  })
                  .ok());
  started.WaitForNotification();  // the only thread is busy now
  ASSERT_TRUE(pool.Submit([&](JobStore&) { ++ran; }).ok());  // queued
  absl::Status full = pool.Submit([&](JobStore&) { ++ran; });
  EXPECT_EQ(full.code(), absl::StatusCode::kResourceExhausted) << full;

  release.Notify();
  pool.Shutdown();
  EXPECT_EQ(ran.load(), 2);  // the queued task ran before the threads ended
  absl::Status late = pool.Submit([&](JobStore&) { ++ran; });
  EXPECT_EQ(late.code(), absl::StatusCode::kUnavailable);
  pool.Shutdown();  // idempotent
  EXPECT_EQ(ran.load(), 2);
}

TEST(StorePoolTest, RunsTasksOnSeveralThreads) {
  StorePoolOptions options;
  options.threads = 4;
  StorePool pool(Nowhere(), options);
  // Four tasks that each wait for all four: only possible on four threads.
  // They give up after a deadline, so a broken pool fails instead of hanging.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  std::atomic<int> arrived{0};
  std::atomic<int> met{0};
  absl::Notification all_done;
  std::atomic<int> finished{0};
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(pool.Submit([&](JobStore&) {
                      ++arrived;
                      while (arrived.load() < 4 && absl::Now() < deadline) {
                        absl::SleepFor(absl::Milliseconds(1));
                      }
                      if (arrived.load() == 4) ++met;
                      if (++finished == 4) all_done.Notify();
                    })
                    .ok());
  }
  ASSERT_TRUE(all_done.WaitForNotificationWithTimeout(absl::Seconds(60)));
  EXPECT_EQ(met.load(), 4);
  pool.Shutdown();
}

}  // namespace
}  // namespace ndrdiag
