// The domain rows of the tenant family: is the domain verified, enabled for
// email, accepted by Exchange Online, and of the right accepted-domain type.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "workers/checks/tenant/snapshot_lookup.h"
#include "workers/checks/tenant/tenant_checks.h"
#include "workers/checks/tenant/tenant_rule_support.h"

namespace ndrdiag {
namespace {

using tenant_internal::DomainOf;
using tenant_internal::Result;
using tenant_internal::Skipped;
using tenant_internal::SkipWithoutSnapshot;

std::string TenantLabel(const v1::TenantSnapshot& snapshot) {
  std::string initial = tenant::InitialDomain(snapshot);
  return initial.empty() ? "the tenant" : initial;
}

}  // namespace

v1::CheckResult CheckTenantDomainVerified(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckTenantDomainVerified;
  if (auto skip = SkipWithoutSnapshot(id, evidence)) return *std::move(skip);
  const v1::TenantSnapshot& snapshot = *evidence.snapshot;
  const std::string& domain = DomainOf(evidence);
  if (snapshot.graph().domains().empty()) {
    return Skipped(id, "the tenant snapshot has no Graph domains");
  }
  MessageArgs args = {{"domain", domain}, {"tenant", TenantLabel(snapshot)}};
  tenant::GraphDomainMatch match = tenant::FindGraphDomain(snapshot, domain);
  if (match.domain == nullptr) {
    return Result(id, "fail_not_added", v1::FAIL, args,
                  v1::DOMAIN_NOT_VERIFIED);
  }
  args.push_back({"graph_domain", match.domain->id()});
  v1::CheckResult result = match.domain->is_verified()
                               ? Result(id, "pass", v1::PASS, args)
                               : Result(id, "fail_unverified", v1::FAIL, args,
                                        v1::DOMAIN_NOT_VERIFIED);
  if (match.via_parent) {
    AddNote(result, absl::StrCat(domain, " has no Graph domain of its own; ",
                                 match.domain->id(),
                                 " covers it (accepted domain with "
                                 "MatchSubDomains)"));
  }
  AddNote(result,
          absl::StrCat("graph.domains[", match.domain->id(), "].isVerified = ",
                       match.domain->is_verified() ? "true" : "false"));
  return result;
}

v1::CheckResult CheckTenantDomainEmailService(
    const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckTenantDomainEmailService;
  if (auto skip = SkipWithoutSnapshot(id, evidence)) return *std::move(skip);
  const v1::TenantSnapshot& snapshot = *evidence.snapshot;
  const std::string& domain = DomainOf(evidence);
  if (snapshot.graph().domains().empty()) {
    return Skipped(id, "the tenant snapshot has no Graph domains");
  }
  tenant::GraphDomainMatch match = tenant::FindGraphDomain(snapshot, domain);
  if (match.domain == nullptr) {
    return Skipped(id, absl::StrCat(domain,
                                    " is not among the tenant's Graph domains; "
                                    "see tenant.domain.verified"));
  }
  bool email = false;
  for (const std::string& s : match.domain->supported_services()) {
    email = email || absl::EqualsIgnoreCase(s, "Email") ||
            absl::EqualsIgnoreCase(s, "EmailInternalRelayOnly");
  }
  const std::string services =
      match.domain->supported_services().empty()
          ? "(none)"
          : absl::StrJoin(match.domain->supported_services(), ", ");
  MessageArgs args = {{"domain", domain},
                      {"graph_domain", match.domain->id()},
                      {"services", services}};
  v1::CheckResult result = email ? Result(id, "pass", v1::PASS, args)
                                 : Result(id, "fail_no_email", v1::FAIL, args,
                                          v1::DOMAIN_NOT_ACCEPTED);
  AddNote(result, absl::StrCat("graph.domains[", match.domain->id(),
                               "].supportedServices = [", services, "]"));
  return result;
}

v1::CheckResult CheckTenantDomainAccepted(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckTenantDomainAccepted;
  if (auto skip = SkipWithoutSnapshot(id, evidence)) return *std::move(skip);
  const v1::TenantSnapshot& snapshot = *evidence.snapshot;
  const std::string& domain = DomainOf(evidence);
  if (snapshot.exo().accepted_domains().empty()) {
    // Every tenant has at least its initial domain accepted: an empty list
    // means the export did not include Get-AcceptedDomain.
    return Skipped(id,
                   "the tenant snapshot has no accepted domains "
                   "(Get-AcceptedDomain)");
  }
  tenant::AcceptedDomainMatch match =
      tenant::FindAcceptedDomain(snapshot, domain);
  std::vector<std::string> names;
  for (const v1::AcceptedDomain& a : snapshot.exo().accepted_domains()) {
    names.push_back(a.domain_name());
  }
  MessageArgs args = {{"domain", domain}};
  if (match.domain == nullptr) {
    args.push_back({"accepted", absl::StrJoin(names, ", ")});
    return Result(id, "fail_missing", v1::FAIL, args, v1::DOMAIN_NOT_ACCEPTED);
  }
  args.push_back({"accepted_domain", match.domain->domain_name()});
  args.push_back({"type", match.domain->domain_type()});
  v1::CheckResult result = Result(
      id, match.via_subdomain ? "pass_subdomain" : "pass", v1::PASS, args);
  if (match.domain->outbound_only()) {
    AddNote(result,
            absl::StrCat("accepted domain ", match.domain->domain_name(),
                         " has OutboundOnly = true"));
  }
  return result;
}

v1::CheckResult CheckTenantDomainType(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckTenantDomainType;
  if (auto skip = SkipWithoutSnapshot(id, evidence)) return *std::move(skip);
  const v1::TenantSnapshot& snapshot = *evidence.snapshot;
  const std::string& domain = DomainOf(evidence);
  tenant::AcceptedDomainMatch match =
      tenant::FindAcceptedDomain(snapshot, domain);
  if (match.domain == nullptr) {
    return Skipped(id, absl::StrCat("no accepted domain covers ", domain,
                                    "; see tenant.domain.accepted"));
  }
  const std::vector<std::string> signals =
      tenant::OnPremisesSignals(snapshot, domain);
  const std::vector<std::string> connectors =
      tenant::OnPremisesConnectors(snapshot);
  MessageArgs args = {{"domain", domain},
                      {"accepted_domain", match.domain->domain_name()},
                      {"type", match.domain->domain_type()}};
  v1::CheckResult result;
  switch (tenant::AcceptedDomainType(snapshot, domain)) {
    case tenant::DomainType::kAuthoritative:
      if (!signals.empty()) {
        // DBEB rejects every recipient EXO does not know, so on-premises
        // users that are not synced bounce (5.4.1 AS(201806281), and 5.1.1
        // ExRecipNotFound for cloud senders).
        args.push_back({"signals", absl::StrJoin(signals, "; ")});
        result = Result(id, "fail_authoritative_onprem", v1::FAIL, args,
                        v1::ACCEPTED_DOMAIN_TYPE);
      } else {
        result = Result(id, "pass_authoritative", v1::PASS, args);
      }
      break;
    case tenant::DomainType::kInternalRelay:
      if (!signals.empty()) {
        args.push_back({"signals", absl::StrJoin(signals, "; ")});
        result = Result(id, "pass_internal_relay", v1::PASS, args);
      } else if (connectors.empty()) {
        result = Result(id, "warn_internal_relay_cloud", v1::WARN, args,
                        v1::ACCEPTED_DOMAIN_TYPE);
      } else {
        // Not cloud-only, but no connector routes this domain: where its
        // unknown recipients go is conn.outbound.onprem's question.
        args.push_back({"connectors", absl::StrJoin(connectors, ", ")});
        result = Result(id, "info_internal_relay_unrouted", v1::INFO, args);
      }
      break;
    default:
      result = Result(id, "info_other_type", v1::INFO, args);
      break;
  }
  if (match.via_subdomain) {
    AddNote(result, absl::StrCat(match.domain->domain_name(), " covers ",
                                 domain, " (MatchSubDomains)"));
  }
  for (const std::string& s : signals) AddNote(result, "on-premises: " + s);
  return result;
}

}  // namespace ndrdiag
