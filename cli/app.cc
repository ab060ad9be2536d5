#include "cli/app.h"

#include <ostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/client.h"
#include "cli/exit_codes.h"

namespace ndrdiag::cli {
namespace {

const CommandInfo* FindCommand(absl::string_view name) {
  for (const CommandInfo& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

// Flags that belong to every command and so may precede its name.
bool IsConnectionFlag(absl::string_view arg, bool& takes_next) {
  for (absl::string_view flag : {"--server", "--timeout"}) {
    if (arg == flag) {
      takes_next = true;
      return true;
    }
    if (absl::StartsWith(arg, absl::StrCat(flag, "="))) {
      takes_next = false;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string OverallHelp() {
  std::string out =
      "ndrdiag - find out why mail to an Exchange Online domain bounces "
      "with NDR 5.4.1.\n\n"
      "Usage: ndrdiag [--server HOST:PORT] [--timeout DURATION] COMMAND "
      "[ARGS] [FLAGS]\n\n"
      "Commands:\n";
  for (const CommandInfo& command : Commands()) {
    absl::StrAppendFormat(&out, "  %-17s %s\n", command.synopsis,
                          command.summary);
  }
  absl::StrAppendFormat(&out, "  %-17s %s\n", "help [COMMAND]",
                        "Show this help, or a command's flags and examples.");
  absl::StrAppend(
      &out,
      "\nNAME is a diagnosis resource name, diagnoses/ID, or just the ID.\n\n"
      "Connection flags (before or after the command):\n"
      "  --server HOST:PORT  The ndrdiag frontend [default: ",
      kDefaultServer,
      "]\n"
      "                      env: NDRDIAG_SERVER\n"
      "  --timeout DURATION  Deadline of each unary call [default: 10s]\n"
      "                      env: NDRDIAG_TIMEOUT\n\n",
      kExitCodeHelp,
      "\n\n"
      "Examples:\n"
      "  ndrdiag diagnose contoso.com\n"
      "  ndrdiag diagnose contoso.com --locale ja\n"
      "  ndrdiag diagnose contoso.com --output json > diagnosis.json\n"
      "  ndrdiag --server ndrdiag.internal:50051 list --filter \"state = "
      "RUNNING\"\n"
      "  ndrdiag watch diagnoses/01HV6Z3K2B8Q --output jsonl\n"
      "  ndrdiag help diagnose\n");
  return out;
}

int RunCli(const std::vector<std::string>& args, CommandIo& io) {
  std::vector<std::string> leading;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      io.out << OverallHelp();
      return kExitOk;
    }
    bool takes_next = false;
    if (IsConnectionFlag(arg, takes_next)) {
      leading.push_back(arg);
      if (takes_next) {
        if (i + 1 >= args.size()) {
          io.err << "ndrdiag: " << arg << " needs a value\n";
          return kExitBadInput;
        }
        leading.push_back(args[++i]);
      }
      continue;
    }
    if (absl::StartsWith(arg, "-")) {
      io.err << "ndrdiag: unknown flag " << arg
             << " before the command (see: ndrdiag --help)\n";
      return kExitBadInput;
    }
    break;
  }
  if (i >= args.size()) {
    io.err << "ndrdiag: missing command\n\n" << OverallHelp();
    return kExitBadInput;
  }
  const std::string& name = args[i];
  std::vector<std::string> rest = leading;
  rest.insert(rest.end(), args.begin() + static_cast<long>(i) + 1, args.end());

  if (name == "help") {
    if (rest.empty()) {
      io.out << OverallHelp();
      return kExitOk;
    }
    if (FindCommand(rest.back()) == nullptr) {
      io.err << "ndrdiag: unknown command \"" << rest.back()
             << "\" (see: ndrdiag --help)\n";
      return kExitBadInput;
    }
    // The command's FlagSet prints its own help and exits 0.
    return FindCommand(rest.back())->run({"--help"}, io);
  }
  const CommandInfo* command = FindCommand(name);
  if (command == nullptr) {
    io.err << "ndrdiag: unknown command \"" << name
           << "\" (see: ndrdiag --help)\n";
    return kExitBadInput;
  }
  return command->run(rest, io);
}

}  // namespace ndrdiag::cli
