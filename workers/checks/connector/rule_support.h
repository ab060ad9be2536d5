// Internal to the connector rules: the preconditions every conn.* rule
// shares (a snapshot with its Exchange Online part) and list formatting.
#ifndef NDRDIAG_WORKERS_CHECKS_CONNECTOR_RULE_SUPPORT_H_
#define NDRDIAG_WORKERS_CHECKS_CONNECTOR_RULE_SUPPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag::conn {

inline constexpr absl::string_view kNoSnapshot = "no tenant snapshot given";
inline constexpr absl::string_view kNoExo =
    "the tenant snapshot has no Exchange Online part (exo)";
inline constexpr absl::string_view kNoOnPrem =
    "the tenant snapshot has no on-premises part (onPremises)";

// SKIPPED without a snapshot or without its exo part; std::nullopt when the
// rule can go on.
std::optional<v1::CheckResult> SkipWithoutExo(absl::string_view check_id,
                                              const DiagnosisEvidence& e);

// A skipped connector result.
v1::CheckResult Skipped(absl::string_view check_id, const std::string& reason);

// "a, b, c" ("(none)" when empty).
std::string JoinList(const std::vector<std::string>& items);

// The connectors' names, comma-separated.
template <typename Connector>
std::string ConnectorNames(const std::vector<const Connector*>& connectors) {
  std::vector<std::string> names;
  for (const Connector* c : connectors) names.push_back(c->name());
  return JoinList(names);
}

}  // namespace ndrdiag::conn

#endif  // NDRDIAG_WORKERS_CHECKS_CONNECTOR_RULE_SUPPORT_H_
