// tenant.domain.resync: Exchange Online rejects every recipient of the
// domain through DBEB although the snapshot shows the recipient exists, the
// sign of a domain whose directory did not replicate to EOP (CHECKS.md §5
// scenario 15, fixed by toggling the domain type).
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"
#include "workers/checks/smtp/finding.h"
#include "workers/checks/smtp/smtp_checks.h"
#include "workers/checks/smtp/smtp_facts.h"

namespace ndrdiag {
namespace {

using smtp_internal::Finding;

v1::CheckResult Skipped(const std::string& reason) {
  v1::CheckResult result =
      MakeSkipped(kCheckTenantDomainResync, v1::TENANT, reason);
  AddNote(result, reason);
  return result;
}

// "SMTP:User@Contoso.com" / "smtp:..." / a bare address.
bool SameAddress(absl::string_view proxy, absl::string_view address) {
  if (absl::StartsWithIgnoreCase(proxy, "smtp:")) proxy.remove_prefix(5);
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(proxy),
                                absl::StripAsciiWhitespace(address));
}

const v1::Recipient* FindRecipient(const v1::TenantSnapshot& snapshot,
                                   absl::string_view address) {
  for (const v1::Recipient& r : snapshot.exo().recipients()) {
    if (SameAddress(r.primary_smtp_address(), address)) return &r;
    for (const std::string& proxy : r.email_addresses()) {
      if (SameAddress(proxy, address)) return &r;
    }
  }
  return nullptr;
}

bool Decides(ReplyClass kind) {
  return kind != ReplyClass::kProbeRefused &&
         kind != ReplyClass::kOtherTemporary;
}

}  // namespace

v1::CheckResult CheckTenantDomainResync(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckTenantDomainResync;
  if (evidence.snapshot == nullptr) return Skipped("no tenant snapshot given");
  const std::string known = smtp_internal::KnownRecipient(evidence);
  if (known.empty()) return Skipped("no recipient address given");
  if (auto gate = smtp_internal::GateOnProbe(id, v1::TENANT, evidence.smtp)) {
    return *std::move(gate);
  }
  if (evidence.snapshot->exo().recipients().empty()) {
    return Skipped("the snapshot lists no recipients (exo.recipients)");
  }
  const v1::Recipient* recipient = FindRecipient(*evidence.snapshot, known);
  if (recipient == nullptr) {
    return Skipped(absl::StrCat(
        known,
        " is not among the snapshot's recipients (exo.recipients); see "
        "tenant.recipient.dbeb"));
  }

  // Every deciding RCPT reply, and the known recipient's among them.
  bool all_dbeb = true;
  std::optional<MessageArgs> known_dbeb;
  std::optional<MessageArgs> known_accepted;
  std::optional<MessageArgs> known_other;
  std::vector<std::string> dbeb_where;
  std::vector<std::string> unusable;
  for (const SmtpSessionEvidence& session : evidence.smtp.sessions) {
    if (smtp_internal::RcptReplyFor(session, known) == nullptr) {
      unusable.push_back(smtp_internal::WhyNoRcptReply(session, known));
    }
    const size_t n =
        std::min(session.rcpt_addresses.size(), session.rcpt_replies.size());
    for (size_t i = 0; i < n; ++i) {
      if (!session.rcpt_replies[i].has_value()) continue;
      const SmtpReply& reply = *session.rcpt_replies[i];
      const ReplyClassification c = smtp_internal::Classify(reply);
      const bool is_known =
          absl::EqualsIgnoreCase(session.rcpt_addresses[i], known);
      if (!Decides(c.kind)) {
        if (is_known) {
          unusable.push_back(absl::StrCat(
              smtp_internal::Where(session), " answered RCPT TO:<", known,
              "> with ", smtp_internal::FormatReply(reply), " (",
              c.matched.empty() ? ReplyClassName(c.kind) : c.matched, ")"));
        }
        continue;
      }
      if (c.kind != ReplyClass::kDbebUnknownRecipient) all_dbeb = false;
      if (!is_known) continue;
      MessageArgs args = {
          {"domain", evidence.domain},
          {"recipient", known},
          {"recipient_type", recipient->recipient_type_details().empty()
                                 ? std::string("recipient")
                                 : recipient->recipient_type_details()},
          {"host", session.host},
          {"address", session.address},
          {"reply", smtp_internal::FormatReply(reply)}};
      if (c.kind == ReplyClass::kDbebUnknownRecipient) {
        dbeb_where.push_back(smtp_internal::Where(session));
        if (!known_dbeb.has_value()) known_dbeb = std::move(args);
      } else if (c.kind == ReplyClass::kAccepted) {
        if (!known_accepted.has_value()) known_accepted = std::move(args);
      } else if (!known_other.has_value()) {
        known_other = std::move(args);
      }
    }
  }

  std::optional<Finding> finding;
  if (known_dbeb.has_value() && all_dbeb) {
    MessageArgs args = *known_dbeb;
    args.push_back({"addresses", smtp_internal::JoinDistinct(dbeb_where)});
    finding =
        Finding{v1::WARN, "warn_not_replicated", args, v1::RECIPIENT_NOT_FOUND};
  } else if (known_dbeb.has_value()) {
    finding = Finding{v1::INFO, "info_recipient_only", *known_dbeb};
  } else if (known_accepted.has_value()) {
    finding = Finding{v1::PASS, "pass", *known_accepted};
  } else if (known_other.has_value()) {
    finding = Finding{v1::INFO, "info_not_dbeb", *known_other};
  }
  return smtp_internal::Conclude(id, v1::TENANT, finding, unusable,
                                 evidence.smtp.sessions);
}

}  // namespace ndrdiag
