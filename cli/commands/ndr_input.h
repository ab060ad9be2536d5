// Reading a pasted NDR from a file or stdin for the commands that take one
// (parse-ndr FILE, diagnose --ndr-file FILE): one bound and one wording of
// the errors.
//
// Promises: reads at most kMaxNdrBytes + 1 bytes; a larger input is
// INVALID_ARGUMENT "<file>: larger than 256 KiB ..."; an unreadable file is
// INVALID_ARGUMENT "cannot read <file>: <errno text>". "-" is stdin.
#ifndef NDRDIAG_CLI_COMMANDS_NDR_INPUT_H_
#define NDRDIAG_CLI_COMMANDS_NDR_INPUT_H_

#include <istream>
#include <string>

#include "absl/status/statusor.h"

namespace ndrdiag::cli {

absl::StatusOr<std::string> ReadNdrInput(const std::string& path,
                                         std::istream& stdin_stream);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_COMMANDS_NDR_INPUT_H_
