// conn.inbound.*: whether Exchange Online attributes mail from on-premises
// servers to the tenant (KB2827473 case 2, 5.7.64 TenantAttribution, ATTR36,
// 5.7.51 TenantInboundAttribution).
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "workers/checks/check_result.h"
#include "workers/checks/connector/connector_checks.h"
#include "workers/checks/connector/connector_lookups.h"
#include "workers/checks/connector/rule_support.h"

namespace ndrdiag {
namespace {

using conn::IsValue;

std::vector<const v1::InboundConnector*> OnPremisesInbound(
    const v1::ExoSnapshot& exo, bool enabled_only) {
  std::vector<const v1::InboundConnector*> out;
  for (const v1::InboundConnector& c : exo.inbound_connectors()) {
    if (IsValue(c.connector_type(), "OnPremises") &&
        (c.enabled() || !enabled_only)) {
      out.push_back(&c);
    }
  }
  return out;
}

std::vector<std::string> AcceptedDomainNames(const v1::ExoSnapshot& exo) {
  std::vector<std::string> out;
  for (const v1::AcceptedDomain& a : exo.accepted_domains()) {
    out.push_back(conn::NormalizeDomainEntry(
        a.domain_name().empty() ? a.name() : a.domain_name()));
  }
  return out;
}

v1::CheckResult Fail(absl::string_view id, absl::string_view outcome,
                     const MessageArgs& args,
                     v1::RootCause cause = v1::CONNECTOR_MISCONFIGURED) {
  return MakeResult(id, v1::CONNECTOR, v1::FAIL, absl::StrCat(id, ".", outcome),
                    args, cause);
}

// How one certificate fares against the OnPremises connectors: std::nullopt
// when some connector attributes it to the tenant, else the failure of the
// first connector.
std::optional<v1::CheckResult> JudgeCertificate(
    const v1::ExoSnapshot& exo,
    const std::vector<const v1::InboundConnector*>& connectors,
    const v1::ExchangeCertificate& cert, const std::string& send_connector) {
  const std::vector<std::string> names = conn::CertificateNames(cert);
  std::optional<v1::CheckResult> first_failure;
  for (const v1::InboundConnector* c : connectors) {
    const std::string& pattern = c->tls_sender_certificate_name();
    std::vector<std::string> matched, accepted;
    for (const std::string& name : names) {
      if (!cert::CertNameMatches(pattern, name)) continue;
      matched.push_back(name);
      if (conn::IsAcceptedCertName(exo, name)) accepted.push_back(name);
    }
    if (!accepted.empty()) return std::nullopt;
    if (first_failure.has_value()) continue;
    if (matched.empty()) {
      first_failure = Fail(kCheckConnInboundCertMatch, "fail_mismatch",
                           {{"connector", c->name()},
                            {"pattern", pattern},
                            {"send_connector", send_connector},
                            {"subject", cert.subject()},
                            {"names", conn::JoinList(names)}});
    } else {
      first_failure =
          Fail(kCheckConnInboundCertMatch, "fail_not_accepted",
               {{"connector", c->name()},
                {"names", conn::JoinList(matched)},
                {"accepted", conn::JoinList(AcceptedDomainNames(exo))}});
    }
  }
  return first_failure;
}

}  // namespace

v1::CheckResult CheckConnInboundOnPremExists(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckConnInboundOnPremExists;
  if (auto skip = conn::SkipWithoutExo(kId, e)) return *skip;
  const std::vector<std::string> signals = conn::HybridSignals(*e.snapshot);
  if (signals.empty()) {
    return MakeResult(kId, v1::CONNECTOR, v1::INFO,
                      absl::StrCat(kId, ".info_not_hybrid"), {});
  }
  const auto all = OnPremisesInbound(e.snapshot->exo(), false);
  const auto enabled = OnPremisesInbound(e.snapshot->exo(), true);
  v1::CheckResult result;
  if (!enabled.empty()) {
    result =
        MakeResult(kId, v1::CONNECTOR, v1::PASS, absl::StrCat(kId, ".pass"),
                   {{"connectors", conn::ConnectorNames(enabled)}});
  } else if (!all.empty()) {
    result = Fail(kId, "fail_disabled",
                  {{"connectors", conn::ConnectorNames(all)},
                   {"signals", conn::JoinList(signals)}});
  } else {
    result = Fail(kId, "fail_missing", {{"signals", conn::JoinList(signals)}});
  }
  AddNote(result, absl::StrCat("On-premises servers send through Exchange "
                               "Online, as shown by: ",
                               conn::JoinList(signals)));
  return result;
}

v1::CheckResult CheckConnInboundCertMatch(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckConnInboundCertMatch;
  if (auto skip = conn::SkipWithoutExo(kId, e)) return *skip;
  const v1::ExoSnapshot& exo = e.snapshot->exo();
  std::vector<const v1::InboundConnector*> connectors;
  for (const v1::InboundConnector* c : OnPremisesInbound(exo, true)) {
    if (!c->tls_sender_certificate_name().empty()) connectors.push_back(c);
  }
  if (connectors.empty()) {
    return conn::Skipped(kId,
                         "no enabled OnPremises inbound connector identifies "
                         "on-premises servers by certificate "
                         "(TlsSenderCertificateName)");
  }
  if (exo.accepted_domains().empty()) {
    return conn::Skipped(
        kId, "the snapshot lists no accepted domains (exo.acceptedDomains)");
  }
  // The certificate must match TlsSenderCertificateName, so a name outside
  // the accepted domains fails ATTR36 whatever certificate is installed:
  // judged whenever the certificate itself cannot be.
  auto skip_unless_attr36 = [&](const std::string& reason) {
    for (const v1::InboundConnector* c : connectors) {
      if (conn::IsAcceptedCertName(exo, c->tls_sender_certificate_name())) {
        return conn::Skipped(kId, reason);
      }
    }
    return Fail(kId, "fail_not_accepted",
                {{"connector", connectors[0]->name()},
                 {"names", connectors[0]->tls_sender_certificate_name()},
                 {"accepted", conn::JoinList(AcceptedDomainNames(exo))}});
  };
  if (!e.snapshot->has_on_premises()) {
    return skip_unless_attr36(
        absl::StrCat(conn::kNoOnPrem,
                     ": the certificate on-premises servers present is "
                     "not known"));
  }
  const v1::OnPremisesSnapshot& on_prem = e.snapshot->on_premises();
  // The certificates the send connectors to Exchange Online present; HCW's
  // TlsCertificateName stands in when no connector names one.
  std::vector<std::pair<std::string, std::string>> named;  // connector, cert
  for (const v1::SendConnector* s : conn::SendConnectorsToExo(on_prem)) {
    if (!s->tls_certificate_name().empty()) {
      named.emplace_back(s->name(), s->tls_certificate_name());
    }
  }
  if (named.empty() && on_prem.has_hybrid_configuration() &&
      !on_prem.hybrid_configuration().tls_certificate_name().empty()) {
    named.emplace_back("Get-HybridConfiguration",
                       on_prem.hybrid_configuration().tls_certificate_name());
  }
  if (named.empty()) {
    return skip_unless_attr36(
        "no on-premises send connector to Exchange Online names a certificate "
        "(TlsCertificateName); see hybrid.sendconn.to_o365");
  }
  if (on_prem.exchange_certificates().empty()) {
    return skip_unless_attr36(
        "the on-premises part lists no certificates (exchangeCertificates)");
  }
  const v1::ExchangeCertificate* last = nullptr;
  for (const auto& [send_connector, cert_name] : named) {
    const std::optional<cert::CertificateRef> ref =
        cert::ParseTlsCertificateName(cert_name);
    const v1::ExchangeCertificate* cert =
        ref.has_value() ? conn::FindCertificate(on_prem, *ref) : nullptr;
    if (cert == nullptr) {
      return Fail(
          kId, "fail_cert_missing",
          {{"send_connector", send_connector}, {"certificate", cert_name}},
          v1::HYBRID_CERTIFICATE);
    }
    std::optional<v1::CheckResult> failure =
        JudgeCertificate(exo, connectors, *cert, send_connector);
    if (failure.has_value()) return *failure;
    last = cert;
  }
  return MakeResult(kId, v1::CONNECTOR, v1::PASS, absl::StrCat(kId, ".pass"),
                    {{"connectors", conn::ConnectorNames(connectors)},
                     {"subject", last->subject()},
                     {"names", conn::JoinList(conn::CertificateNames(*last))}});
}

v1::CheckResult CheckConnInboundIpMatch(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckConnInboundIpMatch;
  if (auto skip = conn::SkipWithoutExo(kId, e)) return *skip;
  std::vector<const v1::InboundConnector*> connectors;
  for (const v1::InboundConnector* c :
       OnPremisesInbound(e.snapshot->exo(), true)) {
    if (!c->sender_ip_addresses().empty()) connectors.push_back(c);
  }
  if (connectors.empty()) {
    return conn::Skipped(kId,
                         "no enabled OnPremises inbound connector identifies "
                         "on-premises servers by IP address "
                         "(SenderIPAddresses)");
  }
  if (!e.snapshot->has_on_premises()) {
    return conn::Skipped(kId, std::string(conn::kNoOnPrem));
  }
  const v1::OnPremisesSnapshot& on_prem = e.snapshot->on_premises();
  const auto& egress =
      on_prem.egress_ip_addresses().empty()
          ? on_prem.hybrid_configuration().external_ip_addresses()
          : on_prem.egress_ip_addresses();
  if (egress.empty()) {
    return conn::Skipped(kId,
                         "no on-premises egress IP address is known "
                         "(onPremises.egressIpAddresses or "
                         "hybridConfiguration.ExternalIPAddresses)");
  }
  // SenderIPAddresses takes IPv4 addresses and /24 to /32 ranges only.
  std::vector<conn::Ipv4Range> ranges;
  std::vector<std::string> range_texts, malformed, outside, addresses;
  for (const v1::InboundConnector* c : connectors) {
    for (const std::string& entry : c->sender_ip_addresses()) {
      const std::optional<conn::Ipv4Range> range =
          conn::ParseIpv4Range(entry, 24);
      if (range.has_value()) {
        ranges.push_back(*range);
        range_texts.push_back(entry);
      } else {
        malformed.push_back(absl::StrCat(c->name(), ": \"", entry, "\""));
      }
    }
  }
  for (const std::string& ip : egress) {
    const std::optional<uint32_t> address = conn::ParseIpv4(ip);
    if (!address.has_value()) {
      malformed.push_back(absl::StrCat("egress address \"", ip, "\""));
      continue;
    }
    addresses.push_back(ip);
    bool inside = false;
    for (const conn::Ipv4Range& r : ranges)
      inside = inside || r.Contains(*address);
    if (!inside) outside.push_back(ip);
  }
  v1::CheckResult result;
  if (!outside.empty()) {
    result = Fail(kId, "fail_outside",
                  {{"outside", conn::JoinList(outside)},
                   {"ranges", conn::JoinList(range_texts)},
                   {"connectors", conn::ConnectorNames(connectors)}});
  } else if (!malformed.empty()) {
    result = MakeResult(
        kId, v1::CONNECTOR, v1::WARN, absl::StrCat(kId, ".warn_malformed"),
        {{"entries", conn::JoinList(malformed)}}, v1::CONNECTOR_MISCONFIGURED);
  } else {
    result =
        MakeResult(kId, v1::CONNECTOR, v1::PASS, absl::StrCat(kId, ".pass"),
                   {{"addresses", conn::JoinList(addresses)},
                    {"connectors", conn::ConnectorNames(connectors)}});
  }
  if (!malformed.empty() && !outside.empty()) {
    AddNote(result, absl::StrCat("Not IPv4 addresses or /24-/32 ranges: ",
                                 conn::JoinList(malformed)));
  }
  return result;
}

v1::CheckResult CheckConnInboundPartnerLockdown(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckConnInboundPartnerLockdown;
  if (auto skip = conn::SkipWithoutExo(kId, e)) return *skip;
  const v1::ExoSnapshot& exo = e.snapshot->exo();
  // The diagnosed domain first, so the message names it when it is covered.
  std::vector<std::string> own;
  if (!e.domain.empty()) own.push_back(conn::NormalizeDomainEntry(e.domain));
  for (const std::string& d : AcceptedDomainNames(exo)) own.push_back(d);
  if (own.empty()) {
    return conn::Skipped(
        kId, "the snapshot lists no accepted domains (exo.acceptedDomains)");
  }
  const v1::InboundConnector* hit = nullptr;
  std::string hit_domain;
  for (const v1::InboundConnector& c : exo.inbound_connectors()) {
    if (hit != nullptr) break;
    if (!c.enabled() || !IsValue(c.connector_type(), "Partner")) continue;
    if (!c.restrict_domains_to_ip_addresses() &&
        !c.restrict_domains_to_certificate()) {
      continue;
    }
    for (const std::string& d : own) {
      for (const std::string& entry : c.sender_domains()) {
        if (hit == nullptr && conn::DomainEntryCovers(entry, d)) {
          hit = &c;
          hit_domain = d;
        }
      }
    }
  }
  if (hit == nullptr) {
    return MakeResult(kId, v1::CONNECTOR, v1::PASS, absl::StrCat(kId, ".pass"),
                      {});
  }
  std::vector<std::string> restrictions;
  if (hit->restrict_domains_to_ip_addresses()) {
    restrictions.push_back("RestrictDomainsToIPAddresses");
  }
  if (hit->restrict_domains_to_certificate()) {
    restrictions.push_back("RestrictDomainsToCertificate");
  }
  const MessageArgs args = {{"connector", hit->name()},
                            {"domain", hit_domain},
                            {"restriction", conn::JoinList(restrictions)}};
  const std::vector<std::string> signals = conn::HybridSignals(*e.snapshot);
  if (signals.empty() && OnPremisesInbound(exo, true).empty()) {
    return MakeResult(kId, v1::CONNECTOR, v1::INFO,
                      absl::StrCat(kId, ".info_no_onprem"), args);
  }
  v1::CheckResult result = MakeResult(kId, v1::CONNECTOR, v1::WARN,
                                      absl::StrCat(kId, ".warn_lockdown"), args,
                                      v1::CONNECTOR_MISCONFIGURED);
  if (!signals.empty()) {
    AddNote(result, absl::StrCat("On-premises servers send as the tenant's "
                                 "domains, as shown by: ",
                                 conn::JoinList(signals)));
  }
  return result;
}

}  // namespace ndrdiag
