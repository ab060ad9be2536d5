// Exit codes of the `ndrdiag` command-line client.
//
// Scripts (and the end-to-end tests) branch on these, so they are part of the
// CLI's contract and documented in `ndrdiag --help`:
//
//   0  the command succeeded; a diagnosis finished, whatever its verdict
//   1  the diagnosis FAILED or was CANCELLED, was not found, or the server
//      returned any other error
//   2  bad input: unknown flag, missing argument, or INVALID_ARGUMENT from
//      the server (whose message names the field)
//   3  the server could not be reached (UNAVAILABLE, DEADLINE_EXCEEDED)
//
// The mappings here are pure functions so they are tested without a server.
#ifndef NDRDIAG_CLI_EXIT_CODES_H_
#define NDRDIAG_CLI_EXIT_CODES_H_

#include "grpcpp/support/status_code_enum.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,
  kExitBadInput = 2,
  kExitUnavailable = 3,
};

// The exit code for an RPC that ended with `code`.
ExitCode ExitCodeForStatus(grpc::StatusCode code);

// The exit code for a diagnosis observed in `state`: FAILED and CANCELLED
// are kExitFailed, everything else (including a diagnosis still running when
// `get` looked at it) is kExitOk.
ExitCode ExitCodeForState(v1::Diagnosis::State state);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_EXIT_CODES_H_
