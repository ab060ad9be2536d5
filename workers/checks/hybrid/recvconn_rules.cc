// hybrid.recvconn.frontend and hybrid.onprem.accepts_domains: whether the
// on-premises servers take the mail Exchange Online sends them, from
// Get-ReceiveConnector / Get-AcceptedDomain and the live sessions with the
// on-premises smart host (450 4.4.317 SubjectMismatch, 550 5.7.54).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "workers/checks/connector/connector_lookups.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/hybrid/cert_names.h"
#include "workers/checks/hybrid/hybrid_checks.h"
#include "workers/checks/hybrid/hybrid_support.h"
#include "workers/checks/tenant/snapshot_lookup.h"

namespace ndrdiag {
namespace {

using hybrid::Differs;
using hybrid::NormalizeEntry;
using hybrid::Result;

constexpr absl::string_view kCloudCapability =
    "mail.protection.outlook.com:AcceptCloudServicesMail";

// Whether a PowerShell flag list ("AnonymousUsers, ExchangeServers") has
// `flag`.
bool HasFlag(absl::string_view list, absl::string_view flag) {
  for (absl::string_view f : absl::StrSplit(list, absl::ByAnyChar(",; "))) {
    if (absl::EqualsIgnoreCase(f, flag)) return true;
  }
  return false;
}

bool HasCloudCapability(const v1::ReceiveConnector& c) {
  for (const std::string& cap : c.tls_domain_capabilities()) {
    const std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(cap, absl::MaxSplits(':', 1));
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(kv.first),
                               "mail.protection.outlook.com") &&
        HasFlag(kv.second, "AcceptCloudServicesMail")) {
      return true;
    }
  }
  return false;
}

const v1::OutboundConnector* FindOutbound(const v1::TenantSnapshot& s,
                                          absl::string_view name) {
  for (const v1::OutboundConnector& c : s.exo().outbound_connectors()) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}

struct Mismatch {
  std::string host;
  std::string expected;
  std::string presented;
};

// Smart-host sessions whose certificate does not carry the name the EXO
// connector validates (what EXO reports as 4.4.317 SubjectMismatch).
std::vector<Mismatch> LiveMismatches(
    const DiagnosisEvidence& e, std::vector<const v1::SmtpTranscript*>& seen) {
  std::vector<Mismatch> out;
  for (const SmartHostEvidence& h : e.smart_hosts) {
    const v1::OutboundConnector* c = FindOutbound(*e.snapshot, h.connector);
    if (c == nullptr || !conn::IsValue(c->tls_settings(), "DomainValidation") ||
        c->tls_domain().empty()) {
      continue;
    }
    for (const SmtpSessionEvidence& s : h.sessions) {
      if (!s.tls_established || !s.transcript.has_certificate()) continue;
      seen.push_back(&s.transcript);
      const v1::TlsCertificate& cert = s.transcript.certificate();
      const std::vector<std::string> sans(cert.subject_alt_names().begin(),
                                          cert.subject_alt_names().end());
      if (cert::CertificateMatches(c->tls_domain(), cert.subject(), sans)) {
        continue;
      }
      const std::vector<std::string> ids =
          cert::PresentedDnsIds(cert.subject(), sans);
      out.push_back(
          {absl::StrCat(h.host, " (", s.transcript.server(), ")"),
           c->tls_domain(),
           absl::StrCat(cert.subject(), " [", absl::StrJoin(ids, ", "), "]")});
    }
  }
  return out;
}

// Smart-host sessions whose certificate is not the one `tls_certificate_name`
// ("<I>issuer<S>subject") names: the receive connector presents another
// certificate than the hybrid one (an old or a default self-signed one).
std::vector<std::string> LiveOtherCertificates(
    const DiagnosisEvidence& e, absl::string_view tls_certificate_name,
    std::vector<const v1::SmtpTranscript*>& seen) {
  std::vector<std::string> out;
  const std::optional<cert::CertificateRef> ref =
      cert::ParseTlsCertificateName(tls_certificate_name);
  if (!ref.has_value()) return out;
  for (const SmartHostEvidence& h : e.smart_hosts) {
    for (const SmtpSessionEvidence& s : h.sessions) {
      if (!s.tls_established || !s.transcript.has_certificate()) continue;
      const v1::TlsCertificate& presented = s.transcript.certificate();
      if (std::find(seen.begin(), seen.end(), &s.transcript) == seen.end()) {
        seen.push_back(&s.transcript);
      }
      if (cert::DnEquals(presented.issuer(), ref->issuer) &&
          cert::DnEquals(presented.subject(), ref->subject)) {
        continue;
      }
      out.push_back(Differs(
          absl::StrCat("presented certificate of ", h.host, " (",
                       s.transcript.server(), ")"),
          absl::StrCat("<I>", presented.issuer(), "<S>", presented.subject()),
          tls_certificate_name));
    }
  }
  return out;
}

