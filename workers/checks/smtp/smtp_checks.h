// The smtp.* rows of the catalogue (shared CHECKS.md §1, probe of §3) and
// tenant.domain.resync, as pure rules over the SMTP probe's sessions.
//
// Conventions (those of workers/checks/dns/mx_rules.h):
//  - The probe disabled -> INCONCLUSIVE with the reason; no MX address to
//    probe -> SKIPPED. A session blocked by the egress policy, held back by
//    the rate limit, or refused as a probe (banned IP, 421 / 4.7.5xx
//    throttles, greylisting) tells nothing about the customer's set-up: a
//    check that has only such sessions is INCONCLUSIVE naming them, never a
//    FAIL and never a PASS.
//  - Replies are classified by workers/checks/smtp/reply_classifier.h (on
//    their text, never on 5.4.1 alone).
//  - The far end counts as Exchange Online when its host name, its banner
//    or its address (DnsEvidence::eop_ranges) says so.
//  - Every result carries the transcripts it was decided on, a message key
//    with arguments naming hosts, addresses and reply texts, and (WARN/FAIL
//    only) the cause it supports.
#ifndef NDRDIAG_WORKERS_CHECKS_SMTP_SMTP_CHECKS_H_
#define NDRDIAG_WORKERS_CHECKS_SMTP_SMTP_CHECKS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag {

inline constexpr absl::string_view kCheckSmtpMxConnect = "smtp.mx.connect";
inline constexpr absl::string_view kCheckSmtpEhloCaps = "smtp.ehlo.caps";
inline constexpr absl::string_view kCheckSmtpStartTls = "smtp.starttls";
inline constexpr absl::string_view kCheckSmtpRcptKnown = "smtp.rcpt.known";
inline constexpr absl::string_view kCheckSmtpRcptDbebMode =
    "smtp.rcpt.dbeb_mode";
inline constexpr absl::string_view kCheckSmtpRcptRelayDenied =
    "smtp.rcpt.relay_denied";
inline constexpr absl::string_view kCheckTenantDomainResync =
    "tenant.domain.resync";

// A 220 banner from every address -> PASS, or WARN MX_INCORRECT when a
// banner is not Exchange Online's while the accepted domain is
// Authoritative (the snapshot's type; assumed, and said, without one), INFO
// for InternalRelay. Some addresses refused / timed out while others
// answered -> WARN HOST_NOT_RESPONDING. Every address refused / timed out ->
// FAIL HOST_NOT_RESPONDING (at Exchange Online the message adds that the
// worker's outbound port 25 or a Microsoft incident look the same). A banner
// is Exchange Online's when it greets with a Microsoft host name, or says
// "Microsoft ESMTP MAIL Service" from an EOP address (Exchange on-premises
// says that too).
v1::CheckResult CheckSmtpMxConnect(const DiagnosisEvidence& evidence);

// EHLO keywords. At Exchange Online: the observed set (STARTTLS SIZE
// PIPELINING DSN ENHANCEDSTATUSCODES 8BITMIME BINARYMIME CHUNKING SMTPUTF8)
// -> PASS, STARTTLS missing -> WARN (an anomaly; no cause), others missing
// -> INFO. Elsewhere: STARTTLS offered -> PASS, else INFO.
v1::CheckResult CheckSmtpEhloCaps(const DiagnosisEvidence& evidence);

// 220 to STARTTLS, a completed handshake and a second EHLO -> PASS naming
// the certificate (subject, SANs, issuer, expiry). Handshake failed,
// STARTTLS refused, no EHLO after it, certificate expired or not yet valid
// -> WARN. Not offered -> INFO (WARN at Exchange Online). Certificate chain
// or name not verified -> INFO (WARN at Exchange Online). No cause: the
// catalogue has this as evidence only.
v1::CheckResult CheckSmtpStartTls(const DiagnosisEvidence& evidence);

// RCPT TO:<the request's address>: 250 -> PASS; DBEB -> FAIL
// RECIPIENT_NOT_FOUND; ATTR35 -> FAIL MX_LEGACY_ENDPOINT; 5.7.51 -> INFO
// (partner lockdown: the probe is not representative); 5.7.64 / 5.7.68 ->
// INFO; relay refused -> INFO pointing to smtp.rcpt.relay_denied; another
// permanent rejection -> WARN (no cause); only temporary / probe refusals
// -> INCONCLUSIVE. No address given -> SKIPPED.
v1::CheckResult CheckSmtpRcptKnown(const DiagnosisEvidence& evidence);

// RCPT TO:<random>@<d> at Exchange Online: DBEB rejection -> DBEB active
// (Authoritative), 250 -> InternalRelay or DBEB off. INFO without a
// snapshot type; PASS when it matches the snapshot's DomainType; WARN
// ACCEPTED_DOMAIN_TYPE when it does not (replication lag) or when EOP
// addresses disagree. Not at Exchange Online -> INFO.
v1::CheckResult CheckSmtpRcptDbebMode(const DiagnosisEvidence& evidence);

// Any RCPT reply refusing to relay -> FAIL: DOMAIN_NOT_ACCEPTED at Exchange
// Online, MX_INCORRECT at another host. No refusal: DBEB or a 250 from a
// non-EOP host -> PASS; only 250s at EOP -> PASS noting that EOP has been
// seen to accept RCPT for domains it does not host; ATTR35 -> INFO (see
// smtp.rcpt.known); nothing conclusive -> INCONCLUSIVE.
v1::CheckResult CheckSmtpRcptRelayDenied(const DiagnosisEvidence& evidence);

// Family TENANT. Every RCPT reply (the known recipient's included) is a DBEB
// rejection while the known recipient exists in the snapshot's
// exo.recipients -> WARN RECIPIENT_NOT_FOUND ("domain directory not
// replicated"); the known recipient accepted -> PASS. SKIPPED without a
// snapshot, a recipient address, or the recipient in the snapshot.
v1::CheckResult CheckTenantDomainResync(const DiagnosisEvidence& evidence);

// The checks above, in catalogue order (smtp.* of family CONNECTOR, then
// tenant.domain.resync of family TENANT); each needs kSmtpStageMx only (the
// sessions name their MX hosts; the EOP ranges are configuration).
const std::vector<Check>& SmtpChecks();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_SMTP_SMTP_CHECKS_H_
