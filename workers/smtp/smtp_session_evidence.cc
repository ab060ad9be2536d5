#include "workers/smtp/smtp_session_evidence.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"

namespace ndrdiag {

std::string SmtpReply::Text() const { return absl::StrJoin(lines, " "); }

const char* SmtpStepName(SmtpStep step) {
  switch (step) {
    case SmtpStep::kConnect:
      return "connect";
    case SmtpStep::kBanner:
      return "banner";
    case SmtpStep::kEhlo:
      return "EHLO";
    case SmtpStep::kStartTls:
      return "STARTTLS";
    case SmtpStep::kTlsHandshake:
      return "TLS handshake";
    case SmtpStep::kEhloTls:
      return "EHLO after STARTTLS";
    case SmtpStep::kMailFrom:
      return "MAIL FROM";
    case SmtpStep::kRcptFirst:
      return "first RCPT TO";
    case SmtpStep::kRcptSecond:
      return "second RCPT TO";
    case SmtpStep::kRset:
      return "RSET";
    case SmtpStep::kQuit:
      return "QUIT";
    case SmtpStep::kDone:
      return "done";
  }
  return "unknown";
}

const char* SmtpOutcomeName(SmtpOutcome outcome) {
  switch (outcome) {
    case SmtpOutcome::kCompleted:
      return "completed";
    case SmtpOutcome::kBlockedByPolicy:
      return "blocked by egress policy";
    case SmtpOutcome::kRateLimited:
      return "rate limited";
    case SmtpOutcome::kRefused:
      return "connection refused";
    case SmtpOutcome::kTimeout:
      return "timeout";
    case SmtpOutcome::kClosed:
      return "connection closed";
    case SmtpOutcome::kProtocolError:
      return "protocol error";
    case SmtpOutcome::kTlsFailed:
      return "TLS handshake failed";
    case SmtpOutcome::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::vector<std::string> SmtpSessionEvidence::EhloKeywords() const {
  const std::optional<SmtpReply>& reply =
      ehlo_tls.has_value() ? ehlo_tls : ehlo;
  std::vector<std::string> keywords;
  if (!reply.has_value()) return keywords;
  // The first line greets; each later line is "KEYWORD [params]".
  for (size_t i = 1; i < reply->lines.size(); ++i) {
    const std::string& line = reply->lines[i];
    std::string keyword = line.substr(0, line.find(' '));
    absl::AsciiStrToUpper(&keyword);
    if (!keyword.empty()) keywords.push_back(std::move(keyword));
  }
  return keywords;
}

}  // namespace ndrdiag
