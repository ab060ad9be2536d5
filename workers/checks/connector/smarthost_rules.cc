// conn.outbound.smarthost_dns and conn.outbound.smarthost_smtp: whether
// Exchange Online can reach the SmartHosts of the outbound connectors, as
// the live lookups and probe sessions of this diagnosis found them (mail
// flow intelligence codes 4.4.312 / 4.4.315 / 4.4.316 / 4.4.317 / 4.7.320).
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
#include "workers/checks/connector/connector_checks.h"
#include "workers/checks/connector/connector_lookups.h"
#include "workers/checks/connector/rule_support.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/dns/ip_ranges.h"
#include "workers/checks/hybrid/cert_names.h"

namespace ndrdiag {
namespace {

using conn::IsValue;

// A certificate that expires within this is a warning (issue 6: the
// on-premises smart host's certificate, like hybrid.sendconn.cert's).
constexpr absl::Duration kExpiryWarning = absl::Hours(24 * 60);

bool SnapshotHasSmartHosts(const v1::ExoSnapshot& exo) {
  for (const v1::OutboundConnector& c : exo.outbound_connectors()) {
    if (c.enabled() && !c.smart_hosts().empty()) return true;
  }
  return false;
}

// SKIPPED / INCONCLUSIVE when there is no smart-host evidence to judge.
std::optional<v1::CheckResult> NoSmartHosts(absl::string_view id,
                                            const DiagnosisEvidence& e) {
  if (auto skip = conn::SkipWithoutExo(id, e)) return skip;
  if (!e.smart_hosts.empty()) return std::nullopt;
  if (SnapshotHasSmartHosts(e.snapshot->exo())) {
    return MakeInconclusive(id, v1::CONNECTOR,
                            "the smart hosts of the outbound connectors were "
                            "not looked up");
  }
  return conn::Skipped(id, "no enabled outbound connector has SmartHosts");
}

const v1::OutboundConnector* FindOutbound(const v1::ExoSnapshot& exo,
                                          absl::string_view name) {
  for (const v1::OutboundConnector& c : exo.outbound_connectors()) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}

// One finding of a session that fails the check.
struct Failure {
  std::string outcome;  // message key suffix
  MessageArgs args;
  std::string summary;  // English, for the notes
};

std::string ServerOf(const SmtpSessionEvidence& s) {
  return s.transcript.server().empty() ? s.address : s.transcript.server();
}

std::optional<absl::Time> NotAfter(const v1::TlsCertificate& cert) {
  if (!cert.has_not_after()) return std::nullopt;
  return absl::FromUnixSeconds(cert.not_after().seconds());
}

std::string UtcText(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", t, absl::UTCTimeZone());
}

bool Expired(const v1::TlsCertificate& cert, absl::Time now) {
  if (absl::StrContains(absl::AsciiStrToLower(cert.verify_error()),
                        "expired")) {
    return true;
  }
  const std::optional<absl::Time> not_after = NotAfter(cert);
  // UnixEpoch = the caller gave no clock reading.
  return not_after.has_value() && now != absl::UnixEpoch() && *not_after < now;
}

// Judges one session: a failure, an inconclusive reason, a warning (a
// certificate about to expire: `warnings`), or nothing.
std::optional<Failure> JudgeSession(const SmtpSessionEvidence& s,
                                    const v1::OutboundConnector* connector,
                                    absl::Time now,
                                    std::vector<std::string>& inconclusive,
                                    std::vector<Failure>& warnings) {
  const std::string server = ServerOf(s);
  MessageArgs args = {{"host", s.host}, {"server", server}};
  const std::string why = s.transcript.error().empty()
                              ? SmtpOutcomeName(s.outcome)
                              : s.transcript.error();
  switch (s.outcome) {
    case SmtpOutcome::kBlockedByPolicy:
    case SmtpOutcome::kRateLimited:
    case SmtpOutcome::kCancelled:
    case SmtpOutcome::kClosed:
    case SmtpOutcome::kProtocolError:
      inconclusive.push_back(absl::StrCat(server, " (", s.host, "): ", why));
      return std::nullopt;
    case SmtpOutcome::kRefused:
      return Failure{"fail_refused", args,
                     absl::StrCat(server, " refused the connection")};
    case SmtpOutcome::kTimeout:
      args.emplace_back("step", SmtpStepName(s.failed_step));
      return Failure{
          "fail_timeout", args,
          absl::StrCat(server, " timed out at ", SmtpStepName(s.failed_step))};
    case SmtpOutcome::kTlsFailed: {
      const std::string error =
          s.transcript.certificate().verify_error().empty()
              ? why
              : s.transcript.certificate().verify_error();
      args.emplace_back("error", error);
      return Failure{"fail_tls", args,
                     absl::StrCat(server, " TLS handshake failed: ", error)};
    }
    case SmtpOutcome::kCompleted:
      break;
  }
  if (!s.tls_established) {
    const std::vector<std::string> keywords = s.EhloKeywords();
    const bool offered = std::find(keywords.begin(), keywords.end(),
                                   "STARTTLS") != keywords.end();
    if (!offered || (s.starttls.has_value() && !s.starttls->Positive())) {
      return Failure{"fail_no_starttls", args,
                     absl::StrCat(server, " does not offer STARTTLS")};
    }
    inconclusive.push_back(
        absl::StrCat(server, " (", s.host, "): TLS was not established"));
    return std::nullopt;
  }
  if (!s.transcript.has_certificate()) return std::nullopt;
  const v1::TlsCertificate& cert = s.transcript.certificate();
  if (Expired(cert, now)) {
    const std::optional<absl::Time> not_after = NotAfter(cert);
    args.emplace_back("not_after",
                      not_after.has_value() ? UtcText(*not_after) : "unknown");
    return Failure{"fail_expired", args,
                   absl::StrCat(server, " presents an expired certificate")};
  }
  if (connector != nullptr &&
      IsValue(connector->tls_settings(), "DomainValidation") &&
      !connector->tls_domain().empty()) {
    // RFC 6125 §6.4.4: with DNS subjectAltNames the subject CN is not a
    // name of the certificate.
    const std::vector<std::string> sans(cert.subject_alt_names().begin(),
                                        cert.subject_alt_names().end());
    const std::vector<std::string> names =
        cert::PresentedDnsIds(cert.subject(), sans);
    if (!cert::CertificateMatches(connector->tls_domain(), cert.subject(),
                                  sans)) {
      args.emplace_back("expected", connector->tls_domain());
      args.emplace_back("presented", absl::StrCat(cert.subject(), " (",
                                                  conn::JoinList(names), ")"));
      return Failure{"fail_subject_mismatch", args,
                     absl::StrCat(server, " presents ", cert.subject(),
                                  ", not ", connector->tls_domain())};
    }
  }
  const std::optional<absl::Time> not_after = NotAfter(cert);
  if (not_after.has_value() && now != absl::UnixEpoch() &&
      *not_after - now <= kExpiryWarning) {
    args.emplace_back("not_after", UtcText(*not_after));
    args.emplace_back("days",
                      absl::StrCat(absl::ToInt64Hours(*not_after - now) / 24));
    warnings.push_back(
        Failure{"warn_expiring", args,
                absl::StrCat(server, " presents a certificate that expires on ",
                             UtcText(*not_after))});
  }
  return std::nullopt;
}

}  // namespace

v1::CheckResult CheckConnOutboundSmartHostDns(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckConnOutboundSmartHostDns;
  if (auto none = NoSmartHosts(kId, e)) return *none;
  const IpRanges& eop =
      e.dns.eop_ranges != nullptr ? *e.dns.eop_ranges : IpRanges::DefaultEop();
  std::vector<std::string> legacy, unresolved, unknown, resolved, literals;
  std::vector<const v1::DnsExchange*> exchanges;
  for (const SmartHostEvidence& h : e.smart_hosts) {
    if (h.is_ip_literal) {
      (eop.Contains(h.host) ? legacy : literals).push_back(h.host);
      continue;
    }
    if (conn::IsLegacyEndpoint(h.host)) {
      legacy.push_back(h.host);
      continue;
    }
    bool records = false, nxdomain = false, asked = false;
    std::string failure;
    for (const auto* ex : {&h.a, &h.aaaa}) {
      if (!ex->has_value()) continue;
      asked = true;
      exchanges.push_back(&**ex);
      const AnswerKind kind = Classify(**ex);
      records = records || kind == AnswerKind::kRecords;
      nxdomain = nxdomain || kind == AnswerKind::kNxDomain;
      if (!IsConclusive(kind) && failure.empty()) failure = FailureReason(**ex);
    }
    if (records) {
      resolved.push_back(h.host);
    } else if (nxdomain) {
      unresolved.push_back(absl::StrCat(h.host, " (NXDOMAIN)"));
    } else if (!asked) {
      unknown.push_back(absl::StrCat(h.host, " was not looked up"));
    } else if (!failure.empty()) {
      unknown.push_back(failure);
    } else {
      unresolved.push_back(absl::StrCat(h.host, " (no A/AAAA record)"));
    }
  }
  v1::CheckResult result;
  if (!legacy.empty()) {
    result = MakeResult(
        kId, v1::CONNECTOR, v1::FAIL, absl::StrCat(kId, ".fail_legacy"),
        {{"hosts", conn::JoinList(legacy)}}, v1::MX_LEGACY_ENDPOINT);
  } else if (!unresolved.empty()) {
    result = MakeResult(
        kId, v1::CONNECTOR, v1::FAIL, absl::StrCat(kId, ".fail_unresolved"),
        {{"hosts", conn::JoinList(unresolved)}}, v1::CONNECTOR_MISCONFIGURED);
  } else if (!unknown.empty()) {
    result = MakeInconclusive(kId, v1::CONNECTOR, absl::StrJoin(unknown, "; "));
  } else if (!literals.empty()) {
    result = MakeResult(kId, v1::CONNECTOR, v1::PASS,
                        absl::StrCat(kId, ".pass_ip_literal"),
                        {{"hosts", conn::JoinList(resolved)},
                         {"literals", conn::JoinList(literals)}});
  } else {
    result =
        MakeResult(kId, v1::CONNECTOR, v1::PASS, absl::StrCat(kId, ".pass"),
                   {{"hosts", conn::JoinList(resolved)}});
  }
  if (!literals.empty()) {
    AddNote(result, absl::StrCat("IP literal smart hosts need no DNS: ",
                                 conn::JoinList(literals)));
  }
  for (const v1::DnsExchange* ex : exchanges) AddEvidence(result, *ex);
  return result;
}

v1::CheckResult CheckConnOutboundSmartHostSmtp(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckConnOutboundSmartHostSmtp;
  if (auto none = NoSmartHosts(kId, e)) return *none;
  const v1::ExoSnapshot& exo = e.snapshot->exo();
  std::vector<Failure> failures, warnings;
  std::vector<std::string> inconclusive, servers;
  std::vector<const v1::SmtpTranscript*> transcripts;
  for (const SmartHostEvidence& h : e.smart_hosts) {
    const v1::OutboundConnector* connector = FindOutbound(exo, h.connector);
    for (const SmtpSessionEvidence& s : h.sessions) {
      transcripts.push_back(&s.transcript);
      servers.push_back(ServerOf(s));
      std::optional<Failure> failure =
          JudgeSession(s, connector, e.dns.now, inconclusive, warnings);
      if (failure.has_value()) failures.push_back(std::move(*failure));
    }
  }
  v1::CheckResult result;
  if (!failures.empty()) {
    // An expired certificate is the certificate's fault (4.7.320), not
    // the connector's.
    result = MakeResult(
        kId, v1::CONNECTOR, v1::FAIL,
        absl::StrCat(kId, ".", failures[0].outcome), failures[0].args,
        failures[0].outcome == "fail_expired" ? v1::HYBRID_CERTIFICATE
                                              : v1::CONNECTOR_MISCONFIGURED);
    for (size_t i = 1; i < failures.size(); ++i) {
      AddNote(result, failures[i].summary);
    }
    for (const Failure& w : warnings) AddNote(result, w.summary);
  } else if (!warnings.empty()) {
    result = MakeResult(kId, v1::CONNECTOR, v1::WARN,
                        absl::StrCat(kId, ".", warnings[0].outcome),
                        warnings[0].args, v1::HYBRID_CERTIFICATE);
    for (size_t i = 1; i < warnings.size(); ++i) {
      AddNote(result, warnings[i].summary);
    }
  } else if (!inconclusive.empty()) {
    result =
        MakeInconclusive(kId, v1::CONNECTOR, absl::StrJoin(inconclusive, "; "));
  } else if (transcripts.empty()) {
    if (e.smtp.disabled) {
      return MakeInconclusive(kId, v1::CONNECTOR,
                              absl::StrCat("the SMTP probe is disabled (",
                                           e.smtp.disabled_reason, ")"));
    }
    return conn::Skipped(kId,
                         "no smart-host address to probe; see "
                         "conn.outbound.smarthost_dns");
  } else {
    result =
        MakeResult(kId, v1::CONNECTOR, v1::PASS, absl::StrCat(kId, ".pass"),
                   {{"servers", conn::JoinList(servers)}});
  }
  if ((!failures.empty() || !warnings.empty()) && !inconclusive.empty()) {
    AddNote(result,
            absl::StrCat("Not judged: ", absl::StrJoin(inconclusive, "; ")));
  }
  for (const v1::SmtpTranscript* t : transcripts) AddSmtpEvidence(result, *t);
  return result;
}

}  // namespace ndrdiag