// A reply of the session that refuses a non-accepted domain, or nullptr.
const SmtpReply* NonAcceptedReply(const SmtpSessionEvidence& s) {
  std::vector<const SmtpReply*> replies;
  for (const auto* r :
       {&s.banner, &s.ehlo, &s.starttls, &s.ehlo_tls, &s.mail_from}) {
    if (r->has_value()) replies.push_back(&**r);
  }
  for (const auto& r : s.rcpt_replies) {
    if (r.has_value()) replies.push_back(&*r);
  }
  for (const SmtpReply* r : replies) {
    const std::string text = absl::AsciiStrToLower(r->Text());
    if (r->enhanced == "5.7.54" || absl::StrContains(text, "5.7.54") ||
        absl::StrContains(text, "non-accepted domain")) {
      return r;
    }
  }
  return nullptr;
}

}  // namespace

v1::CheckResult CheckHybridRecvConnFrontend(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckHybridRecvConnFrontend;
  if (auto skip = hybrid::SkipWithoutOnPrem(kId, e)) return *skip;
  if (auto info = hybrid::InfoWhenNotHybrid(kId, e)) return *info;
  const v1::OnPremisesSnapshot& on_prem = e.snapshot->on_premises();
  std::vector<const v1::SmtpTranscript*> seen;
  const std::vector<Mismatch> live = LiveMismatches(e, seen);
  const std::vector<const v1::ReceiveConnector*> frontends =
      hybrid::FrontendConnectors(on_prem);
  const std::string hybrid_cert = hybrid::HybridCertificateName(on_prem);
  std::vector<std::string> problems, names;
  for (const v1::ReceiveConnector* c : frontends) {
    names.push_back(c->identity().empty() ? c->name() : c->identity());
    std::vector<std::string> p;
    if (c->tls_certificate_name().empty() ||
        (!hybrid_cert.empty() &&
         !cert::SameCertificateName(c->tls_certificate_name(), hybrid_cert))) {
      p.push_back(
          Differs("TlsCertificateName", c->tls_certificate_name(),
                  hybrid_cert.empty() ? "<I>issuer<S>subject" : hybrid_cert));
    }
    if (!HasCloudCapability(*c)) {
      p.push_back(Differs("TlsDomainCapabilities",
                          absl::StrJoin(c->tls_domain_capabilities(), ", "),
                          kCloudCapability));
    }
    if (!HasFlag(c->permission_groups(), "AnonymousUsers")) {
      p.push_back(Differs("PermissionGroups", c->permission_groups(),
                          "+AnonymousUsers"));
    }
    if (!HasFlag(c->auth_mechanism(), "Tls")) {
      p.push_back(Differs("AuthMechanism", c->auth_mechanism(), "+Tls"));
    }
    for (std::string& x : p) {
      problems.push_back(frontends.size() > 1
                             ? absl::StrCat(names.back(), ": ", x)
                             : std::move(x));
    }
  }
  // What the on-premises host presents must be the certificate the
  // connector names (what Exchange Online validates arrives from it).
  const std::string named =
      frontends.empty() || frontends[0]->tls_certificate_name().empty()
          ? hybrid_cert
          : frontends[0]->tls_certificate_name();
  for (std::string& x : LiveOtherCertificates(e, named, seen)) {
    problems.push_back(std::move(x));
  }
  v1::CheckResult result;
  if (!live.empty()) {
    result = Result(kId, "warn_presented_mismatch", v1::WARN,
                    {{"host", live[0].host},
                     {"expected", live[0].expected},
                     {"presented", live[0].presented}},
                    v1::HYBRID_RECEIVE_CONNECTOR);
    for (size_t i = 1; i < live.size(); ++i) {
      AddNote(result,
              absl::StrCat(live[i].host, " presents ", live[i].presented,
                           ", not ", live[i].expected));
    }
    if (!problems.empty()) AddNote(result, hybrid::JoinItems(problems));
  } else if (frontends.empty()) {
    if (on_prem.receive_connectors().empty()) {
      return hybrid::Skipped(kId,
                             "the on-premises part lists no receive "
                             "connectors (receiveConnectors)");
    }
    result =
        Result(kId, "warn_missing", v1::WARN, {}, v1::HYBRID_RECEIVE_CONNECTOR);
  } else if (!problems.empty()) {
    result = Result(kId, "warn_properties", v1::WARN,
                    {{"connector", absl::StrJoin(names, ", ")},
                     {"problems", hybrid::JoinItems(problems)}},
                    v1::HYBRID_RECEIVE_CONNECTOR);
  } else {
    result = Result(kId, "pass", v1::PASS,
                    {{"connector", absl::StrJoin(names, ", ")}});
  }
  for (const v1::SmtpTranscript* t : seen) AddSmtpEvidence(result, *t);
  return result;
}

