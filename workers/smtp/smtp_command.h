// SmtpCommand: the only commands a probe session can send.
//
// The probe must never start a mail transaction's content (CHECKS.md §3), so
// commands are a closed enum without DATA, BDAT or anything else, and the
// one function that turns them into bytes refuses arguments that could
// smuggle a second command in (CR, LF, NUL, other control bytes, spaces or
// angle brackets in an address). Nothing else in workers/smtp/ writes to a
// server socket.
#ifndef NDRDIAG_WORKERS_SMTP_SMTP_COMMAND_H_
#define NDRDIAG_WORKERS_SMTP_SMTP_COMMAND_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ndrdiag {

enum class SmtpCommand {
  kEhlo,      // EHLO <helo name>
  kStartTls,  // STARTTLS
  kMailFrom,  // MAIL FROM:<address> ("" -> "<>")
  kRcptTo,    // RCPT TO:<address>
  kRset,      // RSET
  kQuit,      // QUIT
};

// The command line without CRLF, e.g. "RCPT TO:<a@example.com>".
// INVALID_ARGUMENT when `arg` is unsafe or missing (an EHLO name or RCPT
// address is required; STARTTLS, RSET and QUIT take none).
absl::StatusOr<std::string> FormatSmtpCommand(SmtpCommand command,
                                              std::string_view arg);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_SMTP_SMTP_COMMAND_H_
