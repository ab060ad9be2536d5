#include "bench/chaos/tally.h"

#include "bench/chaos/event_id.h"
#include "gtest/gtest.h"

namespace ndrdiag::chaos {
namespace {

using v1::Diagnosis;

// A job that went right: acknowledged, three events, one terminal, the same
// events in Redis.
JobOutcome Good(Diagnosis::State state = Diagnosis::SUCCEEDED,
                int attempt = 1) {
  JobOutcome job;
  job.caller.acknowledged = true;
  job.caller.job_id = "j";
  job.caller.event_ids = {"1-0", "1-1", "2-0"};
  job.caller.terminal_events = 1;
  job.caller.terminal_state = state;
  StoreView store;
  store.state = state;
  store.attempt = attempt;
  store.event_ids = job.caller.event_ids;
  store.terminal_events = 1;
  job.store = store;
  return job;
}

TEST(TallyTest, CountsOutcomesByFinalState) {
  Summary s = Tally({Good(), Good(Diagnosis::FAILED, 3),
                     Good(Diagnosis::CANCELLED, 2), Good()},
                    0, 0, 12.34);
  EXPECT_EQ(s.submitted, 4);
  EXPECT_EQ(s.succeeded, 2);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.cancelled, 1);
  EXPECT_EQ(s.lost, 0);
  EXPECT_EQ(s.duplicate_terminal, 0);
  EXPECT_EQ(s.max_attempts, 3);
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(SummaryLine(s),
            "submitted=4 succeeded=2 failed=1 cancelled=1 lost=0 "
            "duplicate_terminal=0 max_attempts=3 elapsed_s=12.3 violations=0");
  EXPECT_EQ(SummaryDetails(s), "none");
}

TEST(TallyTest, EachKindOfLostJobCountsOnceAndNotAsAnOutcome) {
  JobOutcome unacknowledged;
  JobOutcome missing = Good();
  missing.store.reset();
  JobOutcome pending = Good();
  pending.caller.terminal_events = 0;
  pending.caller.terminal_state = Diagnosis::STATE_UNSPECIFIED;
  pending.store->state = Diagnosis::RUNNING;
  pending.store->terminal_events = 0;
  JobOutcome unseen = Good();
  unseen.caller.terminal_events = 0;

  Summary s =
      Tally({unacknowledged, missing, pending, unseen, Good()}, 0, 0, 1);
  EXPECT_EQ(s.lost, 4);
  EXPECT_EQ(s.lost_unacknowledged, 1);
  EXPECT_EQ(s.lost_missing_in_redis, 1);
  EXPECT_EQ(s.lost_not_terminal, 1);
  EXPECT_EQ(s.lost_only_in_redis, 1);
  EXPECT_EQ(s.succeeded, 1);
  EXPECT_FALSE(s.ok());
}

TEST(TallyTest, DuplicateTerminalFromCallerOrStoreCountsTheJobOnce) {
  JobOutcome seen_twice = Good();
  seen_twice.caller.terminal_events = 2;
  JobOutcome stored_twice = Good();
  stored_twice.store->terminal_events = 2;
  JobOutcome both = Good();
  both.caller.terminal_events = 2;
  both.store->terminal_events = 2;
  Summary s = Tally({seen_twice, stored_twice, both}, 0, 0, 1);
  EXPECT_EQ(s.duplicate_terminal, 3);
  EXPECT_EQ(s.lost, 0);
  EXPECT_FALSE(s.ok());
}

TEST(TallyTest, ViolationsAreCountedAndFailTheRun) {
  JobOutcome repeated = Good();
  repeated.caller.repeated_ids = 2;
  JobOutcome gap = Good();
  gap.store->event_ids.push_back("3-0");
  JobOutcome mismatch = Good();
  mismatch.store->state = Diagnosis::FAILED;
  JobOutcome pending_left = Good();
  pending_left.store->pending_entries = 1;
  Summary s = Tally({repeated, gap, mismatch, pending_left}, 1, 1, 1);
  EXPECT_EQ(s.repeated_ids, 2);
  EXPECT_EQ(s.gaps, 1);
  EXPECT_EQ(s.state_mismatch, 1);
  EXPECT_EQ(s.pending_left, 1);
  EXPECT_EQ(s.violations(), 2 + 1 + 1 + 1 + 1 + 1);
  EXPECT_EQ(s.lost, 0);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(SummaryDetails(s),
            "repeated_ids=2 gaps=1 state_mismatch=1 pending_left=1 "
            "extra_jobs=1 orphan_pending=1");
}

TEST(EventIdTest, ParsesStreamIdsOnly) {
  EXPECT_EQ(ParseEventId("1700000000000-3"), EventId(1700000000000, 3));
  EXPECT_LT(*ParseEventId("9-1"), *ParseEventId("10-0"));
  EXPECT_LT(*ParseEventId("10-0"), *ParseEventId("10-1"));
  EXPECT_FALSE(ParseEventId(""));
  EXPECT_FALSE(ParseEventId("12"));
  EXPECT_FALSE(ParseEventId("-1"));
  EXPECT_FALSE(ParseEventId("1-"));
  EXPECT_FALSE(ParseEventId("1-+2"));
  EXPECT_FALSE(ParseEventId("a-1"));
}

}  // namespace
}  // namespace ndrdiag::chaos
