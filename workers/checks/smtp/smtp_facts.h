// Reading SMTP probe sessions the way every smtp.* rule needs them.
//
// Internal to workers/checks/smtp: whether a check can be made at all (probe
// disabled, nothing probed), whether a session reached the server or was
// never attempted / refused as a probe (policy, rate limit, banned IP,
// throttling: never a finding about the customer), whether the far end is
// Exchange Online, the reply a session got for one recipient, and the
// accepted-domain type the snapshot gives. Pure functions.
#ifndef NDRDIAG_WORKERS_CHECKS_SMTP_SMTP_FACTS_H_
#define NDRDIAG_WORKERS_CHECKS_SMTP_SMTP_FACTS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/diagnosis_evidence.h"
#include "workers/checks/smtp/reply_classifier.h"
#include "workers/smtp/smtp_session_evidence.h"

namespace ndrdiag::smtp_internal {

// INCONCLUSIVE when the probe was disabled, SKIPPED when there was no MX
// address to probe; nullopt when sessions exist to judge. Carries a note.
std::optional<v1::CheckResult> GateOnProbe(absl::string_view id,
                                           v1::CheckFamily family,
                                           const SmtpEvidence& smtp);

// Why a session tells nothing about the server, in English, or "" when it
// does: blocked by egress policy, rate limited, cancelled, or the server
// refused the probe itself in its banner (421, banned IP, ...).
std::string NotMadeReason(const SmtpSessionEvidence& session);

// A session that got a 220 banner.
bool GotBanner(const SmtpSessionEvidence& session);

// Why a session that is neither "not made" nor got a banner failed:
// "connection refused", "timeout ...", "answered 554 ...".
std::string UnreachableReason(const SmtpSessionEvidence& session);

// "host (address)".
std::string Where(const SmtpSessionEvidence& session);

// Whether the far end is Exchange Online: its host name, its banner or its
// address in the EOP ranges (`ranges` nullptr = the built-in list).
bool IsEopSession(const SmtpSessionEvidence& session, const IpRanges* ranges);

// The reply `session` got to RCPT TO:<address> (case-insensitive), nullptr
// when it never got one.
const SmtpReply* RcptReplyFor(const SmtpSessionEvidence& session,
                              absl::string_view address);

// Why `session` has no RCPT reply for `address`, in English: the outcome
// and step, the MAIL FROM rejection, or the probe's refusal.
std::string WhyNoRcptReply(const SmtpSessionEvidence& session,
                           absl::string_view address);

ReplyClassification Classify(const SmtpReply& reply);
// "550 5.4.1 Recipient address rejected: ..." (code and all lines).
std::string FormatReply(const SmtpReply& reply);

// The recipient the probe asked about on the request's behalf: the SMTP
// evidence's, else the spec's address; "" when none was given.
std::string KnownRecipient(const DiagnosisEvidence& evidence);

// The accepted-domain type of the domain from the snapshot (an exact
// DomainName match, else a parent with MatchSubDomains), nullopt without a
// snapshot or when the snapshot does not list the domain.
std::optional<std::string> SnapshotDomainType(
    const DiagnosisEvidence& evidence);

// "a, b, c" of distinct values in first-seen order.
std::string JoinDistinct(const std::vector<std::string>& values);

}  // namespace ndrdiag::smtp_internal

#endif  // NDRDIAG_WORKERS_CHECKS_SMTP_SMTP_FACTS_H_
