// smtp.mx.connect, smtp.ehlo.caps and smtp.starttls: what the MX hosts say
// before any recipient is named.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/ip_ranges.h"
#include "workers/checks/smtp/finding.h"
#include "workers/checks/smtp/smtp_checks.h"
#include "workers/checks/smtp/smtp_facts.h"

namespace ndrdiag {
namespace {

using smtp_internal::Finding;

// The EHLO keywords observed at Exchange Online Protection (CHECKS.md §1).
constexpr absl::string_view kEopKeywords[] = {
    "STARTTLS", "SIZE",       "PIPELINING", "DSN",      "ENHANCEDSTATUSCODES",
    "8BITMIME", "BINARYMIME", "CHUNKING",   "SMTPUTF8",
};

// Keywords of one EHLO reply, upper case, parameters dropped. The first
// EHLO is read on purpose: after STARTTLS a server must not offer STARTTLS
// again (RFC 3207 §4.2).
std::vector<std::string> Keywords(const SmtpReply& ehlo) {
  std::vector<std::string> out;
  for (size_t i = 1; i < ehlo.lines.size(); ++i) {
    absl::string_view line = absl::StripAsciiWhitespace(ehlo.lines[i]);
    std::string keyword(line.substr(0, line.find(' ')));
    absl::AsciiStrToUpper(&keyword);
    if (!keyword.empty()) out.push_back(std::move(keyword));
  }
  return out;
}

bool Has(const std::vector<std::string>& keywords, absl::string_view k) {
  return std::find(keywords.begin(), keywords.end(), k) != keywords.end();
}

std::string FormatTime(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                          absl::FromUnixSeconds(ts.seconds()),
                          absl::UTCTimeZone());
}

bool IsSet(const google::protobuf::Timestamp& ts) {
  return ts.seconds() != 0 || ts.nanos() != 0;
}

// When the certificate is judged: when the session ran, else the rules'
// clock reading.
absl::Time SessionTime(const SmtpSessionEvidence& session,
                       const DiagnosisEvidence& evidence) {
  const google::protobuf::Timestamp& t = session.transcript.time();
  return IsSet(t) ? absl::FromUnixSeconds(t.seconds()) : evidence.dns.now;
}

// A session with a usable EHLO reply, or why not (appended to `unusable`).
const SmtpReply* UsableEhlo(const SmtpSessionEvidence& session,
                            std::vector<std::string>& unusable) {
  std::string reason = smtp_internal::NotMadeReason(session);
  if (!reason.empty()) {
    unusable.push_back(std::move(reason));
    return nullptr;
  }
  if (!smtp_internal::GotBanner(session)) {
    unusable.push_back(smtp_internal::UnreachableReason(session));
    return nullptr;
  }
  if (!session.ehlo.has_value()) {
    unusable.push_back(absl::StrCat(
        smtp_internal::Where(session), ": no reply to EHLO (",
        session.transcript.error().empty() ? SmtpOutcomeName(session.outcome)
                                           : session.transcript.error(),
        ")"));
    return nullptr;
  }
  if (!session.ehlo->Positive()) {
    ReplyClassification c = smtp_internal::Classify(*session.ehlo);
    if (c.kind == ReplyClass::kProbeRefused) {
      unusable.push_back(absl::StrCat(
          smtp_internal::Where(session), " refused the probe (", c.matched,
          "): ", smtp_internal::FormatReply(*session.ehlo)));
      return nullptr;
    }
  }
  return &*session.ehlo;
}

MessageArgs HostArgs(const DiagnosisEvidence& evidence,
                     const SmtpSessionEvidence& session) {
  return {{"domain", evidence.domain},
          {"host", session.host},
          {"address", session.address}};
}

}  // namespace

