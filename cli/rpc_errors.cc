#include "cli/rpc_errors.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ndrdiag::cli {

std::string RpcErrorMessage(const grpc::Status& status,
                            const RpcErrorContext& context) {
  const std::string& detail = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      // Scripts look for "unavailable"; gRPC's own texts do not always say it.
      return absl::StrCat(
          "cannot reach ndrdiag at ", context.server, ": ",
          detail.empty() ? "unavailable"
          : absl::StrContains(absl::AsciiStrToLower(detail), "unavailable")
              ? detail
              : absl::StrCat("unavailable: ", detail));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      // gRPC's own text ("Deadline Exceeded") does not say how long we waited.
      return absl::StrCat(
          "cannot reach ndrdiag at ", context.server, ": no answer",
          context.timeout > absl::ZeroDuration()
              ? absl::StrCat(" within ", absl::FormatDuration(context.timeout))
              : "",
          " (", detail.empty() ? "deadline exceeded" : detail, ")");
    case grpc::StatusCode::NOT_FOUND:
      if (!context.name.empty()) {
        return absl::StrCat("diagnosis ", context.name, " not found");
      }
      break;
    case grpc::StatusCode::INVALID_ARGUMENT:
      if (!detail.empty()) return detail;
      break;
    default:
      break;
  }
  std::string out = absl::StrCat(context.rpc.empty() ? "" : context.rpc,
                                 context.rpc.empty() ? "" : ": ",
                                 StatusCodeName(status.error_code()));
  if (!detail.empty()) absl::StrAppend(&out, ": ", detail);
  return out;
}

}  // namespace ndrdiag::cli
