// Machine-readable rendering: proto3 JSON (protobuf's own printer).
//
// What scripts and the end-to-end tests parse, so the shape is fixed:
//   - messages print as canonical proto3 JSON: lowerCamelCase field names,
//     enum values as names, every scalar and repeated field present even
//     when it holds its default (so `verdict.partial` is always there);
//     JsonStringToMessage reads them back unchanged.
//   - a watch event is one line (JSON Lines), wrapping the event's payload:
//       {"event_id":"...","kind":"check_result","diagnosis":"diagnoses/ID",
//        "time":"...","attempt":1,"terminal":false,"payload":{...}}
//     kind is "accepted", "check_started", "check_result", "verdict",
//     "state_change" (or "unspecified" for an event without payload); the
//     payload is that oneof member in proto3 JSON ({} when unset).
#ifndef NDRDIAG_CLI_RENDER_JSON_H_
#define NDRDIAG_CLI_RENDER_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/json_string.h"
#include "google/protobuf/message.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag::cli {

using ::ndrdiag::JsonQuote;

// `message` as proto3 JSON; indented over several lines when `pretty`,
// one line otherwise. No trailing newline.
absl::StatusOr<std::string> MessageToJson(
    const google::protobuf::Message& message, bool pretty);

// The `kind` of an event as printed in JSON Lines output.
absl::string_view EventKind(const v1::DiagnosisEvent& event);

// One JSON Lines record for `event` (no trailing newline).
absl::StatusOr<std::string> EventToJsonLine(const v1::DiagnosisEvent& event);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_RENDER_JSON_H_
