#include "cli/exit_codes.h"

namespace ndrdiag::cli {

ExitCode ExitCodeForStatus(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::INVALID_ARGUMENT:
      return kExitBadInput;
    // DEADLINE_EXCEEDED is how a server that never answers shows up (a
    // blackholed address, a hung frontend): for the caller it is unreachable.
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kExitUnavailable;
    default:
      return kExitFailed;
  }
}

ExitCode ExitCodeForState(v1::Diagnosis::State state) {
  switch (state) {
    case v1::Diagnosis::FAILED:
    case v1::Diagnosis::CANCELLED:
      return kExitFailed;
    default:
      return kExitOk;
  }
}

}  // namespace ndrdiag::cli
