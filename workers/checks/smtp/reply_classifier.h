// What one SMTP reply says, as the catalogue tells replies apart (shared
// CHECKS.md §0.1, §1 smtp.* rows, §3 "Reply → meaning").
//
// Pure functions over a reply's code, enhanced code and text, independent of
// probe sessions so the NDR rules can classify the "Remote Server returned
// '...'" text with the same table (ClassifyReplyText parses the codes out of
// such a text first).
//
// Exchange Online uses 5.4.1 both for "Relay Access Denied" (the domain is
// not accepted) and for "Recipient address rejected: Access denied" (DBEB:
// unknown recipient), so the basic and the generic enhanced code never
// decide between those: the text does, case-insensitively. Enhanced codes
// that Microsoft documents with one meaning (4.4.62, 5.7.51, 5.7.64, 5.7.68,
// 5.7.606-649, the 4.7.5xx / 4.7.85x throttles) do decide, because their
// texts vary; so does 421 (RFC 5321: the server is closing the session, a
// refusal of the client, not a statement about the recipient).
//
// Checked in this order, first match wins (more specific texts contain the
// generic ones: "550 5.7.64 TenantAttribution; Relay Access Denied" is an
// attribution failure, not a relay refusal):
//   2xx                      -> kAccepted
//   5.7.68 / "Direct Send"   -> kDirectSendBlocked
//   5.7.51 / TenantInboundAttribution -> kPartnerLockdown
//   5.7.64 / ATTR36 / TenantAttribution -> kTenantAttribution
//   4.4.62 / ATTR35 / "wrong Office 365 region" -> kLegacyEndpoint
//   "Recipient address rejected: Access denied" / AS(201806281)
//                            -> kDbebUnknownRecipient
//   relay texts              -> kRelayDenied
//   banned IP, DNS block list, throttling, greylisting -> kProbeRefused
//   other 4xx / 5xx          -> kOtherTemporary / kOtherPermanent
//
// Thread-safe (no state).
#ifndef NDRDIAG_WORKERS_CHECKS_SMTP_REPLY_CLASSIFIER_H_
#define NDRDIAG_WORKERS_CHECKS_SMTP_REPLY_CLASSIFIER_H_

#include <string>

#include "absl/strings/string_view.h"

namespace ndrdiag {

enum class ReplyClass {
  kAccepted,              // 2xx
  kDbebUnknownRecipient,  // Directory-Based Edge Blocking (C6)
  kRelayDenied,           // the server does not accept the domain (C1/C2)
  kLegacyEndpoint,        // 4.4.62 ATTR35, wrong region / legacy (C8)
  kTenantAttribution,     // 5.7.64 / ATTR36 (C7)
  kPartnerLockdown,       // 5.7.51 TenantInboundAttribution
  kDirectSendBlocked,     // 5.7.68 RejectDirectSend
  kProbeRefused,          // the client was refused, not the recipient
  kOtherTemporary,        // any other 4xx
  kOtherPermanent,        // any other 5xx (or no code at all)
};

// "accepted", "DBEB unknown recipient", ... for logs and notes.
const char* ReplyClassName(ReplyClass kind);

struct ReplyClassification {
  ReplyClass kind = ReplyClass::kOtherPermanent;
  // What decided, in English, for messages: "Relay Access Denied",
  // "banned sending IP (5.7.606-649)", "throttled (421)", "greylisted".
  // Empty for kAccepted and the kOther* classes.
  std::string matched;
};

// `code` is the basic reply code (0 when unknown), `enhanced` the RFC 3463
// code ("5.4.1", "" when none; it is also looked for at the start of `text`
// when empty), `text` the whole reply text (all lines joined).
ReplyClassification ClassifyReply(int code, absl::string_view enhanced,
                                  absl::string_view text);

// The same for a reply written out as text, e.g. an NDR's "550 5.4.1 Relay
// Access Denied" or "#550 5.4.1 Relay Access Denied ##": the first
// "NNN[ -]X.Y.Z" (or "NNN " alone, or "X.Y.Z" alone) gives the codes.
ReplyClassification ClassifyReplyText(absl::string_view reply);

// Whether an SMTP banner (text after "220 ") is Exchange Online's: it greets
// with a Microsoft host name (IsExchangeOnlineHost, common/exo_hosts.h).
// Exchange on-premises says "Microsoft ESMTP MAIL Service" too, so that phrase
// alone is not enough.
bool IsMicrosoftBanner(absl::string_view banner_text);

// Whether the banner says "Microsoft ESMTP MAIL Service" (Exchange Online or
// Exchange on-premises).
bool SaysMicrosoftEsmtp(absl::string_view banner_text);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_SMTP_REPLY_CLASSIFIER_H_
