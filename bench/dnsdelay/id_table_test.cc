#include "bench/dnsdelay/id_table.h"

#include <set>

#include "gtest/gtest.h"

namespace ndrdiag::dnsdelay {
namespace {

PendingQuery Query(uint16_t client_id, const std::string& question,
                   Clock::time_point sent = Clock::time_point()) {
  PendingQuery query;
  query.client_id = client_id;
  query.question = question;
  query.sent = sent;
  return query;
}

TEST(IdTableTest, TakeReturnsTheQueryOnceForItsIdAndQuestion) {
  IdTable table;
  std::optional<uint16_t> a = table.Allocate(Query(7, "a"));
  std::optional<uint16_t> b = table.Allocate(Query(7, "b"));
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(table.in_flight(), 2u);

  std::optional<PendingQuery> got = table.Take(*b, "b");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->client_id, 7);
  EXPECT_EQ(got->question, "b");
  EXPECT_FALSE(table.Take(*b, "b")) << "an answer is delivered once";
  EXPECT_EQ(table.in_flight(), 1u);
}

TEST(IdTableTest, AnAnswerWithAnotherQuestionIsNotMatched) {
  IdTable table;
  std::optional<uint16_t> id = table.Allocate(Query(1, "example.com/MX"));
  ASSERT_TRUE(id);
  EXPECT_FALSE(table.Take(*id, "example.com/A"));
  EXPECT_FALSE(table.Take(static_cast<uint16_t>(*id + 1), "example.com/MX"));
  EXPECT_TRUE(table.Take(*id, "example.com/MX")) << "the entry stayed";
}

TEST(IdTableTest, AllIdsInFlightThenAllocateFails) {
  IdTable table;
  std::set<uint16_t> ids;
  for (int i = 0; i < 65536; ++i) {
    std::optional<uint16_t> id = table.Allocate(Query(0, "q"));
    ASSERT_TRUE(id) << i;
    ids.insert(*id);
  }
  EXPECT_EQ(ids.size(), 65536u) << "no live id is handed out twice";
  EXPECT_FALSE(table.Allocate(Query(0, "q")));
  ASSERT_TRUE(table.Take(*ids.begin(), "q"));
  EXPECT_EQ(table.Allocate(Query(0, "q")), *ids.begin());
}

TEST(IdTableTest, AFreedIdIsNotReusedSoon) {
  IdTable table;
  std::optional<uint16_t> first = table.Allocate(Query(0, "q"));
  ASSERT_TRUE(first);
  ASSERT_TRUE(table.Take(*first, "q"));
  for (int i = 0; i < 1000; ++i) {
    std::optional<uint16_t> id = table.Allocate(Query(0, "q"));
    ASSERT_TRUE(id);
    EXPECT_NE(*id, *first);
    ASSERT_TRUE(table.Take(*id, "q"));
  }
}

TEST(IdTableTest, ExpireDropsOnlyQueriesSentBeforeTheCutoff) {
  IdTable table;
  const Clock::time_point t0 = Clock::time_point() + std::chrono::seconds(10);
  std::optional<uint16_t> old1 = table.Allocate(Query(1, "q", t0));
  std::optional<uint16_t> taken = table.Allocate(Query(2, "q", t0));
  std::optional<uint16_t> fresh =
      table.Allocate(Query(3, "q", t0 + std::chrono::seconds(5)));
  ASSERT_TRUE(old1 && taken && fresh);
  ASSERT_TRUE(table.Take(*taken, "q"));

  EXPECT_EQ(table.ExpireBefore(t0 + std::chrono::seconds(1)), 1u);
  EXPECT_EQ(table.in_flight(), 1u);
  EXPECT_FALSE(table.Take(*old1, "q")) << "expired";
  EXPECT_TRUE(table.Take(*fresh, "q"));
  EXPECT_EQ(table.ExpireBefore(t0 + std::chrono::seconds(60)), 0u);
}

}  // namespace
}  // namespace ndrdiag::dnsdelay