v1::CheckResult CheckSmtpMxConnect(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckSmtpMxConnect;
  if (auto gate =
          smtp_internal::GateOnProbe(id, v1::CONNECTOR, evidence.smtp)) {
    return *std::move(gate);
  }
  const IpRanges* ranges = evidence.dns.eop_ranges;
  std::vector<const SmtpSessionEvidence*> up;
  std::vector<const SmtpSessionEvidence*> down;
  std::vector<std::string> not_made;
  std::vector<std::string> failures;
  for (const SmtpSessionEvidence& session : evidence.smtp.sessions) {
    std::string reason = smtp_internal::NotMadeReason(session);
    if (!reason.empty()) {
      not_made.push_back(std::move(reason));
    } else if (smtp_internal::GotBanner(session)) {
      up.push_back(&session);
    } else {
      down.push_back(&session);
      failures.push_back(smtp_internal::UnreachableReason(session));
    }
  }
  auto where_list = [](const std::vector<const SmtpSessionEvidence*>& list) {
    std::vector<std::string> out;
    for (const SmtpSessionEvidence* s : list) {
      out.push_back(smtp_internal::Where(*s));
    }
    return absl::StrJoin(out, ", ");
  };

  std::optional<Finding> finding;
  std::vector<std::string> unusable = not_made;
  if (up.empty() && !down.empty() && not_made.empty()) {
    const bool all_eop = std::all_of(
        down.begin(), down.end(),
        [&](const auto* s) { return smtp_internal::IsEopSession(*s, ranges); });
    // Exchange Online Protection answers from everywhere, so silence from
    // all of its addresses may also be this worker's outbound port 25 or a
    // Microsoft incident: the message says so (the cause stays the row's).
    finding = Finding{v1::FAIL,
                      all_eop ? "fail_no_answer_eop" : "fail_no_answer",
                      {{"domain", evidence.domain},
                       {"addresses", where_list(down)},
                       {"failures", absl::StrJoin(failures, "; ")}},
                      v1::HOST_NOT_RESPONDING};
  } else if (up.empty()) {
    unusable.insert(unusable.end(), failures.begin(), failures.end());
  } else {
    const SmtpSessionEvidence* foreign = nullptr;
    for (const SmtpSessionEvidence* s : up) {
      const std::string text = s->banner->Text();
      // Exchange on-premises shares the phrase; only with an EOP address
      // does the phrase alone make the banner Exchange Online's.
      const bool microsoft =
          IsMicrosoftBanner(text) ||
          (SaysMicrosoftEsmtp(text) &&
           (ranges != nullptr ? *ranges : IpRanges::DefaultEop())
               .Contains(s->address));
      if (!microsoft) {
        foreign = s;
        break;
      }
    }
    if (foreign != nullptr) {
      MessageArgs args = HostArgs(evidence, *foreign);
      args.push_back({"banner", smtp_internal::FormatReply(*foreign->banner)});
      std::optional<std::string> type =
          smtp_internal::SnapshotDomainType(evidence);
      if (type.has_value() && absl::EqualsIgnoreCase(*type, "InternalRelay")) {
        args.push_back({"domain_type", *type});
        finding = Finding{v1::INFO, "info_not_microsoft", args};
      } else if (type.has_value()) {
        args.push_back({"domain_type", *type});
        finding =
            Finding{v1::WARN, "warn_not_microsoft", args, v1::MX_INCORRECT};
      } else {
        finding = Finding{v1::WARN, "warn_not_microsoft_assumed", args,
                          v1::MX_INCORRECT};
      }
    }
    if (!down.empty()) {
      // A foreign banner that is expected (INFO) does not hide silent
      // addresses; a foreign banner that is wrong (WARN MX_INCORRECT) says
      // more than they do, so they go into its note.
      const bool kept = finding.has_value();
      smtp_internal::KeepWorst(
          finding, Finding{v1::WARN,
                           "warn_partial",
                           {{"domain", evidence.domain},
                            {"answered", where_list(up)},
                            {"addresses", where_list(down)},
                            {"failures", absl::StrJoin(failures, "; ")}},
                           v1::HOST_NOT_RESPONDING});
      if (kept && finding->outcome != "warn_partial") {
        unusable.insert(unusable.end(), failures.begin(), failures.end());
      }
    } else if (!finding.has_value()) {
      finding = Finding{
          v1::PASS,
          "pass",
          {{"domain", evidence.domain},
           {"addresses", where_list(up)},
           {"banner", smtp_internal::FormatReply(*up.front()->banner)}}};
    }
  }
  return smtp_internal::Conclude(id, v1::CONNECTOR, finding, unusable,
                                 evidence.smtp.sessions);
}

