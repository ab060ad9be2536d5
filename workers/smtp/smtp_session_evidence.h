// SmtpReply and SmtpSessionEvidence: what one SMTP probe session found.
//
// The prober (smtp_prober.h) fills these in; the SMTP and connector rules
// (workers/checks/smtp/, workers/checks/connector/) read them. The transcript
// is kept verbatim as the v1::SmtpTranscript a result carries as evidence;
// the parsed replies beside it save every rule from re-parsing it. A reply
// that is std::nullopt was never received (the session ended before that
// step, see `failed_step` and `transcript.error`).
#ifndef NDRDIAG_WORKERS_SMTP_SMTP_SESSION_EVIDENCE_H_
#define NDRDIAG_WORKERS_SMTP_SMTP_SESSION_EVIDENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {

// One SMTP reply (RFC 5321 §4.2), possibly multi-line.
struct SmtpReply {
  int code = 0;  // 200..599
  // RFC 3463 enhanced status code of the first line ("5.4.1"), "" if none.
  std::string enhanced;
  // Text of each line after "NNN-" / "NNN " (the enhanced code kept in).
  std::vector<std::string> lines;

  // All lines joined with a space: what rules match text against.
  std::string Text() const;
  bool Positive() const { return code >= 200 && code < 400; }
};

// The steps of a probe session, in order.
enum class SmtpStep {
  kConnect,
  kBanner,
  kEhlo,
  kStartTls,
  kTlsHandshake,
  kEhloTls,
  kMailFrom,
  kRcptFirst,
  kRcptSecond,
  kRset,
  kQuit,
  kDone,
};
const char* SmtpStepName(SmtpStep step);

// How a session ended.
enum class SmtpOutcome {
  kCompleted,        // ran to QUIT (whatever the replies said)
  kBlockedByPolicy,  // the egress policy refused the address; nothing sent
  kRateLimited,      // the per-address rate limit held it back; nothing sent
  kRefused,          // TCP connection refused / reset before the banner
  kTimeout,          // a step's deadline passed (connect or a reply)
  kClosed,           // the server closed the connection mid-session
  kProtocolError,    // malformed or oversized reply
  kTlsFailed,        // STARTTLS accepted but the handshake failed
  kCancelled,        // the diagnosis stopped it
};
const char* SmtpOutcomeName(SmtpOutcome outcome);

struct SmtpSessionEvidence {
  std::string host;     // MX target or smart host, lower case, no dot
  std::string address;  // IP literal probed
  SmtpOutcome outcome = SmtpOutcome::kCompleted;
  // The step the session was at when it ended early (kDone if completed).
  SmtpStep failed_step = SmtpStep::kDone;

  std::optional<SmtpReply> banner;
  std::optional<SmtpReply> ehlo;      // first EHLO
  std::optional<SmtpReply> starttls;  // reply to STARTTLS
  bool tls_established = false;
  std::optional<SmtpReply> ehlo_tls;  // EHLO after the handshake
  std::optional<SmtpReply> mail_from;
  // RCPT TO replies in the order sent; `rcpt_addresses[i]` was asked.
  std::vector<std::string> rcpt_addresses;
  std::vector<std::optional<SmtpReply>> rcpt_replies;

  // Full transcript (lines, certificate, error): the evidence.
  v1::SmtpTranscript transcript;

  // EHLO keywords, upper case, of the last EHLO reply received ("STARTTLS",
  // "SIZE", "PIPELINING", ...; parameters dropped).
  std::vector<std::string> EhloKeywords() const;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_SMTP_SMTP_SESSION_EVIDENCE_H_
