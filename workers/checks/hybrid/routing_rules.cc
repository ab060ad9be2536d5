// hybrid.config.consistency, hybrid.coexistence_domain and
// hybrid.targetaddress: the objects that route mail between the two
// organizations (Get-HybridConfiguration, the <t>.mail.onmicrosoft.com
// routing domain and the remote mailboxes' RemoteRoutingAddress).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

bool HasHybridConfiguration(const v1::OnPremisesSnapshot& on_prem) {
  const v1::HybridConfiguration& hc = on_prem.hybrid_configuration();
  return on_prem.has_hybrid_configuration() &&
         (!hc.domains().empty() || !hc.tls_certificate_name().empty() ||
          !hc.on_premises_smart_host().empty());
}

std::string Domain(absl::string_view entry) {
  return NormalizeEntry(
      absl::StripPrefix(absl::StripAsciiWhitespace(entry), "autod:"));
}

// "SMTP:a@b" / "smtp:a@b" / "a@b" -> "a@b", lower case.
std::string Address(absl::string_view proxy) {
  proxy = absl::StripAsciiWhitespace(proxy);
  if (absl::StartsWithIgnoreCase(proxy, "smtp:")) proxy.remove_prefix(5);
  return absl::AsciiStrToLower(proxy);
}

template <typename Connector>
const Connector* FindByName(
    const google::protobuf::RepeatedPtrField<Connector>& list,
    absl::string_view name) {
  for (const Connector& c : list) {
    if (absl::EqualsIgnoreCase(c.name(), name)) return &c;
  }
  return nullptr;
}

void CompareExo(const v1::TenantSnapshot& s, std::vector<std::string>& out) {
  const v1::HybridConfiguration& hc = s.on_premises().hybrid_configuration();
  const v1::ExoSnapshot& exo = s.exo();
  if (!hc.on_premises_smart_host().empty()) {
    std::vector<std::string> hosts;
    for (const v1::OutboundConnector& c : exo.outbound_connectors()) {
      if (!c.enabled() || !conn::IsValue(c.connector_type(), "OnPremises")) {
        continue;
      }
      for (const std::string& h : c.smart_hosts()) {
        hosts.push_back(NormalizeEntry(h));
      }
    }
    if (std::find(hosts.begin(), hosts.end(),
                  NormalizeEntry(hc.on_premises_smart_host())) == hosts.end()) {
      out.push_back(
          Differs("OnPremisesSmartHost", hc.on_premises_smart_host(),
                  absl::StrCat("SmartHosts ", hybrid::JoinItems(hosts))));
    }
  }
  std::vector<std::string> domains, missing;
  for (const std::string& d : hc.domains()) domains.push_back(Domain(d));
  for (const std::string& d : exo.on_prem_org().hybrid_domains()) {
    if (std::find(domains.begin(), domains.end(), Domain(d)) == domains.end()) {
      missing.push_back(Domain(d));
    }
  }
  if (!missing.empty()) {
    out.push_back(Differs("Domains", absl::StrJoin(domains, ", "),
                          absl::StrCat("+", absl::StrJoin(missing, ", +"))));
  }
  const v1::OnPremisesOrganization& org = exo.on_prem_org();
  if (!org.inbound_connector().empty()) {
    const v1::InboundConnector* c =
        FindByName(exo.inbound_connectors(), org.inbound_connector());
    if (c == nullptr || !c->enabled()) {
      out.push_back(Differs(
          "OnPremisesOrganization.InboundConnector", org.inbound_connector(),
          c == nullptr ? "Get-InboundConnector: ∅" : "Enabled: False → True"));
    }
  }
  if (!org.outbound_connector().empty()) {
    const v1::OutboundConnector* c =
        FindByName(exo.outbound_connectors(), org.outbound_connector());
    if (c == nullptr || !c->enabled()) {
      out.push_back(Differs(
          "OnPremisesOrganization.OutboundConnector", org.outbound_connector(),
          c == nullptr ? "Get-OutboundConnector: ∅" : "Enabled: False → True"));
    }
  }
}

}  // namespace

