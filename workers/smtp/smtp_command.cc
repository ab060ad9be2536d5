#include "workers/smtp/smtp_command.h"

#include "absl/strings/str_cat.h"

namespace ndrdiag {
namespace {

absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }

// Printable ASCII without space; addresses also without angle brackets.
absl::Status CheckArg(std::string_view what, std::string_view arg,
                      bool address) {
  if (arg.size() > 320) {
    return absl::InvalidArgumentError(
        absl::StrCat(AV(what), " longer than 320 bytes"));
  }
  for (char c : arg) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || (address && (c == '<' || c == '>'))) {
      return absl::InvalidArgumentError(
          absl::StrCat(AV(what), " has a character that may not be sent (byte ",
                       static_cast<int>(u), ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> FormatSmtpCommand(SmtpCommand command,
                                              std::string_view arg) {
  bool needs_arg =
      command == SmtpCommand::kEhlo || command == SmtpCommand::kRcptTo;
  bool takes_arg = needs_arg || command == SmtpCommand::kMailFrom;
  if (needs_arg && arg.empty()) {
    return absl::InvalidArgumentError("missing argument");
  }
  if (!takes_arg && !arg.empty()) {
    return absl::InvalidArgumentError("command takes no argument");
  }
  switch (command) {
    case SmtpCommand::kEhlo:
      if (absl::Status s = CheckArg("EHLO name", arg, false); !s.ok()) return s;
      return absl::StrCat("EHLO ", AV(arg));
    case SmtpCommand::kStartTls:
      return std::string("STARTTLS");
    case SmtpCommand::kMailFrom:
      if (absl::Status s = CheckArg("MAIL FROM address", arg, true); !s.ok()) {
        return s;
      }
      return absl::StrCat("MAIL FROM:<", AV(arg), ">");
    case SmtpCommand::kRcptTo:
      if (absl::Status s = CheckArg("RCPT TO address", arg, true); !s.ok()) {
        return s;
      }
      return absl::StrCat("RCPT TO:<", AV(arg), ">");
    case SmtpCommand::kRset:
      return std::string("RSET");
    case SmtpCommand::kQuit:
      return std::string("QUIT");
  }
  return absl::InvalidArgumentError("unknown command");
}

}  // namespace ndrdiag
