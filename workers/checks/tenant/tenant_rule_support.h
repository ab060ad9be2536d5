// Internal to workers/checks/tenant: what every tenant rule does the same
// way (the family, message keys, SKIPPED without a snapshot).
#ifndef NDRDIAG_WORKERS_CHECKS_TENANT_TENANT_RULE_SUPPORT_H_
#define NDRDIAG_WORKERS_CHECKS_TENANT_TENANT_RULE_SUPPORT_H_

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/check_result.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag::tenant_internal {

inline v1::CheckResult Result(
    absl::string_view id, absl::string_view outcome, v1::CheckStatus status,
    const MessageArgs& args, v1::RootCause cause = v1::ROOT_CAUSE_UNSPECIFIED) {
  return MakeResult(id, v1::TENANT, status, absl::StrCat(id, ".", outcome),
                    args, cause);
}

inline v1::CheckResult Skipped(absl::string_view id, const std::string& why) {
  return MakeSkipped(id, v1::TENANT, why);
}

// SKIPPED when the spec has no snapshot; nullopt otherwise.
inline std::optional<v1::CheckResult> SkipWithoutSnapshot(
    absl::string_view id, const DiagnosisEvidence& evidence) {
  if (evidence.snapshot != nullptr) return std::nullopt;
  return Skipped(id, "no tenant snapshot given");
}

// The domain a rule judges: the evidence's, or the DNS evidence's when the
// caller filled only that.
inline const std::string& DomainOf(const DiagnosisEvidence& evidence) {
  return evidence.domain.empty() ? evidence.dns.mx.domain : evidence.domain;
}

}  // namespace ndrdiag::tenant_internal

#endif  // NDRDIAG_WORKERS_CHECKS_TENANT_TENANT_RULE_SUPPORT_H_
