#include "workers/checks/connector/rule_support.h"

#include "absl/strings/str_join.h"
#include "workers/checks/check_result.h"

namespace ndrdiag::conn {

std::optional<v1::CheckResult> SkipWithoutExo(absl::string_view check_id,
                                              const DiagnosisEvidence& e) {
  if (e.snapshot == nullptr) return Skipped(check_id, std::string(kNoSnapshot));
  if (!e.snapshot->has_exo()) return Skipped(check_id, std::string(kNoExo));
  return std::nullopt;
}

v1::CheckResult Skipped(absl::string_view check_id, const std::string& reason) {
  return MakeSkipped(check_id, v1::CONNECTOR, reason);
}

std::string JoinList(const std::vector<std::string>& items) {
  return items.empty() ? "(none)" : absl::StrJoin(items, ", ");
}

}  // namespace ndrdiag::conn
