#include "cli/commands/command.h"

#include <ostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/exit_codes.h"
#include "cli/rpc_errors.h"

namespace ndrdiag::cli {

const char kExitCodeHelp[] =
    "Exit codes:\n"
    "  0  success; for diagnose, watch and get: the diagnosis finished\n"
    "     (whatever its verdict) or, for get, is still queued or running\n"
    "  1  the diagnosis FAILED or was CANCELLED, it was not found, or the\n"
    "     server returned another error\n"
    "  2  bad input: unknown flag, missing or extra argument, or the server\n"
    "     rejected an argument (INVALID_ARGUMENT; the message names the "
    "field)\n"
    "  3  the server cannot be reached (UNAVAILABLE, or no answer before the\n"
    "     deadline)";

const std::vector<CommandInfo>& Commands() {
  static const auto* const kCommands = new std::vector<CommandInfo>{
      {"diagnose", "diagnose DOMAIN",
       "Run a diagnosis; show each check as it completes, then the verdict.",
       &RunDiagnose},
      {"get", "get NAME", "Show a diagnosis: its results and verdict.",
       &RunGet},
      {"list", "list", "List your diagnoses, newest first.", &RunList},
      {"watch", "watch NAME",
       "Follow a diagnosis's events until it finishes (resumable).", &RunWatch},
      {"cancel", "cancel NAME", "Cancel a queued or running diagnosis.",
       &RunCancel},
      {"parse-ndr", "parse-ndr FILE",
       "Parse a pasted non-delivery report (FILE, or - for stdin).",
       &RunParseNdr},
  };
  return *kCommands;
}

int UsageError(CommandIo& io, absl::string_view command,
               absl::string_view message) {
  io.err << "ndrdiag: " << message << "\n";
  // FlagSet's own messages already point at --help.
  if (!absl::StrContains(message, "--help")) {
    io.err << "(see: ndrdiag " << command << " --help)\n";
  }
  return kExitBadInput;
}

std::optional<std::vector<std::string>> ParseCommandLine(
    FlagSet& flags, const std::vector<std::string>& args, size_t positionals,
    absl::string_view positional_names, absl::string_view command,
    const ClientOptions& client, CommandIo& io, size_t optional_positionals) {
  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(args);
  if (!rest.ok()) {
    UsageError(io, command, rest.status().message());
    return std::nullopt;
  }
  // FlagSet takes "-x" for a positional; no DOMAIN, NAME or FILE starts
  // with a dash ("-" alone is stdin), so it can only be a mistyped flag.
  for (const std::string& arg : *rest) {
    if (arg.size() > 1 && arg[0] == '-') {
      UsageError(io, command, absl::StrCat("unknown flag ", arg));
      return std::nullopt;
    }
  }
  if (rest->size() < positionals) {
    UsageError(
        io, command,
        absl::StrCat("missing argument ", positional_names, " (usage: ndrdiag ",
                     command, " ", positional_names, " [flags])"));
    return std::nullopt;
  }
  const size_t most = positionals + optional_positionals;
  if (rest->size() > most) {
    std::vector<std::string> extra(rest->begin() + most, rest->end());
    UsageError(io, command,
               absl::StrCat("unexpected argument", extra.size() > 1 ? "s" : "",
                            " ", absl::StrJoin(extra, " ")));
    return std::nullopt;
  }
  if (absl::Status s = ValidateClientOptions(client); !s.ok()) {
    UsageError(io, command, s.message());
    return std::nullopt;
  }
  return *std::move(rest);
}

absl::Status CheckChoice(absl::string_view flag, absl::string_view value,
                         std::initializer_list<absl::string_view> choices) {
  for (absl::string_view choice : choices) {
    if (value == choice) return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": \"", value,
                                                 "\" is not one of ",
                                                 absl::StrJoin(choices, ", ")));
}

int ReportRpcError(CommandIo& io, const grpc::Status& status,
                   const Client& client, absl::string_view rpc,
                   absl::string_view name, bool unary) {
  RpcErrorContext context{
      rpc, client.options().server, name,
      unary ? client.options().timeout : absl::ZeroDuration()};
  io.err << "ndrdiag: " << RpcErrorMessage(status, context) << "\n";
  return ExitCodeForStatus(status.error_code());
}

}  // namespace ndrdiag::cli
