#include "workers/checks/hybrid/hybrid_support.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/connector/connector_lookups.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/tenant/snapshot_lookup.h"

namespace ndrdiag::hybrid {
namespace {

constexpr absl::string_view kRoutingSuffix = "mail.onmicrosoft.com";

bool IsRoutingDomain(absl::string_view name) {
  return HasDomainSuffix(name, kRoutingSuffix) && name != kRoutingSuffix;
}

}  // namespace

v1::CheckResult Result(absl::string_view id, absl::string_view outcome,
                       v1::CheckStatus status, const MessageArgs& args,
                       v1::RootCause cause) {
  return MakeResult(id, v1::HYBRID, status, absl::StrCat(id, ".", outcome),
                    args, cause);
}

v1::CheckResult Skipped(absl::string_view id, const std::string& why) {
  return MakeSkipped(id, v1::HYBRID, why);
}

std::optional<v1::CheckResult> SkipWithoutOnPrem(absl::string_view id,
                                                 const DiagnosisEvidence& e) {
  if (e.snapshot == nullptr) return Skipped(id, std::string(kNoSnapshot));
  if (!e.snapshot->has_on_premises()) {
    return Skipped(id, std::string(kNoOnPrem));
  }
  return std::nullopt;
}

std::vector<std::string> HybridReasons(const v1::TenantSnapshot& snapshot) {
  std::vector<std::string> out = conn::HybridSignals(snapshot);
  if (out.empty() && snapshot.has_on_premises()) {
    for (const v1::SendConnector* c :
         SendConnectorsToO365(snapshot.on_premises())) {
      out.push_back(absl::StrCat("the send connector \"", c->name(), "\""));
    }
  }
  return out;
}

std::optional<v1::CheckResult> InfoWhenNotHybrid(absl::string_view id,
                                                 const DiagnosisEvidence& e) {
  if (!HybridReasons(*e.snapshot).empty()) return std::nullopt;
  return Result(id, "info_not_hybrid", v1::INFO, {});
}

std::string RoutingDomain(const v1::TenantSnapshot& snapshot) {
  const std::string initial = tenant::InitialDomain(snapshot);
  if (!initial.empty()) {
    // "<t>.onmicrosoft.com" -> "<t>.mail.onmicrosoft.com".
    return absl::StrCat(initial.substr(0, initial.find('.')), ".",
                        kRoutingSuffix);
  }
  const v1::OnPremisesSnapshot& on_prem = snapshot.on_premises();
  std::vector<std::string> candidates;
  for (const std::string& d : on_prem.hybrid_configuration().domains()) {
    candidates.push_back(d);
  }
  for (const v1::AcceptedDomain& a : on_prem.accepted_domains()) {
    candidates.push_back(a.domain_name());
  }
  for (const v1::SendConnector& c : on_prem.send_connectors()) {
    for (const std::string& s : c.address_spaces()) candidates.push_back(s);
  }
  for (const std::string& c : candidates) {
    std::string n = NormalizeEntry(c);
    if (absl::StartsWith(n, "autod:")) n.erase(0, 6);
    if (IsRoutingDomain(n) && n.find('*') == std::string::npos) return n;
  }
  return "";
}

std::vector<const v1::SendConnector*> SendConnectorsToO365(
    const v1::OnPremisesSnapshot& on_prem) {
  std::vector<const v1::SendConnector*> out;
  for (const v1::SendConnector& c : on_prem.send_connectors()) {
    if (!c.enabled()) continue;
    bool to_o365 =
        absl::StartsWithIgnoreCase(c.name(), "Outbound to Office 365") ||
        c.cloud_services_mail_enabled();
    for (const std::string& s : c.address_spaces()) {
      to_o365 = to_o365 || IsRoutingDomain(NormalizeEntry(s));
    }
    for (const std::string& h : c.smart_hosts()) {
      // An Internet connector ("*") relaying through EOP is not the one to
      // Office 365 (hybrid.sendconn.internet_via_eop judges it).
      bool internet = false;
      for (const std::string& s : c.address_spaces()) {
        internet = internet || NormalizeEntry(s) == "*";
      }
      to_o365 = to_o365 || (!internet && conn::IsEopHost(h));
    }
    if (to_o365) out.push_back(&c);
  }
  return out;
}

std::vector<const v1::ReceiveConnector*> FrontendConnectors(
    const v1::OnPremisesSnapshot& on_prem) {
  std::vector<const v1::ReceiveConnector*> out;
  for (const v1::ReceiveConnector& c : on_prem.receive_connectors()) {
    const std::string& id = c.identity();
    const size_t slash = id.rfind('\\');
    const absl::string_view name =
        !c.name().empty()            ? absl::string_view(c.name())
        : slash == std::string::npos ? absl::string_view(id)
                                     : absl::string_view(id).substr(slash + 1);
    if (absl::StartsWithIgnoreCase(name, "Default Frontend") &&
        (c.transport_role().empty() ||
         conn::IsValue(c.transport_role(), "FrontendTransport"))) {
      out.push_back(&c);
    }
  }
  return out;
}

std::string HybridCertificateName(const v1::OnPremisesSnapshot& on_prem) {
  if (!on_prem.hybrid_configuration().tls_certificate_name().empty()) {
    return on_prem.hybrid_configuration().tls_certificate_name();
  }
  for (const v1::SendConnector* c : SendConnectorsToO365(on_prem)) {
    if (!c->tls_certificate_name().empty()) return c->tls_certificate_name();
  }
  return "";
}

std::string Differs(absl::string_view property, absl::string_view value,
                    absl::string_view expected) {
  return absl::StrCat(property, ": ", value.empty() ? "(empty)" : value, " → ",
                      expected);
}

std::string JoinItems(const std::vector<std::string>& items) {
  return items.empty() ? "(none)" : absl::StrJoin(items, "; ");
}

std::string NormalizeEntry(absl::string_view entry) {
  return conn::NormalizeDomainEntry(entry);
}

}  // namespace ndrdiag::hybrid
