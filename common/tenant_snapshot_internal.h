// The two steps of common/tenant_snapshot.h's loader, apart so that tests
// and the fuzz corpus can reach them: turning the bytes PowerShell wrote into
// UTF-8, and rewriting generic JSON (google.protobuf.Value) into the shape
// protobuf's JSON parser expects for a message type.
#ifndef NDRDIAG_COMMON_TENANT_SNAPSHOT_INTERNAL_H_
#define NDRDIAG_COMMON_TENANT_SNAPSHOT_INTERNAL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"

namespace ndrdiag::snapshot_internal {

// UTF-8 text of `bytes`: a UTF-8 BOM is dropped, UTF-16LE/BE (with a BOM, or
// recognisable by a NUL in the first two bytes) is converted. INVALID_ARGUMENT
// for malformed UTF-16, UTF-32 or text that is not UTF-8 (e.g. a file saved
// as Windows-1252), naming the byte offset.
absl::StatusOr<std::string> DecodeToUtf8(absl::string_view bytes);

// Rewrites `json` (an object) for `type`: keys become the fields' json_names
// (matched exactly, by proto name, or ignoring case), unknown keys and nulls
// are dropped, single values become one-element lists, PowerShell's
// {"value": [...]} array wrappers and "AdditionalProperties" bags are
// unwrapped, timestamps become RFC 3339 UTC, "True"/"3600" strings become
// booleans and numbers. The result parses with JsonStringToMessage. Errors
// are INVALID_ARGUMENT "<path>: <reason>" with the path spelled as in the
// input ("exo.outboundConnectors[1].Enabled").
absl::StatusOr<google::protobuf::Value> NormalizeForMessage(
    const google::protobuf::Value& json,
    const google::protobuf::Descriptor& type);

// A PowerShell or ISO 8601 date string as RFC 3339 UTC
// ("2026-11-27T10:00:00.123456700Z"), or INVALID_ARGUMENT without a path
// (the caller adds it) when it is not a date between the years 1 and 9999.
absl::StatusOr<std::string> NormalizeTimestamp(absl::string_view text);

}  // namespace ndrdiag::snapshot_internal

#endif  // NDRDIAG_COMMON_TENANT_SNAPSHOT_INTERNAL_H_