v1::CheckResult CheckHybridConfigConsistency(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckHybridConfigConsistency;
  if (auto skip = hybrid::SkipWithoutOnPrem(kId, e)) return *skip;
  const v1::OnPremisesSnapshot& on_prem = e.snapshot->on_premises();
  if (!HasHybridConfiguration(on_prem)) {
    if (auto info = hybrid::InfoWhenNotHybrid(kId, e)) return *info;
    return hybrid::Skipped(kId,
                           "the on-premises part has no hybrid configuration "
                           "(hybridConfiguration)");
  }
  std::vector<std::string> problems;
  const std::string& hc_cert =
      on_prem.hybrid_configuration().tls_certificate_name();
  if (!hc_cert.empty()) {
    for (const v1::SendConnector* c : hybrid::SendConnectorsToO365(on_prem)) {
      if (!cert::SameCertificateName(c->tls_certificate_name(), hc_cert)) {
        problems.push_back(Differs(absl::StrCat("SendConnector \"", c->name(),
                                                "\" TlsCertificateName"),
                                   c->tls_certificate_name(), hc_cert));
      }
    }
    for (const v1::ReceiveConnector* c : hybrid::FrontendConnectors(on_prem)) {
      if (!cert::SameCertificateName(c->tls_certificate_name(), hc_cert)) {
        problems.push_back(Differs(
            absl::StrCat("ReceiveConnector \"",
                         c->identity().empty() ? c->name() : c->identity(),
                         "\" TlsCertificateName"),
            c->tls_certificate_name(), hc_cert));
      }
    }
  }
  if (e.snapshot->has_exo()) CompareExo(*e.snapshot, problems);
  v1::CheckResult r = problems.empty()
                          ? Result(kId, "pass", v1::PASS, {})
                          : Result(kId, "warn_inconsistent", v1::WARN,
                                   {{"problems", hybrid::JoinItems(problems)}},
                                   v1::CONNECTOR_MISCONFIGURED);
  if (!e.snapshot->has_exo()) {
    AddNote(r, std::string(hybrid::kNoExo) +
                   "; the Exchange Online side was not compared");
  }
  return r;
}

v1::CheckResult CheckHybridCoexistenceDomain(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckHybridCoexistenceDomain;
  if (auto skip = hybrid::SkipWithoutOnPrem(kId, e)) return *skip;
  if (auto info = hybrid::InfoWhenNotHybrid(kId, e)) return *info;
  const v1::OnPremisesSnapshot& on_prem = e.snapshot->on_premises();
  const std::string routing = hybrid::RoutingDomain(*e.snapshot);
  if (routing.empty()) {
    return hybrid::Skipped(kId,
                           "the snapshot does not name the tenant's initial "
                           "domain (<t>.onmicrosoft.com)");
  }
  std::vector<std::string> problems, absent;
  if (on_prem.accepted_domains().empty()) {
    absent.push_back("acceptedDomains");
  } else {
    bool found = false;
    for (const v1::AcceptedDomain& a : on_prem.accepted_domains()) {
      found = found || NormalizeEntry(a.domain_name()) == routing;
    }
    if (!found) problems.push_back("Get-AcceptedDomain: +" + routing);
  }
  if (on_prem.remote_domains().empty()) {
    absent.push_back("remoteDomains");
  } else {
    const v1::RemoteDomain* remote = nullptr;
    for (const v1::RemoteDomain& r : on_prem.remote_domains()) {
      if (NormalizeEntry(r.domain_name()) == routing) remote = &r;
    }
    if (remote == nullptr) {
      problems.push_back(
          absl::StrCat("Get-RemoteDomain: +Hybrid Domain - ", routing));
    } else if (!remote->target_delivery_domain()) {
      problems.push_back(Differs(absl::StrCat("RemoteDomain \"", remote->name(),
                                              "\" TargetDeliveryDomain"),
                                 "False", "True"));
    }
  }
  if (on_prem.email_address_policies().empty()) {
    absent.push_back("emailAddressPolicies");
  } else {
    bool found = false;
    for (const v1::EmailAddressPolicy& p : on_prem.email_address_policies()) {
      for (const std::string& t : p.enabled_email_address_templates()) {
        found = found || absl::EndsWith(Address(t), "@" + routing);
      }
    }
    if (!found) {
      problems.push_back(
          absl::StrCat("Get-EmailAddressPolicy: +smtp:%m@", routing));
    }
  }
  // The routing domain is Microsoft-managed: its MX must resolve, or
  // Exchange Online cannot route the cloud mailboxes' mail to it.
  const bool asked =
      e.routing_domain == routing && e.routing_domain_mx.has_value();
  std::string mx_note;
  if (asked) {
    const v1::DnsExchange& mx = *e.routing_domain_mx;
    switch (Classify(mx)) {
      case AnswerKind::kRecords:
        mx_note =
            absl::StrCat("MX of ", routing, ": ", FormatMxSet(MxRecords(mx)));
        break;
      case AnswerKind::kNxDomain:
        problems.push_back(Differs(absl::StrCat("MX ", routing), "NXDOMAIN",
                                   "a Microsoft-managed MX (rerun HCW)"));
        break;
      case AnswerKind::kNoData:
        problems.push_back(Differs(absl::StrCat("MX ", routing), "",
                                   "a Microsoft-managed MX (rerun HCW)"));
        break;
      default:
        mx_note = absl::StrCat("the MX of ", routing,
                               " could not be looked up: ", FailureReason(mx));
        break;
    }
  } else {
    mx_note = absl::StrCat("the MX of ", routing, " was not looked up");
  }
  if (absent.size() == 3 && problems.empty()) {
    return hybrid::Skipped(
        kId,
        "the on-premises part lists no accepted domains, remote domains "
        "or email address policies");
  }
  v1::CheckResult r =
      problems.empty()
          ? Result(kId, "pass", v1::PASS, {{"routing_domain", routing}})
          : Result(kId, "fail_missing", v1::FAIL,
                   {{"routing_domain", routing},
                    {"problems", hybrid::JoinItems(problems)}},
                   v1::HYBRID_ROUTING_DOMAIN);
  if (!absent.empty()) {
    AddNote(r, absl::StrCat("not in the snapshot, not compared: ",
                            absl::StrJoin(absent, ", ")));
  }
  if (!mx_note.empty()) AddNote(r, mx_note);
  if (asked) AddEvidence(r, *e.routing_domain_mx);
  return r;
}

