#include <string>
#include <vector>

#include "cli/render/json.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "ndrdiag/v1/diagnosis_service.pb.h"
#include "tests/cli/sample_diagnosis.h"

namespace ndrdiag::cli {
namespace {

using ::google::protobuf::Struct;
using ::google::protobuf::util::JsonStringToMessage;
using ::google::protobuf::util::MessageDifferencer;
using ::ndrdiag::cli::testing::SampleDiagnosis;
using ::ndrdiag::cli::testing::SampleEvents;
using ::ndrdiag::cli::testing::SampleFail;
using ::testing::HasSubstr;
using ::testing::Not;

template <typename T>
T ParseJson(const std::string& json) {
  T message;
  auto status = JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return message;
}

TEST(MessageToJsonTest, DiagnosisRoundTripsThroughProtobufsParser) {
  const v1::Diagnosis diagnosis = SampleDiagnosis();
  for (bool pretty : {true, false}) {
    absl::StatusOr<std::string> json = MessageToJson(diagnosis, pretty);
    ASSERT_TRUE(json.ok()) << json.status();
    const v1::Diagnosis parsed = ParseJson<v1::Diagnosis>(*json);
    std::string diff;
    MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(diagnosis, parsed)) << diff;
    EXPECT_NE(json->back(), '\n');
    EXPECT_EQ(json->find('\n') != std::string::npos, pretty);
  }
}

TEST(MessageToJsonTest, EnumsAsNamesAndDefaultsPresent) {
  v1::Diagnosis diagnosis = SampleDiagnosis();
  diagnosis.mutable_verdict()->set_partial(false);
  absl::StatusOr<std::string> json = MessageToJson(diagnosis, false);
  ASSERT_TRUE(json.ok());
  EXPECT_THAT(*json, HasSubstr("\"state\":\"SUCCEEDED\""));
  EXPECT_THAT(*json, HasSubstr("\"cause\":\"MX_MULTIPLE\""));
  EXPECT_THAT(*json, HasSubstr("\"status\":\"FAIL\""));
  EXPECT_THAT(*json, HasSubstr("\"family\":\"DNS\""));
  // Defaults are printed so scripts can index them without checking.
  EXPECT_THAT(*json, HasSubstr("\"partial\":false"));
  EXPECT_THAT(*json, HasSubstr("\"failureReason\":\"\""));
  // Evidence keeps its structure.
  EXPECT_THAT(*json, HasSubstr("\"qtype\":\"MX\""));
  EXPECT_THAT(*json, HasSubstr("\"elapsed\":\"0.002500s\""));
  EXPECT_THAT(*json, Not(HasSubstr("\"state\":3")));
}

TEST(EventKindTest, NamesEveryPayload) {
  const std::vector<v1::DiagnosisEvent> events = SampleEvents();
  std::vector<std::string> kinds;
  for (const v1::DiagnosisEvent& e : events) {
    kinds.emplace_back(EventKind(e));
  }
  EXPECT_THAT(
      kinds, ::testing::ElementsAre("accepted", "state_change", "check_started",
                                    "check_result", "check_result",
                                    "check_result", "verdict", "state_change"));
  EXPECT_EQ(EventKind(v1::DiagnosisEvent()), "unspecified");
}

TEST(EventToJsonLineTest, WrapsThePayloadOnOneLine) {
  const std::vector<v1::DiagnosisEvent> events = SampleEvents();
  const v1::DiagnosisEvent& event = events[4];  // the FAIL result
  absl::StatusOr<std::string> line = EventToJsonLine(event);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->find('\n'), std::string::npos);
  EXPECT_EQ(line->rfind("{\"event_id\":\"5\",\"kind\":\"check_result\",", 0),
            0u)
      << *line;

  const Struct wrapper = ParseJson<Struct>(*line);
  const auto& fields = wrapper.fields();
  EXPECT_EQ(fields.at("event_id").string_value(), "5");
  EXPECT_EQ(fields.at("kind").string_value(), "check_result");
  EXPECT_EQ(fields.at("diagnosis").string_value(), "diagnoses/abc123");
  EXPECT_EQ(fields.at("time").string_value(), "2024-04-24T23:06:45Z");
  EXPECT_EQ(fields.at("attempt").number_value(), 0);
  EXPECT_FALSE(fields.at("terminal").bool_value());

  // The payload is the CheckResult in proto3 JSON.
  std::string payload_json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(fields.at("payload"),
                                                          &payload_json)
                  .ok());
  const v1::CheckResult payload = ParseJson<v1::CheckResult>(payload_json);
  EXPECT_TRUE(MessageDifferencer::Equals(payload, SampleFail()));
}

TEST(EventToJsonLineTest, EveryEventOfAStream) {
  const std::vector<v1::DiagnosisEvent> events = SampleEvents();
  for (const v1::DiagnosisEvent& event : events) {
    absl::StatusOr<std::string> line = EventToJsonLine(event);
    ASSERT_TRUE(line.ok()) << line.status();
    const Struct wrapper = ParseJson<Struct>(*line);
    EXPECT_EQ(wrapper.fields().at("kind").string_value(), EventKind(event));
    EXPECT_EQ(wrapper.fields().at("terminal").bool_value(), event.terminal());
  }
  // The terminal state change.
  const Struct last = ParseJson<Struct>(*EventToJsonLine(events.back()));
  const Struct& payload = last.fields().at("payload").struct_value();
  EXPECT_EQ(payload.fields().at("state").string_value(), "SUCCEEDED");
  // The accepted event carries the created diagnosis.
  const Struct first = ParseJson<Struct>(*EventToJsonLine(events.front()));
  const Struct& diagnosis = first.fields()
                                .at("payload")
                                .struct_value()
                                .fields()
                                .at("diagnosis")
                                .struct_value();
  EXPECT_EQ(diagnosis.fields().at("name").string_value(), "diagnoses/abc123");
  EXPECT_EQ(diagnosis.fields().at("state").string_value(), "QUEUED");
}

TEST(EventToJsonLineTest, EventWithoutPayloadOrTime) {
  v1::DiagnosisEvent event;
  event.set_event_id("9-0");
  absl::StatusOr<std::string> line = EventToJsonLine(event);
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(*line,
            "{\"event_id\":\"9-0\",\"kind\":\"unspecified\",\"diagnosis\":\"\","
            "\"time\":null,\"attempt\":0,\"terminal\":false,\"payload\":{}}");
}

TEST(JsonQuoteTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuote("l1\nl2\tx\r"), "\"l1\\nl2\\tx\\r\"");
  EXPECT_EQ(JsonQuote(std::string("\x01", 1)), "\"\\u0001\"");
  EXPECT_EQ(JsonQuote("診断"), "\"診断\"");
  const Struct parsed =
      ParseJson<Struct>("{\"k\":" + JsonQuote("q\"\\\n\x02 診断") + "}");
  EXPECT_EQ(parsed.fields().at("k").string_value(), "q\"\\\n\x02 診断");
}

}  // namespace
}  // namespace ndrdiag::cli