v1::CheckResult CheckHybridOnPremAcceptsDomains(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckHybridOnPremAcceptsDomains;
  if (auto skip = hybrid::SkipWithoutOnPrem(kId, e)) return *skip;
  const v1::TenantSnapshot& s = *e.snapshot;
  // Live evidence first: the on-premises server said it itself.
  for (const SmartHostEvidence& h : e.smart_hosts) {
    for (const SmtpSessionEvidence& session : h.sessions) {
      const SmtpReply* reply = NonAcceptedReply(session);
      if (reply == nullptr) continue;
      v1::CheckResult r =
          Result(kId, "fail_rejected", v1::FAIL,
                 {{"host", h.host},
                  {"reply", absl::StrCat(reply->code, " ", reply->Text())}},
                 v1::HYBRID_RECEIVE_CONNECTOR);
      AddSmtpEvidence(r, session.transcript);
      return r;
    }
  }
  if (!s.has_exo()) return hybrid::Skipped(kId, std::string(hybrid::kNoExo));
  std::vector<std::string> routed, connectors;
  bool all = false;
  for (const v1::OutboundConnector& c : s.exo().outbound_connectors()) {
    if (!c.enabled() || !conn::IsValue(c.connector_type(), "OnPremises")) {
      continue;
    }
    connectors.push_back(c.name());
    all = all || c.route_all_messages_via_on_premises();
    for (const std::string& d : c.recipient_domains()) {
      std::string n = NormalizeEntry(d);
      if (n == "*") {
        all = true;
        continue;
      }
      if (absl::StartsWith(n, "*.")) n.erase(0, 2);
      if (!n.empty()) routed.push_back(n);
    }
  }
  if (connectors.empty()) return Result(kId, "info_not_hybrid", v1::INFO, {});
  if (all) {
    // Centralized mail transport: every hybrid domain's mail comes
    // through on-premises.
    std::vector<std::string> hybrid_domains(
        s.exo().on_prem_org().hybrid_domains().begin(),
        s.exo().on_prem_org().hybrid_domains().end());
    for (const std::string& d :
         s.on_premises().hybrid_configuration().domains()) {
      hybrid_domains.push_back(std::string(absl::StripPrefix(d, "autod:")));
    }
    for (const std::string& d : hybrid_domains) {
      routed.push_back(NormalizeEntry(d));
    }
  }
  std::sort(routed.begin(), routed.end());
  routed.erase(std::unique(routed.begin(), routed.end()), routed.end());
  routed.erase(std::remove_if(routed.begin(), routed.end(),
                              [](const std::string& d) {
                                return d.empty() ||
                                       HasDomainSuffix(d, "onmicrosoft.com");
                              }),
               routed.end());
  if (routed.empty()) {
    return hybrid::Skipped(kId,
                           "no domain Exchange Online routes to on-premises "
                           "is named in the snapshot");
  }
  if (s.on_premises().accepted_domains().empty()) {
    return hybrid::Skipped(kId,
                           "the on-premises part lists no accepted domains "
                           "(acceptedDomains)");
  }
  std::vector<std::string> missing;
  for (const std::string& d : routed) {
    if (tenant::FindAcceptedDomainIn(s.on_premises().accepted_domains(), d)
            .domain == nullptr) {
      missing.push_back(d);
    }
  }
  if (!missing.empty()) {
    return Result(kId, all ? "fail_not_accepted_cmt" : "fail_not_accepted",
                  v1::FAIL,
                  {{"domains", absl::StrJoin(missing, ", ")},
                   {"connector", absl::StrJoin(connectors, ", ")}},
                  v1::HYBRID_RECEIVE_CONNECTOR);
  }
  return Result(kId, "pass", v1::PASS,
                {{"domains", absl::StrJoin(routed, ", ")}});
}

}  // namespace ndrdiag
