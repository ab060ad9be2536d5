// The `ndrdiag` command line: global flags, command dispatch, overall help.
//
//   ndrdiag [--server HOST:PORT] [--timeout D] COMMAND [ARGS] [FLAGS]
//
// Connection flags may come before or after the command name. `ndrdiag`,
// `ndrdiag --help` and `ndrdiag help [COMMAND]` explain the commands, the
// exit codes (cli/exit_codes.h) and give examples.
#ifndef NDRDIAG_CLI_APP_H_
#define NDRDIAG_CLI_APP_H_

#include <string>
#include <vector>

#include "cli/commands/command.h"

namespace ndrdiag::cli {

// The overall help text.
std::string OverallHelp();

// Runs the command line `args` (without the program name); returns the exit
// code.
int RunCli(const std::vector<std::string>& args, CommandIo& io);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_APP_H_
