// SmtpReplyParser: turns the bytes an SMTP server sends into SmtpReply values
// (RFC 5321 §4.2), incrementally, without I/O.
//
// Bytes arrive in arbitrary pieces; Feed() buffers them and completes a reply
// at its last line ("NNN text" after any "NNN-text" continuation lines). It
// promises:
//   - every line is bounded (limits.max_line_length, CR/LF not counted) and
//     every reply in line count (limits.max_reply_lines); a server that
//     exceeds either, sends a line that is not "NNN[ -]...", or changes the
//     code inside a multi-line reply puts the parser in a sticky error state;
//   - CRLF and bare LF both end a line;
//   - the RFC 3463 enhanced status code is taken from the first line when it
//     is well formed and its class matches the reply code's first digit;
//   - line text is made printable ASCII (other bytes become "\xNN") so it can
//     go into proto string fields and logs unchanged.
// Every line seen (also the offending one, cut and marked "...[truncated]"
// when too long) is handed out by TakeLines() for the transcript.
//
//   SmtpReplyParser parser({});
//   absl::Status s = parser.Feed("250-mx.example.com\r\n250 SIZE 1000\r\n");
//   std::optional<SmtpReply> reply = parser.Next();  // code 250, two lines
#ifndef NDRDIAG_WORKERS_SMTP_SMTP_REPLY_PARSER_H_
#define NDRDIAG_WORKERS_SMTP_SMTP_REPLY_PARSER_H_

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "workers/smtp/smtp_session_evidence.h"

namespace ndrdiag {

struct SmtpReplyLimits {
  size_t max_line_length = 2048;
  size_t max_reply_lines = 64;
};

class SmtpReplyParser {
 public:
  explicit SmtpReplyParser(SmtpReplyLimits limits) : limits_(limits) {}

  // Consumes `bytes`. Returns the sticky error (INVALID_ARGUMENT for syntax,
  // RESOURCE_EXHAUSTED for a bound) once the input went wrong; OK otherwise.
  absl::Status Feed(std::string_view bytes);

  // The oldest completed reply not yet taken.
  std::optional<SmtpReply> Next();

  // Lines seen since the last call, printable, in order.
  std::vector<std::string> TakeLines();

  // True when bytes of an unfinished line or reply are buffered.
  bool HasPartialInput() const { return !buffer_.empty() || partial_; }

  // Drops everything buffered and any error (after STARTTLS, plaintext that
  // arrived behind the 220 must not be trusted: RFC 3207 §6).
  void Reset();

  const absl::Status& status() const { return status_; }

 private:
  absl::Status ParseLine(std::string_view line);

  SmtpReplyLimits limits_;
  std::string buffer_;  // bytes of the unfinished line
  bool partial_ = false;
  SmtpReply current_;  // the reply being assembled
  std::deque<SmtpReply> ready_;
  std::vector<std::string> lines_;
  absl::Status status_;
};

// Printable-ASCII form of `raw` (other bytes as "\xNN").
std::string SmtpPrintable(std::string_view raw);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_SMTP_SMTP_REPLY_PARSER_H_
