#include "workers/checks/smtp/smtp_facts.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/exo_hosts.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/ip_ranges.h"

namespace ndrdiag::smtp_internal {
namespace {

std::string Lower(absl::string_view s) {
  std::string out = absl::AsciiStrToLower(s);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

// "timeout after 30s waiting for the banner" or, without an error text,
// "timeout at banner".
std::string EndedBecause(const SmtpSessionEvidence& session) {
  if (!session.transcript.error().empty()) return session.transcript.error();
  return absl::StrCat(SmtpOutcomeName(session.outcome), " at ",
                      SmtpStepName(session.failed_step));
}

}  // namespace

std::optional<v1::CheckResult> GateOnProbe(absl::string_view id,
                                           v1::CheckFamily family,
                                           const SmtpEvidence& smtp) {
  std::optional<v1::CheckResult> result;
  if (smtp.disabled) {
    const std::string reason = absl::StrCat(
        "the SMTP probe is disabled", smtp.disabled_reason.empty() ? "" : ": ",
        smtp.disabled_reason);
    result = MakeInconclusive(id, family, reason);
    AddNote(*result, reason);
  } else if (smtp.sessions.empty()) {
    std::string reason = "no MX address to probe";
    if (!smtp.unresolved_hosts.empty()) {
      absl::StrAppend(&reason, " (", absl::StrJoin(smtp.unresolved_hosts, ", "),
                      " did not resolve)");
    }
    result = MakeSkipped(id, family, reason);
    AddNote(*result, reason);
  }
  return result;
}

std::string Where(const SmtpSessionEvidence& session) {
  if (session.host.empty() || session.host == session.address) {
    return session.address;
  }
  return absl::StrCat(session.host, " (", session.address, ")");
}

std::string FormatReply(const SmtpReply& reply) {
  return absl::StrCat(reply.code, " ", reply.Text());
}

ReplyClassification Classify(const SmtpReply& reply) {
  return ClassifyReply(reply.code, reply.enhanced, reply.Text());
}

std::string NotMadeReason(const SmtpSessionEvidence& session) {
  switch (session.outcome) {
    case SmtpOutcome::kBlockedByPolicy:
    case SmtpOutcome::kRateLimited:
    case SmtpOutcome::kCancelled:
      return absl::StrCat(Where(session), ": ", EndedBecause(session));
    default:
      break;
  }
  if (session.banner.has_value() && !session.banner->Positive()) {
    ReplyClassification c = Classify(*session.banner);
    if (c.kind == ReplyClass::kProbeRefused) {
      return absl::StrCat(Where(session), " refused the probe (", c.matched,
                          "): ", FormatReply(*session.banner));
    }
  }
  return "";
}

bool GotBanner(const SmtpSessionEvidence& session) {
  return session.banner.has_value() && session.banner->code / 100 == 2;
}

std::string UnreachableReason(const SmtpSessionEvidence& session) {
  if (session.banner.has_value() && !GotBanner(session)) {
    return absl::StrCat(Where(session), " answered ",
                        FormatReply(*session.banner));
  }
  return absl::StrCat(Where(session), ": ", EndedBecause(session));
}

bool IsEopSession(const SmtpSessionEvidence& session, const IpRanges* ranges) {
  if (IsExchangeOnlineHost(session.host)) return true;
  if (session.banner.has_value() && GotBanner(session) &&
      IsMicrosoftBanner(session.banner->Text())) {
    return true;
  }
  const IpRanges& eop = ranges != nullptr ? *ranges : IpRanges::DefaultEop();
  return eop.Contains(session.address);
}

const SmtpReply* RcptReplyFor(const SmtpSessionEvidence& session,
                              absl::string_view address) {
  if (address.empty()) return nullptr;
  const size_t n =
      std::min(session.rcpt_addresses.size(), session.rcpt_replies.size());
  for (size_t i = 0; i < n; ++i) {
    if (absl::EqualsIgnoreCase(session.rcpt_addresses[i], address) &&
        session.rcpt_replies[i].has_value()) {
      return &*session.rcpt_replies[i];
    }
  }
  return nullptr;
}

std::string WhyNoRcptReply(const SmtpSessionEvidence& session,
                           absl::string_view address) {
  std::string reason = NotMadeReason(session);
  if (!reason.empty()) return reason;
  if (!GotBanner(session)) return UnreachableReason(session);
  if (session.mail_from.has_value() && !session.mail_from->Positive()) {
    ReplyClassification c = Classify(*session.mail_from);
    return absl::StrCat(
        Where(session), " refused MAIL FROM",
        c.matched.empty() ? "" : absl::StrCat(" (", c.matched, ")"), ": ",
        FormatReply(*session.mail_from));
  }
  if (session.outcome != SmtpOutcome::kCompleted) {
    return absl::StrCat(Where(session), ": the session ended at ",
                        SmtpStepName(session.failed_step), ": ",
                        EndedBecause(session));
  }
  return absl::StrCat(Where(session), " was not asked RCPT TO:<", address, ">");
}

std::string KnownRecipient(const DiagnosisEvidence& evidence) {
  return evidence.smtp.known_recipient.empty() ? evidence.recipient_address
                                               : evidence.smtp.known_recipient;
}

std::optional<std::string> SnapshotDomainType(
    const DiagnosisEvidence& evidence) {
  if (evidence.snapshot == nullptr) return std::nullopt;
  const std::string domain = Lower(evidence.domain);
  const v1::AcceptedDomain* parent = nullptr;
  size_t parent_len = 0;
  for (const v1::AcceptedDomain& accepted :
       evidence.snapshot->exo().accepted_domains()) {
    const std::string name = Lower(accepted.domain_name());
    if (name.empty()) continue;
    if (name == domain) return accepted.domain_type();
    if (accepted.match_sub_domains() &&
        absl::EndsWith(domain, absl::StrCat(".", name)) &&
        name.size() > parent_len) {
      parent = &accepted;
      parent_len = name.size();
    }
  }
  if (parent != nullptr) return parent->domain_type();
  return std::nullopt;
}

std::string JoinDistinct(const std::vector<std::string>& values) {
  std::vector<std::string> seen;
  for (const std::string& v : values) {
    if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
  }
  return absl::StrJoin(seen, ", ");
}

}  // namespace ndrdiag::smtp_internal
