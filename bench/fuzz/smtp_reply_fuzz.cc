// libFuzzer target for the SMTP reply parser
// (workers/smtp/smtp_reply_parser.h).
//
// The first input byte picks the limits and how the rest is cut into pieces;
// the rest is what a server sends. The same bytes are fed once whole and once
// in pieces, and the two parsers must agree (replies, transcript lines,
// status): a reply cut across TCP segments must not parse differently. Every
// reply must keep the header's promises: code 200..599, enhanced code of the
// reply's class, printable lines, bounded line count and length.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "workers/smtp/smtp_reply_parser.h"

namespace {

struct Outcome {
  std::vector<ndrdiag::SmtpReply> replies;
  std::vector<std::string> lines;
  absl::Status status;
};

void Check(bool ok) {
  if (!ok) abort();
}

void Drain(ndrdiag::SmtpReplyParser& parser, Outcome& out) {
  while (std::optional<ndrdiag::SmtpReply> reply = parser.Next()) {
    out.replies.push_back(std::move(*reply));
  }
  for (std::string& line : parser.TakeLines()) {
    out.lines.push_back(std::move(line));
  }
}

Outcome Run(ndrdiag::SmtpReplyLimits limits, std::string_view bytes,
            size_t piece) {
  ndrdiag::SmtpReplyParser parser(limits);
  Outcome out;
  while (!bytes.empty()) {
    size_t n = std::min(piece, bytes.size());
    absl::Status s = parser.Feed(bytes.substr(0, n));
    Check(s == parser.status());
    bytes.remove_prefix(n);
    Drain(parser, out);
    if (!s.ok()) break;
  }
  Drain(parser, out);
  out.status = parser.status();
  return out;
}

bool Printable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t';
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t control = data[0];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  ndrdiag::SmtpReplyLimits limits;
  if (control & 0x80) {  // small bounds, so that the fuzzer reaches them
    limits.max_line_length = 8 + (control & 0x1f);
    limits.max_reply_lines = 1 + ((control >> 5) & 0x03);
  }
  size_t piece = 1 + (control & 0x0f);

  Outcome whole = Run(limits, bytes, bytes.size() + 1);
  Outcome pieces = Run(limits, bytes, piece);
  Check(whole.status == pieces.status);
  Check(whole.lines == pieces.lines);
  Check(whole.replies.size() == pieces.replies.size());
  for (size_t i = 0; i < whole.replies.size(); ++i) {
    const ndrdiag::SmtpReply& a = whole.replies[i];
    const ndrdiag::SmtpReply& b = pieces.replies[i];
    Check(a.code == b.code && a.enhanced == b.enhanced && a.lines == b.lines);
    Check(a.code >= 200 && a.code <= 599);
    Check(a.enhanced.empty() || a.enhanced[0] == '0' + a.code / 100);
    Check(!a.lines.empty() && a.lines.size() <= limits.max_reply_lines);
    for (const std::string& line : a.lines) Check(Printable(line));
  }
  for (const std::string& line : whole.lines) {
    Check(Printable(line));
    // A cut line keeps max_line_length bytes, each at most 4 printable ones,
    // plus the "...[truncated]" mark.
    Check(line.size() <= 4 * limits.max_line_length + 14);
  }
  Check(whole.status.ok() ||
        whole.status.code() == absl::StatusCode::kInvalidArgument ||
        whole.status.code() == absl::StatusCode::kResourceExhausted);
  return 0;
}
