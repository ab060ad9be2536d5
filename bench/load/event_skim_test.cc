#include "bench/load/event_skim.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace ndrdiag::bench {
namespace {

v1::DiagnosisEvent Stamped(int64_t seconds, int32_t nanos) {
  v1::DiagnosisEvent e;
  e.set_event_id("1700000000000-3");
  e.set_diagnosis("diagnoses/abc");
  e.set_attempt(2);
  e.mutable_time()->set_seconds(seconds);
  e.mutable_time()->set_nanos(nanos);
  return e;
}

v1::DiagnosisEvent Result() {
  v1::DiagnosisEvent e = Stamped(1700000000, 123456789);
  v1::CheckResult& r = *e.mutable_check_result();
  r.set_check_id("dns.mx.present");
  r.set_status(v1::FAIL);
  r.set_message(std::string(3000, 'm'));  // a length prefix of two bytes
  return e;
}

TEST(EventSkimTest, ReadsWhatAFullParseReads) {
  std::vector<EventFacts> out;
  ASSERT_TRUE(SkimEvents(Result().SerializeAsString(), false, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, v1::DiagnosisEvent::kCheckResult);
  EXPECT_TRUE(out[0].has_time);
  EXPECT_EQ(out[0].seconds, 1700000000);
  EXPECT_EQ(out[0].nanos, 123456789);
  EXPECT_FALSE(out[0].terminal);
}

TEST(EventSkimTest, LaterValuesWinAsInAMerge) {
  // How the frontend sends a stored event: its bytes, then event_id and
  // terminal appended.
  v1::DiagnosisEvent stored = Stamped(5, 0);
  stored.mutable_state_change()->set_state(v1::Diagnosis::SUCCEEDED);
  v1::DiagnosisEvent suffix;
  suffix.set_event_id("9-9");
  suffix.set_terminal(true);
  const std::string wire =
      stored.SerializeAsString() + suffix.SerializeAsString();
  v1::DiagnosisEvent parsed;
  ASSERT_TRUE(parsed.ParseFromString(wire));
  std::vector<EventFacts> out;
  ASSERT_TRUE(SkimEvents(wire, false, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, parsed.payload_case());
  EXPECT_EQ(out[0].state, parsed.state_change().state());
  EXPECT_EQ(out[0].terminal, parsed.terminal());
  EXPECT_TRUE(out[0].terminal);
}

TEST(EventSkimTest, ABatchIsItsEventsInOrder) {
  v1::DiagnosisEventBatch batch;
  *batch.add_events() = Stamped(1, 1);
  batch.mutable_events(0)->mutable_accepted();
  *batch.add_events() = Result();
  *batch.add_events() = Stamped(3, 3);
  batch.mutable_events(2)->mutable_state_change()->set_state(
      v1::Diagnosis::FAILED);
  batch.mutable_events(2)->set_terminal(true);
  std::vector<EventFacts> out;
  ASSERT_TRUE(SkimEvents(batch.SerializeAsString(), true, out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].payload, v1::DiagnosisEvent::kAccepted);
  EXPECT_EQ(out[0].seconds, 1);
  EXPECT_EQ(out[1].payload, v1::DiagnosisEvent::kCheckResult);
  EXPECT_EQ(out[2].payload, v1::DiagnosisEvent::kStateChange);
  EXPECT_EQ(out[2].state, v1::Diagnosis::FAILED);
  EXPECT_TRUE(out[2].terminal);
  EXPECT_FALSE(out[1].terminal);

  out.clear();
  EXPECT_TRUE(SkimEvents("", true, out));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(SkimEvents("", false, out));  // an empty event parses
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].has_time);
  EXPECT_EQ(out[0].payload, v1::DiagnosisEvent::PAYLOAD_NOT_SET);
}

TEST(EventSkimTest, BytesThatDoNotParseAreRefused) {
  const std::string event = Result().SerializeAsString();
  v1::DiagnosisEventBatch batch;
  *batch.add_events() = Result();
  const std::string batched = batch.SerializeAsString();
  std::vector<EventFacts> out;
  // Cut anywhere inside the result's message: a length runs past the end.
  for (size_t cut : {event.size() - 1, event.size() / 2, size_t{3}}) {
    EXPECT_FALSE(SkimEvents(event.substr(0, cut), false, out)) << cut;
    EXPECT_FALSE(SkimEvents(batched.substr(0, cut), true, out)) << cut;
  }
  EXPECT_FALSE(SkimEvents(std::string("\x1b", 1), false, out));      // group
  EXPECT_FALSE(SkimEvents(std::string("\x28\xff", 2), false, out));  // varint
  EXPECT_FALSE(SkimEvents(std::string("\x00\x01", 2), false, out));  // tag 0
  // An unknown field (127, a varint) is skipped, as a full parse keeps it
  // aside.
  out.clear();
  EXPECT_TRUE(SkimEvents(std::string("\xf8\x07\x01", 3), false, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].has_time);
}

}  // namespace
}  // namespace ndrdiag::bench