v1::CheckResult CheckSmtpEhloCaps(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckSmtpEhloCaps;
  if (auto gate =
          smtp_internal::GateOnProbe(id, v1::CONNECTOR, evidence.smtp)) {
    return *std::move(gate);
  }
  std::optional<Finding> worst;
  std::vector<std::string> unusable;
  for (const SmtpSessionEvidence& session : evidence.smtp.sessions) {
    const SmtpReply* ehlo = UsableEhlo(session, unusable);
    if (ehlo == nullptr) continue;
    MessageArgs args = HostArgs(evidence, session);
    if (!ehlo->Positive()) {
      args.push_back({"reply", smtp_internal::FormatReply(*ehlo)});
      smtp_internal::KeepWorst(worst,
                               Finding{v1::INFO, "info_ehlo_rejected", args});
      continue;
    }
    const std::vector<std::string> keywords = Keywords(*ehlo);
    args.push_back({"keywords", keywords.empty()
                                    ? std::string("(none)")
                                    : absl::StrJoin(keywords, " ")});
    if (smtp_internal::IsEopSession(session, evidence.dns.eop_ranges)) {
      std::vector<std::string> missing;
      for (absl::string_view k : kEopKeywords) {
        if (!Has(keywords, k)) missing.emplace_back(k);
      }
      args.push_back({"missing", absl::StrJoin(missing, " ")});
      if (!Has(keywords, "STARTTLS")) {
        smtp_internal::KeepWorst(
            worst, Finding{v1::WARN, "warn_eop_no_starttls", args});
      } else if (!missing.empty()) {
        smtp_internal::KeepWorst(worst,
                                 Finding{v1::INFO, "info_eop_differs", args});
      } else {
        smtp_internal::KeepWorst(worst, Finding{v1::PASS, "pass", args});
      }
    } else if (Has(keywords, "STARTTLS")) {
      smtp_internal::KeepWorst(worst, Finding{v1::PASS, "pass", args});
    } else {
      smtp_internal::KeepWorst(worst,
                               Finding{v1::INFO, "info_no_starttls", args});
    }
  }
  return smtp_internal::Conclude(id, v1::CONNECTOR, worst, unusable,
                                 evidence.smtp.sessions);
}