v1::CheckResult CheckHybridTargetAddress(const DiagnosisEvidence& e) {
  constexpr absl::string_view kId = kCheckHybridTargetAddress;
  if (auto skip = hybrid::SkipWithoutOnPrem(kId, e)) return *skip;
  if (auto info = hybrid::InfoWhenNotHybrid(kId, e)) return *info;
  const v1::TenantSnapshot& s = *e.snapshot;
  if (s.on_premises().remote_mailboxes().empty()) {
    return hybrid::Skipped(kId,
                           "the on-premises part lists no remote mailboxes "
                           "(remoteMailboxes)");
  }
  const std::string routing = hybrid::RoutingDomain(s);
  const std::string want =
      routing.empty() ? "<t>.mail.onmicrosoft.com" : routing;
  std::vector<std::string> problems, unchecked;
  for (const v1::Recipient& mb : s.on_premises().remote_mailboxes()) {
    // Only mailboxes that moved to Exchange Online have a routing address;
    // an on-premises mailbox listed beside them is not judged here.
    const std::string& type = mb.recipient_type_details();
    if (!type.empty() && !absl::StartsWithIgnoreCase(type, "Remote")) continue;
    const std::string who = mb.primary_smtp_address();
    const std::string rra = Address(mb.remote_routing_address());
    const size_t at = rra.rfind('@');
    const std::string domain =
        at == std::string::npos ? "" : rra.substr(at + 1);
    const bool right = routing.empty()
                           ? HasDomainSuffix(domain, "mail.onmicrosoft.com")
                           : domain == routing;
    if (!right) {
      problems.push_back(Differs(absl::StrCat(who, " RemoteRoutingAddress"),
                                 rra, absl::StrCat("alias@", want)));
      continue;
    }
    const v1::Recipient* cloud =
        tenant::FindRecipient(s.exo().recipients(), who);
    if (cloud == nullptr) {
      unchecked.push_back(who);
      continue;
    }
    bool proxy = false;
    for (const std::string& p : cloud->email_addresses()) {
      proxy = proxy || Address(p) == rra;
    }
    if (!proxy) {
      problems.push_back(Differs(absl::StrCat(who, " EmailAddresses (EXO)"),
                                 absl::StrJoin(cloud->email_addresses(), ", "),
                                 absl::StrCat("+smtp:", rra)));
    }
  }
  const std::string count =
      absl::StrCat(s.on_premises().remote_mailboxes().size());
  v1::CheckResult r = problems.empty()
                          ? Result(kId, "pass", v1::PASS,
                                   {{"count", count}, {"routing_domain", want}})
                          : Result(kId, "fail_routing_address", v1::FAIL,
                                   {{"routing_domain", want},
                                    {"problems", hybrid::JoinItems(problems)}},
                                   v1::HYBRID_ROUTING_DOMAIN);
  if (!unchecked.empty()) {
    AddNote(r, absl::StrCat("not in exo.recipients, proxy not compared: ",
                            absl::StrJoin(unchecked, ", ")));
  }
  if (routing.empty()) {
    AddNote(r,
            "the tenant's routing domain is not in the snapshot; any "
            "*.mail.onmicrosoft.com address was accepted");
  }
  return r;
}

}  // namespace ndrdiag
