// conn.outbound.onprem and conn.outbound.tls: the Exchange Online outbound
// connectors that carry mail to on-premises servers, as the snapshot shows
// them.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

bool CoversDomain(const v1::OutboundConnector& c, absl::string_view domain) {
  if (c.route_all_messages_via_on_premises()) return true;
  for (const std::string& entry : c.recipient_domains()) {
    if (conn::DomainEntryCovers(entry, domain)) return true;
  }
  return false;
}

// What the live MX says: its records in text, and whether they lead to EOP
// (std::nullopt when the MX answer is not known).
struct LiveMx {
  std::string text;
  std::optional<bool> to_eop;
};

LiveMx ReadLiveMx(const DiagnosisEvidence& e) {
  const MxEvidence& mx = e.dns.mx;
  if (!mx.mx.has_value()) return {"not asked", std::nullopt};
  const AnswerKind kind = Classify(*mx.mx);
  if (!IsConclusive(kind)) return {FailureReason(*mx.mx), std::nullopt};
  const std::vector<MxRecord> records = MxRecords(*mx.mx);
  LiveMx out{FormatMxSet(records), false};
  for (const MxRecord& r : records) {
    if (conn::IsEopHost(r.target)) out.to_eop = true;
  }
  const IpRanges& eop =
      e.dns.eop_ranges != nullptr ? *e.dns.eop_ranges : IpRanges::DefaultEop();
  for (const MxTargetEvidence& t : mx.targets) {
    for (const auto* ex : {&t.a, &t.aaaa}) {
      if (!ex->has_value()) continue;
      for (const std::string& address : Addresses(**ex)) {
        if (eop.Contains(address)) out.to_eop = true;
      }
    }
  }
  return out;
}

// The names of the on-premises certificates the hybrid set-up presents: the
// ones the send connectors to EXO (or HCW) name, else every certificate.
std::vector<std::string> OnPremCertificateNames(
    const v1::OnPremisesSnapshot& on_prem) {
  std::vector<std::string> refs;
  for (const v1::SendConnector* s : conn::SendConnectorsToExo(on_prem)) {
    refs.push_back(s->tls_certificate_name());
  }
  refs.push_back(on_prem.hybrid_configuration().tls_certificate_name());
  std::vector<std::string> names;
  for (const std::string& text : refs) {
    const std::optional<cert::CertificateRef> ref =
        cert::ParseTlsCertificateName(text);
    const v1::ExchangeCertificate* cert =
        ref.has_value() ? conn::FindCertificate(on_prem, *ref) : nullptr;
    if (cert == nullptr) continue;
    for (std::string& n : conn::CertificateNames(*cert)) {
      names.push_back(std::move(n));
    }
  }
  if (!names.empty()) return names;
  for (const v1::ExchangeCertificate& cert : on_prem.exchange_certificates()) {
    for (std::string& n : conn::CertificateNames(cert)) {
      names.push_back(std::move(n));
    }
  }
  return names;
}

}  // namespace

