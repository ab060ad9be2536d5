#include "workers/smtp/smtp_reply_parser.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ndrdiag {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Counts 1..3 digits at `s[*pos]`, advancing; false when there are none or
// more than three.
bool Digits(std::string_view s, size_t* pos) {
  size_t start = *pos;
  while (*pos < s.size() && IsDigit(s[*pos])) ++*pos;
  size_t n = *pos - start;
  return n >= 1 && n <= 3;
}

// RFC 3463: class "." subject "." detail, then a space or the end.
std::string EnhancedCode(std::string_view text, int code) {
  if (text.size() < 5 || text[0] != '0' + code / 100 || text[1] != '.') {
    return "";
  }
  size_t pos = 2;
  if (!Digits(text, &pos) || pos >= text.size() || text[pos] != '.') return "";
  ++pos;
  if (!Digits(text, &pos)) return "";
  if (pos < text.size() && text[pos] != ' ') return "";
  return std::string(text.substr(0, pos));
}

constexpr char kTruncated[] = "...[truncated]";

}  // namespace

std::string SmtpPrintable(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 0x20 && u < 0x7f) || u == '\t') {
      out.push_back(c);
    } else {
      absl::StrAppendFormat(&out, "\\x%02x", u);
    }
  }
  return out;
}

absl::Status SmtpReplyParser::Feed(std::string_view bytes) {
  if (!status_.ok()) return status_;
  while (!bytes.empty()) {
    size_t lf = bytes.find('\n');
    if (lf == std::string_view::npos) {
      buffer_.append(bytes.data(), bytes.size());
      // One byte of slack for a CR whose LF has not arrived yet.
      if (buffer_.size() > limits_.max_line_length + 1) {
        lines_.push_back(
            absl::StrCat(SmtpPrintable(std::string_view(buffer_).substr(
                             0, limits_.max_line_length)),
                         kTruncated));
        buffer_.clear();
        status_ = absl::ResourceExhaustedError(absl::StrCat(
            "reply line longer than ", limits_.max_line_length, " bytes"));
      }
      return status_;
    }
    buffer_.append(bytes.data(), lf);
    bytes.remove_prefix(lf + 1);
    if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
    std::string line = std::move(buffer_);
    buffer_.clear();
    if (line.size() > limits_.max_line_length) {
      lines_.push_back(absl::StrCat(SmtpPrintable(std::string_view(line).substr(
                                        0, limits_.max_line_length)),
                                    kTruncated));
      status_ = absl::ResourceExhaustedError(absl::StrCat(
          "reply line longer than ", limits_.max_line_length, " bytes"));
      return status_;
    }
    lines_.push_back(SmtpPrintable(line));
    status_ = ParseLine(line);
    if (!status_.ok()) return status_;
  }
  return status_;
}

absl::Status SmtpReplyParser::ParseLine(std::string_view line) {
  // Reply-line = *( Reply-code "-" [ textstring ] CRLF )
  //              Reply-code [ SP textstring ] CRLF        (RFC 5321 §4.2)
  if (line.size() < 3 || line[0] < '2' || line[0] > '5' || !IsDigit(line[1]) ||
      !IsDigit(line[2]) ||
      (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not an SMTP reply line: \"", SmtpPrintable(line.substr(0, 80)), "\""));
  }
  int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  bool last = line.size() == 3 || line[3] == ' ';
  std::string text =
      SmtpPrintable(line.size() > 4 ? line.substr(4) : std::string_view());
  if (!partial_) {
    current_ = SmtpReply{};
    current_.code = code;
    current_.enhanced = EnhancedCode(text, code);
    partial_ = true;
  } else if (code != current_.code) {
    return absl::InvalidArgumentError(
        absl::StrFormat("reply code changed from %d to %d inside a "
                        "multi-line reply",
                        current_.code, code));
  }
  if (current_.lines.size() >= limits_.max_reply_lines) {
    return absl::ResourceExhaustedError(
        absl::StrCat("reply longer than ", limits_.max_reply_lines, " lines"));
  }
  current_.lines.push_back(std::move(text));
  if (last) {
    ready_.push_back(std::move(current_));
    current_ = SmtpReply{};
    partial_ = false;
  }
  return absl::OkStatus();
}

std::optional<SmtpReply> SmtpReplyParser::Next() {
  if (ready_.empty()) return std::nullopt;
  SmtpReply reply = std::move(ready_.front());
  ready_.pop_front();
  return reply;
}

std::vector<std::string> SmtpReplyParser::TakeLines() {
  std::vector<std::string> out;
  out.swap(lines_);
  return out;
}

void SmtpReplyParser::Reset() {
  buffer_.clear();
  partial_ = false;
  current_ = SmtpReply{};
  ready_.clear();
  status_ = absl::OkStatus();
}

}  // namespace ndrdiag
