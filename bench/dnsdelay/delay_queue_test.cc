#include "bench/dnsdelay/delay_queue.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag::dnsdelay {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using TimePoint = std::chrono::steady_clock::time_point;
using std::chrono::milliseconds;

TEST(DelayQueueTest, NothingComesOutBeforeItsTime) {
  DelayQueue<std::string> queue;
  const TimePoint t0;
  EXPECT_FALSE(queue.NextDue());
  queue.Push(t0 + milliseconds(100), "a");
  EXPECT_EQ(queue.NextDue(), t0 + milliseconds(100));
  EXPECT_THAT(queue.PopDue(t0 + milliseconds(99)), IsEmpty());
  EXPECT_THAT(queue.PopDue(t0 + milliseconds(100)), ElementsAre("a"));
  EXPECT_TRUE(queue.empty());
}

TEST(DelayQueueTest, EarliestFirstAndPushOrderOnTies) {
  DelayQueue<std::string> queue;
  const TimePoint t0;
  queue.Push(t0 + milliseconds(30), "late");
  queue.Push(t0 + milliseconds(10), "tie1");
  queue.Push(t0 + milliseconds(10), "tie2");
  queue.Push(t0 + milliseconds(20), "middle");
  queue.Push(t0 + milliseconds(10), "tie3");
  EXPECT_THAT(queue.PopDue(t0 + milliseconds(25)),
              ElementsAre("tie1", "tie2", "tie3", "middle"));
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue.NextDue(), t0 + milliseconds(30));
}

TEST(DelayQueueTest, PopDueHonoursItsLimit) {
  DelayQueue<int> queue;
  const TimePoint t0;
  for (int i = 0; i < 10; ++i) queue.Push(t0, i);
  EXPECT_THAT(queue.PopDue(t0, 3), ElementsAre(0, 1, 2));
  EXPECT_EQ(queue.size(), 7u);
}

}  // namespace
}  // namespace ndrdiag::dnsdelay