v1::CheckResult CheckConnOutboundOnPrem(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckConnOutboundOnPrem;
  if (auto skip = conn::SkipWithoutExo(kId, e)) return *skip;
  const v1::ExoSnapshot& exo = e.snapshot->exo();
  const std::string domain = conn::NormalizeDomainEntry(e.domain);
  if (exo.accepted_domains().empty()) {
    return conn::Skipped(
        kId, "the snapshot lists no accepted domains (exo.acceptedDomains)");
  }
  const v1::AcceptedDomain* accepted = conn::FindAcceptedDomain(exo, domain);
  if (accepted == nullptr) {
    return conn::Skipped(kId,
                         absl::StrCat(domain,
                                      " is not an accepted domain in the "
                                      "snapshot; see tenant.domain.accepted"));
  }
  if (!IsValue(accepted->domain_type(), "InternalRelay")) {
    return MakeResult(kId, v1::CONNECTOR, v1::INFO,
                      absl::StrCat(kId, ".info_not_internal_relay"),
                      {{"domain", domain}, {"type", accepted->domain_type()}});
  }
  std::vector<const v1::OutboundConnector*> candidates;
  std::vector<std::string> near_misses;
  for (const v1::OutboundConnector& c : exo.outbound_connectors()) {
    if (!CoversDomain(c, domain)) continue;
    if (!c.enabled()) {
      near_misses.push_back(absl::StrCat("\"", c.name(), "\" is disabled"));
    } else if (!IsValue(c.connector_type(), "OnPremises")) {
      near_misses.push_back(
          absl::StrCat("\"", c.name(), "\" is of type ", c.connector_type()));
    } else if (c.is_transport_rule_scoped()) {
      near_misses.push_back(
          absl::StrCat("\"", c.name(), "\" is used only by transport rules"));
    } else {
      candidates.push_back(&c);
    }
  }
  if (candidates.empty()) {
    v1::CheckResult result = MakeResult(
        kId, v1::CONNECTOR, v1::FAIL, absl::StrCat(kId, ".fail_missing"),
        {{"domain", domain}}, v1::CONNECTOR_MISCONFIGURED);
    if (!near_misses.empty()) {
      AddNote(result, absl::StrCat("Connectors covering ", domain,
                                   " that do not qualify: ",
                                   conn::JoinList(near_misses)));
    }
    return result;
  }
  for (const v1::OutboundConnector* c : candidates) {
    if (!c->use_mx_record() && !c->smart_hosts().empty()) {
      return MakeResult(
          kId, v1::CONNECTOR, v1::PASS, absl::StrCat(kId, ".pass"),
          {{"domain", domain},
           {"connector", c->name()},
           {"smart_hosts", conn::JoinList({c->smart_hosts().begin(),
                                           c->smart_hosts().end()})}});
    }
  }
  const v1::OutboundConnector& c = *candidates[0];
  if (!c.use_mx_record()) {
    return MakeResult(kId, v1::CONNECTOR, v1::FAIL,
                      absl::StrCat(kId, ".fail_no_smarthosts"),
                      {{"domain", domain}, {"connector", c.name()}},
                      v1::CONNECTOR_MISCONFIGURED);
  }
  const LiveMx mx = ReadLiveMx(e);
  const bool loop = mx.to_eop.value_or(false);
  v1::CheckResult result =
      MakeResult(kId, v1::CONNECTOR, v1::FAIL,
                 absl::StrCat(kId, loop ? ".fail_loop" : ".fail_use_mx"),
                 {{"domain", domain}, {"connector", c.name()}, {"mx", mx.text}},
                 v1::CONNECTOR_MISCONFIGURED);
  if (loop) {
    AddNote(result,
            "Inference: with UseMXRecord=true Exchange Online delivers to the "
            "MX of the domain, which is Exchange Online itself, so the message "
            "loops until it is rejected (5.4.14).");
  }
  if (e.dns.mx.mx.has_value()) AddEvidence(result, *e.dns.mx.mx);
  return result;
}

v1::CheckResult CheckConnOutboundTls(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckConnOutboundTls;
  if (auto skip = conn::SkipWithoutExo(kId, e)) return *skip;
  const v1::ExoSnapshot& exo = e.snapshot->exo();
  std::vector<const v1::OutboundConnector*> hcw;
  for (const v1::OutboundConnector& c : exo.outbound_connectors()) {
    const bool named_by_org =
        !exo.on_prem_org().outbound_connector().empty() &&
        IsValue(c.name(), exo.on_prem_org().outbound_connector());
    if (IsValue(c.connector_source(), "HybridWizard") || named_by_org) {
      hcw.push_back(&c);
    }
  }
  if (hcw.empty()) {
    return conn::Skipped(kId,
                         "no outbound connector was made by the Hybrid "
                         "Configuration Wizard (ConnectorSource HybridWizard)");
  }
  std::vector<std::string> cert_names;
  if (e.snapshot->has_on_premises()) {
    cert_names = OnPremCertificateNames(e.snapshot->on_premises());
  }
  for (const v1::OutboundConnector* c : hcw) {
    std::vector<std::string> problems;
    if (!IsValue(c->tls_settings(), "DomainValidation")) {
      problems.push_back(absl::StrCat("TlsSettings=\"", c->tls_settings(),
                                      "\" (expected DomainValidation)"));
    }
    if (c->tls_domain().empty()) {
      problems.push_back("TlsDomain is empty");
    } else if (!cert_names.empty()) {
      bool matches = false;
      for (const std::string& n : cert_names) {
        matches = matches || cert::CertNameMatches(c->tls_domain(), n);
      }
      if (!matches) {
        problems.push_back(
            absl::StrCat("TlsDomain=", c->tls_domain(),
                         " matches no name of the on-premises certificate (",
                         conn::JoinList(cert_names), ")"));
      }
    }
    if (!c->cloud_services_mail_enabled()) {
      problems.push_back("CloudServicesMailEnabled=false");
    }
    if (!problems.empty()) {
      return MakeResult(kId, v1::CONNECTOR, v1::WARN,
                        absl::StrCat(kId, ".warn_settings"),
                        {{"connector", c->name()},
                         {"problems", absl::StrJoin(problems, "; ")}},
                        v1::CONNECTOR_MISCONFIGURED);
    }
  }
  v1::CheckResult result =
      MakeResult(kId, v1::CONNECTOR, v1::PASS, absl::StrCat(kId, ".pass"),
                 {{"connectors", conn::ConnectorNames(hcw)}});
  if (cert_names.empty()) {
    AddNote(result,
            "TlsDomain was not compared with the on-premises certificate: the "
            "snapshot has no on-premises certificates.");
  }
  return result;
}

}  // namespace ndrdiag
