// libFuzzer target for the NDR parser (common/ndr/ndr_parser.h): any bytes a
// user pastes or uploads (an Exchange Online NDR, a legacy one-liner, a raw
// .eml with its MIME parts) go to ParseNdr, which promises to return on
// arbitrary bytes, not crash or loop. A refusal must say why (the CLI and the
// RPC show the message to the user).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/ndr/ndr_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<ndrdiag::v1::NdrReport> report = ndrdiag::ParseNdr(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  if (!report.ok() && report.status().message().empty()) abort();
  return 0;
}
