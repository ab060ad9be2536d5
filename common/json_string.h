// JSON string literals for the hand-built JSON lines (logs, jsonl output).
//
// Escapes what RFC 8259 requires (quote, backslash, control characters);
// UTF-8 passes through unchanged, as JSON text is UTF-8.
#ifndef NDRDIAG_COMMON_JSON_STRING_H_
#define NDRDIAG_COMMON_JSON_STRING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace ndrdiag {

// Appends `text` as a quoted JSON string to `out`.
void AppendJsonString(std::string& out, absl::string_view text);

// `text` as a quoted JSON string.
std::string JsonQuote(absl::string_view text);

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_JSON_STRING_H_
