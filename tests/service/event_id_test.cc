#include "gtest/gtest.h"
#include "service/event_pump.h"

namespace ndrdiag {
namespace {

TEST(EventIdLessTest, OrdersStreamIdsNumerically) {
  EXPECT_TRUE(EventIdLess("", "1-0"));
  EXPECT_FALSE(EventIdLess("1-0", ""));
  EXPECT_FALSE(EventIdLess("", ""));
  EXPECT_TRUE(EventIdLess("9-0", "10-0"));
  EXPECT_TRUE(EventIdLess("10-2", "10-10"));
  EXPECT_FALSE(EventIdLess("10-10", "10-10"));
  EXPECT_FALSE(EventIdLess("11-0", "10-99"));
}

}  // namespace
}  // namespace ndrdiag
