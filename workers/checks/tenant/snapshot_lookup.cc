#include "workers/checks/tenant/snapshot_lookup.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "workers/checks/dns/zone_answers.h"
#include "workers/dns/dns_message.h"

namespace ndrdiag::tenant {
namespace {

bool SameName(absl::string_view a, absl::string_view b) {
  return NormalizeName(a) == NormalizeName(b);
}

// The parent of "a.b.c" is "b.c"; "" for a single label.
absl::string_view Parent(absl::string_view name) {
  size_t dot = name.find('.');
  return dot == absl::string_view::npos ? absl::string_view()
                                        : name.substr(dot + 1);
}

}  // namespace

AcceptedDomainMatch FindAcceptedDomainIn(
    const google::protobuf::RepeatedPtrField<v1::AcceptedDomain>& list,
    absl::string_view domain) {
  const std::string name = NormalizeName(domain);
  for (const v1::AcceptedDomain& a : list) {
    if (NormalizeName(a.domain_name()) == name) return {&a, false};
  }
  // The closest parent wins: walk up one label at a time.
  for (absl::string_view up = Parent(name); !up.empty(); up = Parent(up)) {
    for (const v1::AcceptedDomain& a : list) {
      std::string entry = NormalizeName(a.domain_name());
      const bool wildcard = absl::StartsWith(entry, "*.");
      if (wildcard) entry.erase(0, 2);
      if (entry == up && (wildcard || a.match_sub_domains())) {
        return {&a, true};
      }
    }
  }
  return {};
}

AcceptedDomainMatch FindAcceptedDomain(const v1::TenantSnapshot& snapshot,
                                       absl::string_view domain) {
  return FindAcceptedDomainIn(snapshot.exo().accepted_domains(), domain);
}

GraphDomainMatch FindGraphDomain(const v1::TenantSnapshot& snapshot,
                                 absl::string_view domain) {
  for (const v1::GraphDomain& g : snapshot.graph().domains()) {
    if (SameName(g.id(), domain)) return {&g, false};
  }
  AcceptedDomainMatch accepted = FindAcceptedDomain(snapshot, domain);
  if (accepted.domain != nullptr && accepted.via_subdomain) {
    std::string parent = NormalizeName(accepted.domain->domain_name());
    if (absl::StartsWith(parent, "*.")) parent.erase(0, 2);
    for (const v1::GraphDomain& g : snapshot.graph().domains()) {
      if (SameName(g.id(), parent)) return {&g, true};
    }
  }
  return {};
}

DomainType AcceptedDomainType(const v1::TenantSnapshot& snapshot,
                              absl::string_view domain) {
  AcceptedDomainMatch match = FindAcceptedDomain(snapshot, domain);
  if (match.domain == nullptr) return DomainType::kNotAccepted;
  const std::string& type = match.domain->domain_type();
  if (absl::EqualsIgnoreCase(type, "Authoritative")) {
    return DomainType::kAuthoritative;
  }
  if (absl::EqualsIgnoreCase(type, "InternalRelay")) {
    return DomainType::kInternalRelay;
  }
  return DomainType::kOther;
}

bool IsInternalRelay(const v1::TenantSnapshot* snapshot,
                     absl::string_view domain) {
  return snapshot != nullptr &&
         AcceptedDomainType(*snapshot, domain) == DomainType::kInternalRelay;
}

const v1::DnssecStatus* FindDnssecStatus(const v1::TenantSnapshot& snapshot,
                                         absl::string_view domain) {
  for (const v1::DnssecStatus& s : snapshot.exo().dnssec()) {
    if (SameName(s.domain_name(), domain)) return &s;
  }
  return nullptr;
}

bool DnssecEnabled(const v1::DnssecStatus& status) {
  return absl::EqualsIgnoreCase(status.dnssec_feature_status(), "Enabled");
}

std::optional<MxRecord> ParseExpectedMx(absl::string_view record) {
  std::vector<absl::string_view> tokens =
      absl::StrSplit(record, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (!absl::EqualsIgnoreCase(tokens[i], "MX")) continue;
    uint32_t preference = 0;
    if (!absl::SimpleAtoi(tokens[i + 1], &preference) || preference > 65535) {
      return std::nullopt;
    }
    MxRecord mx;
    mx.preference = static_cast<uint16_t>(preference);
    mx.target = NormalizeName(tokens[i + 2]);
    if (mx.target.empty()) return std::nullopt;
    return mx;
  }
  return std::nullopt;
}

std::optional<MxRecord> ExpectedDnssecMx(const v1::TenantSnapshot& snapshot,
                                         absl::string_view domain) {
  const v1::DnssecStatus* status = FindDnssecStatus(snapshot, domain);
  if (status == nullptr) return std::nullopt;
  return ParseExpectedMx(status->expected_mx_record().record());
}

std::optional<MxRecord> GraphMx(const v1::TenantSnapshot& snapshot,
                                absl::string_view domain) {
  GraphDomainMatch match = FindGraphDomain(snapshot, domain);
  if (match.domain == nullptr || match.via_parent) return std::nullopt;
  for (const v1::DomainDnsRecord& r :
       match.domain->service_configuration_records()) {
    if (absl::EqualsIgnoreCase(r.record_type(), "Mx") &&
        !r.mail_exchange().empty()) {
      MxRecord mx;
      mx.preference =
          static_cast<uint16_t>(std::clamp(r.preference(), 0, 65535));
      mx.target = NormalizeName(r.mail_exchange());
      return mx;
    }
  }
  return std::nullopt;
}

std::string InitialDomain(const v1::TenantSnapshot& snapshot) {
  auto initial_form = [](absl::string_view name) {
    const std::string n = NormalizeName(name);
    return HasDomainSuffix(n, "onmicrosoft.com") &&
           !HasDomainSuffix(n, "mail.onmicrosoft.com") &&
           n != "onmicrosoft.com";
  };
  for (const v1::GraphDomain& g : snapshot.graph().domains()) {
    if (g.is_initial()) return NormalizeName(g.id());
  }
  for (const v1::GraphDomain& g : snapshot.graph().domains()) {
    if (initial_form(g.id())) return NormalizeName(g.id());
  }
  for (const v1::AcceptedDomain& a : snapshot.exo().accepted_domains()) {
    if (initial_form(a.domain_name())) return NormalizeName(a.domain_name());
  }
  return "";
}

bool RecipientDomainCovers(absl::string_view pattern,
                           absl::string_view domain) {
  std::string p = NormalizeName(pattern);
  const std::string d = NormalizeName(domain);
  if (p == "*") return true;
  if (absl::StartsWith(p, "*.")) {
    p.erase(0, 2);
    return d != p && HasDomainSuffix(d, p);
  }
  return p == d;
}

std::vector<std::string> OnPremisesConnectors(
    const v1::TenantSnapshot& snapshot) {
  std::vector<std::string> out;
  for (const v1::OutboundConnector& c : snapshot.exo().outbound_connectors()) {
    if (c.enabled() && absl::EqualsIgnoreCase(c.connector_type(), "OnPremises"))
      out.push_back(c.name());
  }
  return out;
}

std::vector<std::string> OnPremisesSignals(const v1::TenantSnapshot& snapshot,
                                           absl::string_view domain) {
  std::vector<std::string> out;
  for (const v1::OutboundConnector& c : snapshot.exo().outbound_connectors()) {
    if (!c.enabled() ||
        !absl::EqualsIgnoreCase(c.connector_type(), "OnPremises")) {
      continue;
    }
    if (c.route_all_messages_via_on_premises()) {
      out.push_back("outbound connector \"" + c.name() +
                    "\" (OnPremises) has RouteAllMessagesViaOnPremises");
      continue;
    }
    for (const std::string& pattern : c.recipient_domains()) {
      if (RecipientDomainCovers(pattern, domain)) {
        out.push_back("outbound connector \"" + c.name() +
                      "\" (OnPremises) routes " + pattern);
        break;
      }
    }
  }
  for (const std::string& d : snapshot.exo().on_prem_org().hybrid_domains()) {
    if (SameName(d, domain)) {
      out.push_back("onPremOrg.HybridDomains lists " + NormalizeName(domain));
      break;
    }
  }
  for (const std::string& entry :
       snapshot.on_premises().hybrid_configuration().domains()) {
    absl::string_view d = entry;
    // HCW marks the autodiscover domain "autod:contoso.com".
    if (absl::StartsWithIgnoreCase(d, "autod:")) d.remove_prefix(6);
    if (SameName(d, domain)) {
      out.push_back("hybridConfiguration.Domains lists " +
                    NormalizeName(domain));
      break;
    }
  }
  AcceptedDomainMatch onprem =
      FindAcceptedDomainIn(snapshot.on_premises().accepted_domains(), domain);
  if (onprem.domain != nullptr) {
    out.push_back("on-premises accepted domain " +
                  onprem.domain->domain_name() + " (" +
                  onprem.domain->domain_type() + ")");
  }
  return out;
}

const v1::Recipient* FindRecipient(
    const google::protobuf::RepeatedPtrField<v1::Recipient>& list,
    absl::string_view address) {
  const std::string want = absl::AsciiStrToLower(address);
  for (const v1::Recipient& r : list) {
    if (absl::AsciiStrToLower(r.primary_smtp_address()) == want) return &r;
    for (absl::string_view proxy : r.email_addresses()) {
      // Other prefixes (X500:, SIP:, SPO:) are not mail addresses.
      if (absl::StartsWithIgnoreCase(proxy, "smtp:")) {
        proxy.remove_prefix(5);
      } else if (proxy.find(':') != absl::string_view::npos) {
        continue;
      }
      if (absl::AsciiStrToLower(proxy) == want) return &r;
    }
  }
  return nullptr;
}

std::vector<std::string> TxtTexts(const v1::DnsExchange& exchange) {
  std::vector<std::string> out;
  for (const v1::DnsRecord& record : exchange.answers()) {
    if (!absl::EqualsIgnoreCase(record.type(), "TXT")) continue;
    absl::StatusOr<std::vector<std::string>> strings =
        dns::ParseTxtData(record.data());
    if (strings.ok()) out.push_back(absl::StrJoin(*strings, ""));
  }
  return out;
}

std::optional<absl::Time> CapturedAt(const v1::TenantSnapshot& snapshot) {
  if (!snapshot.has_captured_at()) return std::nullopt;
  return absl::FromUnixSeconds(snapshot.captured_at().seconds()) +
         absl::Nanoseconds(snapshot.captured_at().nanos());
}

std::optional<absl::Duration> SnapshotAge(const v1::TenantSnapshot& snapshot,
                                          absl::Time now) {
  std::optional<absl::Time> at = CapturedAt(snapshot);
  if (!at.has_value()) return std::nullopt;
  return std::max(absl::ZeroDuration(), now - *at);
}

void AddSnapshotTimeArgs(const v1::TenantSnapshot& snapshot, absl::Time now,
                         MessageArgs& args) {
  std::optional<absl::Time> at = CapturedAt(snapshot);
  if (!at.has_value()) {
    args.push_back({"captured_at", "unknown"});
    args.push_back({"snapshot_age", "unknown"});
    return;
  }
  args.push_back({"captured_at", FormatUtc(*at)});
  args.push_back({"snapshot_age", FormatAge(*SnapshotAge(snapshot, now))});
}

}  // namespace ndrdiag::tenant
