// The subcommands of `ndrdiag` and what they share.
//
// Each command takes the arguments after its name (connection flags given
// before the name are passed along too) and returns the process exit code
// (cli/exit_codes.h). Commands never touch std::cout/std::cerr directly: they
// write to CommandIo, so tests run them in-process and read what a user
// would see. Results go to `out`; errors, and progress in JSON modes, to
// `err`.
#ifndef NDRDIAG_CLI_COMMANDS_COMMAND_H_
#define NDRDIAG_CLI_COMMANDS_COMMAND_H_

#include <initializer_list>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "cli/client.h"
#include "common/flags.h"
#include "grpcpp/support/status.h"

namespace ndrdiag::cli {

struct CommandIo {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  // Progress of `diagnose --output json` goes to stderr only when a person
  // is watching it, so scripts capturing stderr see only errors.
  bool err_is_terminal = false;
};

using CommandFn = int (*)(const std::vector<std::string>& args, CommandIo& io);

struct CommandInfo {
  absl::string_view name;      // "diagnose"
  absl::string_view synopsis;  // "diagnose DOMAIN"
  absl::string_view summary;   // one line for `ndrdiag --help`
  CommandFn run;
};

// All commands, in the order `ndrdiag --help` lists them.
const std::vector<CommandInfo>& Commands();

int RunDiagnose(const std::vector<std::string>& args, CommandIo& io);
int RunGet(const std::vector<std::string>& args, CommandIo& io);
int RunList(const std::vector<std::string>& args, CommandIo& io);
int RunWatch(const std::vector<std::string>& args, CommandIo& io);
int RunCancel(const std::vector<std::string>& args, CommandIo& io);
int RunParseNdr(const std::vector<std::string>& args, CommandIo& io);

// The exit-code table shown in every --help.
extern const char kExitCodeHelp[];

// --- helpers shared by the commands ---------------------------------------

// Prints "ndrdiag: MESSAGE" and a pointer to `ndrdiag COMMAND --help` on
// io.err; returns kExitBadInput.
int UsageError(CommandIo& io, absl::string_view command,
               absl::string_view message);

// Parses `args` with `flags` and checks the connection options and that
// `positionals` arguments remain, plus at most `optional_positionals` more. On
// error reports a usage error and returns nullopt (the caller returns
// kExitBadInput).
std::optional<std::vector<std::string>> ParseCommandLine(
    FlagSet& flags, const std::vector<std::string>& args, size_t positionals,
    absl::string_view positional_names, absl::string_view command,
    const ClientOptions& client, CommandIo& io,
    size_t optional_positionals = 0);

// INVALID_ARGUMENT unless `value` is one of `choices`.
absl::Status CheckChoice(absl::string_view flag, absl::string_view value,
                         std::initializer_list<absl::string_view> choices);

// Prints the error of a failed RPC on io.err ("ndrdiag: ...") and returns its
// exit code. `name` is the diagnosis asked about, if any; `unary` says
// whether the --timeout deadline applied.
int ReportRpcError(CommandIo& io, const grpc::Status& status,
                   const Client& client, absl::string_view rpc,
                   absl::string_view name, bool unary);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_COMMANDS_COMMAND_H_
