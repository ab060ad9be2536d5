// Parses a non-delivery report as a user pastes it (Exchange Online NDR, new
// or older layout, English or Japanese labels; legacy one-liners) or as a raw
// .eml whose multipart/report carries message/delivery-status (RFC 3464).
//
// Promises: never crashes or loops on arbitrary bytes; input above
// kMaxNdrBytes is refused; the result is classified (causes, rejected_by) by
// ndr_classify.h. An input with no SMTP status at all is INVALID_ARGUMENT
// "unparseable: ..." naming what is missing.
#ifndef NDRDIAG_COMMON_NDR_NDR_PARSER_H_
#define NDRDIAG_COMMON_NDR_NDR_PARSER_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ndrdiag/v1/ndr.pb.h"

namespace ndrdiag {

// ParseNdrRequest.text's documented limit.
inline constexpr size_t kMaxNdrBytes = 256 * 1024;

absl::StatusOr<v1::NdrReport> ParseNdr(absl::string_view text);

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_NDR_NDR_PARSER_H_
