// How the CLI reports a failed RPC: one line for stderr and an exit code.
//
// The wording is relied on by users' scripts and the end-to-end tests:
//   UNAVAILABLE / DEADLINE_EXCEEDED  "cannot reach ndrdiag at HOST:PORT: ..."
//   NOT_FOUND (with a name)          "diagnosis diagnoses/ID not found"
//   INVALID_ARGUMENT                 the server's message (it names the field)
//   anything else                    "RPC: CODE: message"
// Pure, so it is tested without a server.
#ifndef NDRDIAG_CLI_RPC_ERRORS_H_
#define NDRDIAG_CLI_RPC_ERRORS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cli/exit_codes.h"
#include "common/grpc_status_name.h"
#include "grpcpp/support/status.h"

namespace ndrdiag::cli {

using ::ndrdiag::StatusCodeName;

struct RpcErrorContext {
  absl::string_view rpc;     // "GetDiagnosis"
  absl::string_view server;  // --server
  absl::string_view name;    // the diagnosis asked about, if any
  absl::Duration timeout;    // the deadline that applied, if any
};

// The message for `status` (not OK), without a trailing newline or prefix.
std::string RpcErrorMessage(const grpc::Status& status,
                            const RpcErrorContext& context);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_RPC_ERRORS_H_
