// RedisSubscriber against a real redis-server: messages, subscribing while
// running, reconnecting after a Redis crash, and stopping promptly.
#include "common/redis/redis_subscriber.h"

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace ndrdiag {
namespace {

using ::testing::Contains;

RedisOptions FastOptions() {
  RedisOptions o;
  o.max_backoff = absl::Milliseconds(200);
  return o;
}

// What the callbacks saw, for the test thread to wait on.
class Recorder {
 public:
  RedisSubscriberCallbacks Callbacks() {
    return {
        .on_message =
            [this](const std::string& payload) {
              absl::MutexLock lock(&mu_);
              messages_.push_back(payload);
            },
        .on_reconnect =
            [this] {
              absl::MutexLock lock(&mu_);
              ++reconnects_;
            },
        .on_state =
            [this](bool connected) {
              absl::MutexLock lock(&mu_);
              states_.push_back(connected);
            },
    };
  }
  // Waits (10 s at most) until `done` holds; false on timeout.
  bool WaitFor(const std::function<bool(const Recorder&)>& done) {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        if (done(*this)) return true;
      }
      if (absl::Now() > deadline) return false;
      absl::SleepFor(absl::Milliseconds(10));
    }
  }
  // Predicates for WaitFor (called with the lock held).
  bool HasMessage(const std::string& m) const {
    return std::find(messages_.begin(), messages_.end(), m) != messages_.end();
  }
  bool Connected() const { return !states_.empty() && states_.back(); }
  bool Disconnected() const { return !states_.empty() && !states_.back(); }
  int reconnects() const { return reconnects_; }
  std::vector<std::string> messages() const {
    absl::MutexLock lock(&mu_);
    return messages_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<std::string> messages_;
  std::vector<bool> states_;
  int reconnects_ = 0;
};

// Runs a subscriber on its own thread; stops and joins it at the end.
class Running {
 public:
  explicit Running(RedisSubscriber& sub)
      : sub_(sub), thread_([&] {
          sub_.Run();
          absl::MutexLock lock(&mu_);
          returned_ = true;
        }) {}
  ~Running() {
    sub_.Stop();
    thread_.join();
  }
  // Stop() and wait (10 s at most) for Run() to return.
  bool StopAndWait() {
    sub_.Stop();
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&returned_), absl::Seconds(10));
  }

 private:
  RedisSubscriber& sub_;
  absl::Mutex mu_;
  bool returned_ = false;
  std::thread thread_;
};

class RedisSubscriberTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(redis_.Start().ok()); }

  void Publish(const std::string& channel, const std::string& message) {
    RedisConnection conn(redis_.endpoint(), FastOptions());
    absl::StatusOr<RedisReply> r = conn.Command({"PUBLISH", channel, message});
    ASSERT_TRUE(r.ok()) << r.status();
  }

  TestRedisServer redis_;
  Recorder rec_;
};

TEST_F(RedisSubscriberTest, DeliversMessagesOnceConnected) {
  RedisSubscriber sub(redis_.endpoint(), FastOptions(), rec_.Callbacks());
  sub.Subscribe("chan");
  Running running(sub);
  ASSERT_TRUE(rec_.WaitFor([](const Recorder& r) { return r.Connected(); }));
  Publish("chan", "job-1");
  Publish("other", "not-for-us");
  Publish("chan", std::string("bin\0ary", 7));
  ASSERT_TRUE(rec_.WaitFor([](const Recorder& r) {
    return r.HasMessage(std::string("bin\0ary", 7));
  }));
  EXPECT_THAT(rec_.messages(),
              ::testing::ElementsAre("job-1", std::string("bin\0ary", 7)));
  EXPECT_EQ(rec_.reconnects(), 0);
  EXPECT_TRUE(running.StopAndWait());
}

TEST_F(RedisSubscriberTest, SubscribeWhileRunning) {
  RedisSubscriber sub(redis_.endpoint(), FastOptions(), rec_.Callbacks());
  sub.Subscribe("a");
  Running running(sub);
  ASSERT_TRUE(rec_.WaitFor([](const Recorder& r) { return r.Connected(); }));
  sub.Subscribe("b");
  // The new subscription is sent asynchronously: publish until it lands.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (!::testing::Matches(Contains("on-b"))(rec_.messages())) {
    ASSERT_LT(absl::Now(), deadline) << "never saw the message on b";
    Publish("b", "on-b");
    absl::SleepFor(absl::Milliseconds(20));
  }
}

TEST_F(RedisSubscriberTest, ReconnectsAfterRedisCrash) {
  RedisSubscriber sub(redis_.endpoint(), FastOptions(), rec_.Callbacks());
  sub.Subscribe("chan");
  Running running(sub);
  ASSERT_TRUE(rec_.WaitFor([](const Recorder& r) { return r.Connected(); }));

  redis_.Kill();
  ASSERT_TRUE(rec_.WaitFor([](const Recorder& r) { return r.Disconnected(); }));
  ASSERT_TRUE(redis_.Start().ok());
  ASSERT_TRUE(rec_.WaitFor(
      [](const Recorder& r) { return r.Connected() && r.reconnects() == 1; }));
  Publish("chan", "after-restart");
  EXPECT_TRUE(rec_.WaitFor(
      [](const Recorder& r) { return r.HasMessage("after-restart"); }));
  EXPECT_TRUE(running.StopAndWait());
}

TEST_F(RedisSubscriberTest, StartsWhileRedisIsDownAndStopsWhileBackingOff) {
  RedisEndpoint ep = redis_.endpoint();
  ASSERT_TRUE(redis_.Stop().ok());
  RedisSubscriber sub(ep, FastOptions(), rec_.Callbacks());
  sub.Subscribe("chan");
  Running running(sub);
  ASSERT_TRUE(rec_.WaitFor([](const Recorder& r) { return r.Disconnected(); }));
  ASSERT_TRUE(redis_.Start().ok());
  // The first connection came late: messages may have been missed.
  ASSERT_TRUE(rec_.WaitFor(
      [](const Recorder& r) { return r.Connected() && r.reconnects() == 1; }));
  ASSERT_TRUE(redis_.Stop().ok());
  ASSERT_TRUE(rec_.WaitFor([](const Recorder& r) { return r.Disconnected(); }));
  EXPECT_TRUE(running.StopAndWait());
}

TEST_F(RedisSubscriberTest, StopBeforeRunReturnsAtOnce) {
  RedisSubscriber sub(redis_.endpoint(), FastOptions(), rec_.Callbacks());
  sub.Stop();
  sub.Run();  // would hang the test if Stop() were lost
  SUCCEED();
}

}  // namespace
}  // namespace ndrdiag