v1::CheckResult CheckSmtpStartTls(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckSmtpStartTls;
  if (auto gate =
          smtp_internal::GateOnProbe(id, v1::CONNECTOR, evidence.smtp)) {
    return *std::move(gate);
  }
  std::optional<Finding> worst;
  std::vector<std::string> unusable;
  for (const SmtpSessionEvidence& session : evidence.smtp.sessions) {
    const SmtpReply* ehlo = UsableEhlo(session, unusable);
    if (ehlo == nullptr) continue;
    const bool eop =
        smtp_internal::IsEopSession(session, evidence.dns.eop_ranges);
    MessageArgs args = HostArgs(evidence, session);
    const std::string ended = session.transcript.error().empty()
                                  ? SmtpOutcomeName(session.outcome)
                                  : session.transcript.error();
    if (!ehlo->Positive() || !Has(Keywords(*ehlo), "STARTTLS")) {
      smtp_internal::KeepWorst(
          worst, eop ? Finding{v1::WARN, "warn_not_offered_eop", args}
                     : Finding{v1::INFO, "info_not_offered", args});
      continue;
    }
    if (!session.starttls.has_value()) {
      if (session.outcome == SmtpOutcome::kCompleted) {
        unusable.push_back(absl::StrCat(smtp_internal::Where(session),
                                        ": STARTTLS was not tried"));
        continue;
      }
      args.push_back({"error", absl::StrCat("no reply to STARTTLS: ", ended)});
      smtp_internal::KeepWorst(
          worst, Finding{v1::WARN, "warn_handshake_failed", args});
      continue;
    }
    if (!session.starttls->Positive()) {
      ReplyClassification c = smtp_internal::Classify(*session.starttls);
      if (c.kind == ReplyClass::kProbeRefused) {
        unusable.push_back(absl::StrCat(
            smtp_internal::Where(session), " refused the probe (", c.matched,
            "): ", smtp_internal::FormatReply(*session.starttls)));
        continue;
      }
      args.push_back({"reply", smtp_internal::FormatReply(*session.starttls)});
      smtp_internal::KeepWorst(worst, Finding{v1::WARN, "warn_refused", args});
      continue;
    }
    const v1::TlsCertificate& cert = session.transcript.certificate();
    if (!session.tls_established) {
      std::string error = ended;
      if (!cert.verify_error().empty() &&
          !absl::StrContains(error, cert.verify_error())) {
        absl::StrAppend(&error, " (", cert.verify_error(), ")");
      }
      args.push_back({"error", error});
      smtp_internal::KeepWorst(
          worst, Finding{v1::WARN, "warn_handshake_failed", args});
      continue;
    }
    args.push_back({"subject", cert.subject()});
    args.push_back({"issuer", cert.issuer()});
    args.push_back(
        {"sans", cert.subject_alt_names().empty()
                     ? std::string("(none)")
                     : absl::StrJoin(cert.subject_alt_names(), ", ")});
    args.push_back({"not_after", IsSet(cert.not_after())
                                     ? FormatTime(cert.not_after())
                                     : std::string("(unknown)")});
    args.push_back({"not_before", IsSet(cert.not_before())
                                      ? FormatTime(cert.not_before())
                                      : std::string("(unknown)")});
    args.push_back({"tls_version", cert.tls_version()});
    if (!session.ehlo_tls.has_value() || !session.ehlo_tls->Positive()) {
      args.push_back(
          {"error", session.ehlo_tls.has_value()
                        ? smtp_internal::FormatReply(*session.ehlo_tls)
                        : ended});
      smtp_internal::KeepWorst(
          worst, Finding{v1::WARN, "warn_no_ehlo_after_tls", args});
      continue;
    }
    const absl::Time at = SessionTime(session, evidence);
    if (IsSet(cert.not_after()) &&
        absl::FromUnixSeconds(cert.not_after().seconds()) < at) {
      smtp_internal::KeepWorst(worst, Finding{v1::WARN, "warn_expired", args});
    } else if (IsSet(cert.not_before()) &&
               absl::FromUnixSeconds(cert.not_before().seconds()) > at) {
      smtp_internal::KeepWorst(worst,
                               Finding{v1::WARN, "warn_not_yet_valid", args});
    } else if (!cert.chain_verified() || !cert.name_verified()) {
      std::string why = cert.verify_error();
      if (why.empty()) {
        why = !cert.chain_verified() ? "chain not verified"
                                     : "name does not match the host";
      }
      args.push_back({"verify_error", why});
      smtp_internal::KeepWorst(
          worst, eop ? Finding{v1::WARN, "warn_unverified_eop", args}
                     : Finding{v1::INFO, "info_unverified", args});
    } else {
      smtp_internal::KeepWorst(worst, Finding{v1::PASS, "pass", args});
    }
  }
  return smtp_internal::Conclude(id, v1::CONNECTOR, worst, unusable,
                                 evidence.smtp.sessions);
}

}  // namespace ndrdiag
