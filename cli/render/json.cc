#include "cli/render/json.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/json_string.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace ndrdiag::cli {

absl::StatusOr<std::string> MessageToJson(
    const google::protobuf::Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  // Scripts index fields directly (d["verdict"]["partial"]); a field that
  // vanishes when it holds its default would make them branch on absence.
  options.always_print_primitive_fields = true;
  std::string out;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print ",
                                            message.GetTypeName(),
                                            " as JSON: ", status.ToString()));
  }
  // The pretty printer ends with a newline; callers decide about newlines.
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

absl::string_view EventKind(const v1::DiagnosisEvent& event) {
  switch (event.payload_case()) {
    case v1::DiagnosisEvent::kAccepted:
      return "accepted";
    case v1::DiagnosisEvent::kCheckStarted:
      return "check_started";
    case v1::DiagnosisEvent::kCheckResult:
      return "check_result";
    case v1::DiagnosisEvent::kVerdict:
      return "verdict";
    case v1::DiagnosisEvent::kStateChange:
      return "state_change";
    case v1::DiagnosisEvent::PAYLOAD_NOT_SET:
      break;
  }
  return "unspecified";
}

absl::StatusOr<std::string> EventToJsonLine(const v1::DiagnosisEvent& event) {
  const google::protobuf::Message* payload = nullptr;
  switch (event.payload_case()) {
    case v1::DiagnosisEvent::kAccepted:
      payload = &event.accepted();
      break;
    case v1::DiagnosisEvent::kCheckStarted:
      payload = &event.check_started();
      break;
    case v1::DiagnosisEvent::kCheckResult:
      payload = &event.check_result();
      break;
    case v1::DiagnosisEvent::kVerdict:
      payload = &event.verdict();
      break;
    case v1::DiagnosisEvent::kStateChange:
      payload = &event.state_change();
      break;
    case v1::DiagnosisEvent::PAYLOAD_NOT_SET:
      break;
  }
  std::string payload_json = "{}";
  if (payload != nullptr) {
    absl::StatusOr<std::string> json = MessageToJson(*payload, false);
    if (!json.ok()) return json.status();
    payload_json = *std::move(json);
  }
  std::string time = "null";
  if (event.has_time()) {
    time = JsonQuote(google::protobuf::util::TimeUtil::ToString(event.time()));
  }
  return absl::StrCat("{\"event_id\":", JsonQuote(event.event_id()),
                      ",\"kind\":", JsonQuote(EventKind(event)),
                      ",\"diagnosis\":", JsonQuote(event.diagnosis()),
                      ",\"time\":", time, ",\"attempt\":", event.attempt(),
                      ",\"terminal\":", event.terminal() ? "true" : "false",
                      ",\"payload\":", payload_json, "}");
}

}  // namespace ndrdiag::cli
