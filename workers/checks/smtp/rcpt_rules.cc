// smtp.rcpt.known, smtp.rcpt.dbeb_mode and smtp.rcpt.relay_denied: what the
// MX hosts answer to RCPT TO for the request's address and a random one.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "workers/checks/check_result.h"
#include "workers/checks/smtp/finding.h"
#include "workers/checks/smtp/smtp_checks.h"
#include "workers/checks/smtp/smtp_facts.h"

namespace ndrdiag {
namespace {

using smtp_internal::Finding;

MessageArgs ReplyArgs(const DiagnosisEvidence& evidence,
                      const SmtpSessionEvidence& session,
                      absl::string_view recipient, const SmtpReply& reply) {
  return {{"domain", evidence.domain},
          {"host", session.host},
          {"address", session.address},
          {"recipient", std::string(recipient)},
          {"reply", smtp_internal::FormatReply(reply)}};
}

// Why a reply decides nothing, for the INCONCLUSIVE reason.
std::string Undecided(const SmtpSessionEvidence& session,
                      absl::string_view recipient, const SmtpReply& reply,
                      const ReplyClassification& c) {
  return absl::StrCat(
      smtp_internal::Where(session), " answered RCPT TO:<", recipient,
      "> with ", smtp_internal::FormatReply(reply), " (",
      c.matched.empty() ? ReplyClassName(c.kind) : c.matched, ")");
}

std::string Arg(const MessageArgs& args, absl::string_view name) {
  for (const auto& [key, value] : args) {
    if (key == name) return value;
  }
  return "";
}

bool IsType(const std::optional<std::string>& type, absl::string_view name) {
  return type.has_value() && absl::EqualsIgnoreCase(*type, name);
}

}  // namespace

v1::CheckResult CheckSmtpRcptKnown(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckSmtpRcptKnown;
  const std::string known = smtp_internal::KnownRecipient(evidence);
  if (known.empty()) {
    v1::CheckResult result =
        MakeSkipped(id, v1::CONNECTOR, "no recipient address given");
    AddNote(result, "no recipient address given");
    return result;
  }
  if (auto gate =
          smtp_internal::GateOnProbe(id, v1::CONNECTOR, evidence.smtp)) {
    return *std::move(gate);
  }
  std::optional<Finding> worst;
  std::vector<std::string> unusable;
  for (const SmtpSessionEvidence& session : evidence.smtp.sessions) {
    const SmtpReply* reply = smtp_internal::RcptReplyFor(session, known);
    if (reply == nullptr) {
      unusable.push_back(smtp_internal::WhyNoRcptReply(session, known));
      continue;
    }
    const ReplyClassification c = smtp_internal::Classify(*reply);
    MessageArgs args = ReplyArgs(evidence, session, known, *reply);
    switch (c.kind) {
      case ReplyClass::kAccepted:
        smtp_internal::KeepWorst(worst, Finding{v1::PASS, "pass", args});
        break;
      case ReplyClass::kDbebUnknownRecipient:
        smtp_internal::KeepWorst(worst, Finding{v1::FAIL, "fail_dbeb", args,
                                                v1::RECIPIENT_NOT_FOUND});
        break;
      case ReplyClass::kLegacyEndpoint:
        smtp_internal::KeepWorst(worst, Finding{v1::FAIL, "fail_legacy", args,
                                                v1::MX_LEGACY_ENDPOINT});
        break;
      case ReplyClass::kPartnerLockdown:
        smtp_internal::KeepWorst(
            worst, Finding{v1::INFO, "info_partner_lockdown", args});
        break;
      case ReplyClass::kTenantAttribution:
      case ReplyClass::kDirectSendBlocked:
        smtp_internal::KeepWorst(worst,
                                 Finding{v1::INFO, "info_attribution", args});
        break;
      case ReplyClass::kRelayDenied:
        smtp_internal::KeepWorst(worst,
                                 Finding{v1::INFO, "info_relay_denied", args});
        break;
      case ReplyClass::kProbeRefused:
      case ReplyClass::kOtherTemporary:
        unusable.push_back(Undecided(session, known, *reply, c));
        break;
      case ReplyClass::kOtherPermanent:
        // A rejection the catalogue does not name: shown, not attributed.
        smtp_internal::KeepWorst(worst,
                                 Finding{v1::WARN, "warn_rejected", args});
        break;
    }
  }
  return smtp_internal::Conclude(id, v1::CONNECTOR, worst, unusable,
                                 evidence.smtp.sessions);
}

v1::CheckResult CheckSmtpRcptDbebMode(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckSmtpRcptDbebMode;
  if (auto gate =
          smtp_internal::GateOnProbe(id, v1::CONNECTOR, evidence.smtp)) {
    return *std::move(gate);
  }
  const std::string& random = evidence.smtp.random_recipient;
  const std::optional<std::string> type =
      smtp_internal::SnapshotDomainType(evidence);
  std::optional<MessageArgs> active;  // DBEB rejected the random address
  std::optional<MessageArgs> off;     // accepted it
  std::vector<Finding> others;
  std::vector<std::string> unusable;
  for (const SmtpSessionEvidence& session : evidence.smtp.sessions) {
    const SmtpReply* reply = smtp_internal::RcptReplyFor(session, random);
    if (reply == nullptr) {
      unusable.push_back(smtp_internal::WhyNoRcptReply(session, random));
      continue;
    }
    const ReplyClassification c = smtp_internal::Classify(*reply);
    MessageArgs args = ReplyArgs(evidence, session, random, *reply);
    if (c.kind == ReplyClass::kProbeRefused ||
        c.kind == ReplyClass::kOtherTemporary) {
      unusable.push_back(Undecided(session, random, *reply, c));
    } else if (!smtp_internal::IsEopSession(session, evidence.dns.eop_ranges)) {
      others.push_back(Finding{v1::INFO, "info_not_eop", args});
    } else if (c.kind == ReplyClass::kDbebUnknownRecipient) {
      if (!active.has_value()) active = args;
    } else if (c.kind == ReplyClass::kAccepted) {
      if (!off.has_value()) off = args;
    } else if (c.kind == ReplyClass::kRelayDenied) {
      others.push_back(Finding{v1::INFO, "info_relay_denied", args});
    } else if (c.kind == ReplyClass::kLegacyEndpoint) {
      others.push_back(Finding{v1::INFO, "info_legacy", args});
    } else {
      others.push_back(Finding{v1::INFO, "info_other", args});
    }
  }
  std::optional<Finding> worst;
  if (active.has_value() && off.has_value()) {
    MessageArgs args = *active;
    args.push_back({"other_host", Arg(*off, "host")});
    args.push_back({"other_address", Arg(*off, "address")});
    args.push_back({"other_reply", Arg(*off, "reply")});
    worst = Finding{v1::WARN, "warn_nodes_disagree", args,
                    v1::ACCEPTED_DOMAIN_TYPE};
  } else if (active.has_value()) {
    MessageArgs args = *active;
    if (type.has_value()) args.push_back({"domain_type", *type});
    if (!type.has_value()) {
      worst = Finding{v1::INFO, "info_active", args};
    } else if (IsType(type, "Authoritative")) {
      worst = Finding{v1::PASS, "pass_active", args};
    } else {
      worst = Finding{v1::WARN, "warn_mismatch_active", args,
                      v1::ACCEPTED_DOMAIN_TYPE};
    }
  } else if (off.has_value()) {
    MessageArgs args = *off;
    if (type.has_value()) args.push_back({"domain_type", *type});
    if (!type.has_value()) {
      worst = Finding{v1::INFO, "info_off", args};
    } else if (IsType(type, "Authoritative")) {
      worst = Finding{v1::WARN, "warn_mismatch_off", args,
                      v1::ACCEPTED_DOMAIN_TYPE};
    } else {
      worst = Finding{v1::PASS, "pass_off", args};
    }
  }
  for (Finding& other : others) {
    smtp_internal::KeepWorst(worst, std::move(other));
  }
  return smtp_internal::Conclude(id, v1::CONNECTOR, worst, unusable,
                                 evidence.smtp.sessions);
}

v1::CheckResult CheckSmtpRcptRelayDenied(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckSmtpRcptRelayDenied;
  if (auto gate =
          smtp_internal::GateOnProbe(id, v1::CONNECTOR, evidence.smtp)) {
    return *std::move(gate);
  }
  std::optional<Finding> relay;
  std::optional<Finding> accepted;     // DBEB, or 250 from a non-EOP host
  std::optional<Finding> unconfirmed;  // 250 at EOP (CHECKS.md §3 caveat)
  std::optional<Finding> legacy;
  std::vector<std::string> unusable;
  for (const SmtpSessionEvidence& session : evidence.smtp.sessions) {
    const bool eop =
        smtp_internal::IsEopSession(session, evidence.dns.eop_ranges);
    bool any_reply = false;
    const size_t n =
        std::min(session.rcpt_addresses.size(), session.rcpt_replies.size());
    for (size_t i = 0; i < n; ++i) {
      if (!session.rcpt_replies[i].has_value()) continue;
      any_reply = true;
      const SmtpReply& reply = *session.rcpt_replies[i];
      const std::string& recipient = session.rcpt_addresses[i];
      const ReplyClassification c = smtp_internal::Classify(reply);
      MessageArgs args = ReplyArgs(evidence, session, recipient, reply);
      switch (c.kind) {
        case ReplyClass::kRelayDenied:
          if (!relay.has_value()) {
            relay = eop ? Finding{v1::FAIL, "fail_eop", args,
                                  v1::DOMAIN_NOT_ACCEPTED}
                        : Finding{v1::FAIL, "fail_other_host", args,
                                  v1::MX_INCORRECT};
          }
          break;
        case ReplyClass::kDbebUnknownRecipient:
          if (!accepted.has_value()) {
            accepted = Finding{v1::PASS, "pass", args};
          }
          break;
        case ReplyClass::kAccepted:
          if (!eop && !accepted.has_value()) {
            accepted = Finding{v1::PASS, "pass", args};
          } else if (eop && !unconfirmed.has_value()) {
            unconfirmed = Finding{v1::PASS, "pass_unconfirmed", args};
          }
          break;
        case ReplyClass::kLegacyEndpoint:
          if (!legacy.has_value()) {
            legacy = Finding{v1::INFO, "info_legacy", args};
          }
          break;
        default:
          unusable.push_back(Undecided(session, recipient, reply, c));
          break;
      }
    }
    if (!any_reply) {
      unusable.push_back(smtp_internal::WhyNoRcptReply(
          session, evidence.smtp.random_recipient));
    }
  }
  std::optional<Finding> finding = relay.has_value()         ? relay
                                   : accepted.has_value()    ? accepted
                                   : unconfirmed.has_value() ? unconfirmed
                                                             : legacy;
  return smtp_internal::Conclude(id, v1::CONNECTOR, finding, unusable,
                                 evidence.smtp.sessions);
}

}  // namespace ndrdiag
