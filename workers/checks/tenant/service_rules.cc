// The tenant rows about the service and the recipient rather than the
// domain: tenant.service_health (Graph health overviews) and
// tenant.recipient.dbeb (Get-EXORecipient for the NDR's recipient).
#include "absl/strings/ascii.h"
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

// Graph serviceHealthStatus values that mean Exchange Online is not fully
// working right now.
constexpr absl::string_view kIncidentStates[] = {
    "serviceDegradation", "serviceInterruption", "investigating",
    "restoringService",   "extendedRecovery",
};

bool IsIncidentState(absl::string_view status) {
  for (absl::string_view s : kIncidentStates) {
    if (absl::EqualsIgnoreCase(status, s)) return true;
  }
  return false;
}

bool IsExchangeOnline(absl::string_view service) {
  return absl::EqualsIgnoreCase(service, "Exchange Online");
}

}  // namespace

v1::CheckResult CheckTenantServiceHealth(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckTenantServiceHealth;
  if (auto skip = SkipWithoutSnapshot(id, evidence)) return *std::move(skip);
  const v1::TenantSnapshot& snapshot = *evidence.snapshot;
  if (snapshot.graph().service_health().empty()) {
    return Skipped(id,
                   "the tenant snapshot has no service health (Graph "
                   "healthOverviews)");
  }
  const v1::ServiceHealthOverview* exo = nullptr;
  for (const v1::ServiceHealthOverview& o : snapshot.graph().service_health()) {
    if (IsExchangeOnline(o.service())) exo = &o;
  }
  if (exo == nullptr) {
    return Skipped(id,
                   "the tenant snapshot's service health has no Exchange "
                   "Online overview");
  }
  std::vector<std::string> open;
  for (const v1::ServiceHealthIssue& issue : exo->issues()) {
    if (issue.is_resolved()) continue;
    std::string item = issue.id();
    if (!issue.classification().empty()) {
      absl::StrAppend(&item, " (", issue.classification(), ")");
    }
    absl::StrAppend(&item, ": ", issue.title());
    open.push_back(std::move(item));
  }
  MessageArgs args = {
      {"service", exo->service()},
      {"status", exo->status()},
      {"issues", open.empty() ? "(none)" : absl::StrJoin(open, "; ")}};
  // Health is what it was when the snapshot was taken.
  tenant::AddSnapshotTimeArgs(snapshot, evidence.dns.now, args);
  v1::CheckResult result;
  if (absl::EqualsIgnoreCase(exo->status(), "serviceOperational")) {
    result = Result(id, "pass", v1::PASS, args);
  } else if (IsIncidentState(exo->status())) {
    result = Result(id, "warn_incident", v1::WARN, args, v1::SERVICE_INCIDENT);
  } else {
    result = Result(id, "info_other", v1::INFO, args);
  }
  for (const v1::ServiceHealthIssue& issue : exo->issues()) {
    if (issue.is_resolved() || issue.impact_description().empty()) continue;
    AddNote(result, absl::StrCat(issue.id(), ": ", issue.impact_description()));
  }
  return result;
}

v1::CheckResult CheckTenantRecipientDbeb(const DiagnosisEvidence& evidence) {
  constexpr absl::string_view id = kCheckTenantRecipientDbeb;
  if (auto skip = SkipWithoutSnapshot(id, evidence)) return *std::move(skip);
  const v1::TenantSnapshot& snapshot = *evidence.snapshot;
  if (evidence.recipient_address.empty()) {
    return Skipped(id, "no recipient address given");
  }
  if (snapshot.exo().recipients().empty()) {
    return Skipped(id,
                   "the tenant snapshot has no recipients "
                   "(Get-EXORecipient)");
  }
  const std::string& address = evidence.recipient_address;
  MessageArgs args = {{"address", address}, {"domain", DomainOf(evidence)}};
  const v1::Recipient* found =
      tenant::FindRecipient(snapshot.exo().recipients(), address);
  if (found != nullptr) {
    args.push_back({"recipient", found->primary_smtp_address()});
    args.push_back({"type", found->recipient_type_details()});
    return Result(id, "pass", v1::PASS, args);
  }
  // Not in EXO's directory: DBEB rejects it. The on-premises export may say
  // what it is there, which names the sub-reason.
  const v1::Recipient* onprem =
      tenant::FindRecipient(snapshot.on_premises().remote_mailboxes(), address);
  v1::CheckResult result;
  if (onprem == nullptr) {
    result =
        Result(id, "fail_missing", v1::FAIL, args, v1::RECIPIENT_NOT_FOUND);
  } else {
    const std::string type =
        absl::AsciiStrToLower(onprem->recipient_type_details());
    args.push_back({"type", onprem->recipient_type_details()});
    absl::string_view outcome = "fail_onprem_not_synced";
    if (absl::StrContains(type, "dynamicdistributiongroup")) {
      outcome = "fail_onprem_dynamic_dg";
    } else if (absl::StrContains(type, "publicfolder")) {
      outcome = "fail_onprem_public_folder";
    }
    result = Result(id, outcome, v1::FAIL, args, v1::RECIPIENT_NOT_FOUND);
  }
  AddNote(result, absl::StrCat(address,
                               " is not an EmailAddresses proxy of any of the "
                               "snapshot's ",
                               snapshot.exo().recipients().size(),
                               " Exchange Online recipient(s)"));
  return result;
}

}  // namespace ndrdiag
