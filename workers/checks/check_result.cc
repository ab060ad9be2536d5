#include "workers/checks/check_result.h"

#include "absl/strings/str_cat.h"

namespace ndrdiag {

v1::CheckResult MakeResult(absl::string_view check_id, v1::CheckFamily family,
                           v1::CheckStatus status,
                           absl::string_view message_key,
                           const MessageArgs& args, v1::RootCause cause) {
  v1::CheckResult result;
  result.set_check_id(std::string(check_id));
  result.set_family(family);
  result.set_status(status);
  result.set_message_key(std::string(message_key));
  for (const auto& [name, value] : args) {
    (*result.mutable_message_args())[name] = value;
  }
  // Only a judgement of the set-up may point at a cause (see check.proto).
  if (status == v1::WARN || status == v1::FAIL) result.set_cause(cause);
  return result;
}

v1::CheckResult MakeInconclusive(absl::string_view check_id,
                                 v1::CheckFamily family,
                                 const std::string& reason) {
  v1::CheckResult result = MakeResult(check_id, family, v1::INCONCLUSIVE,
                                      kInconclusiveKey, {{"reason", reason}});
  result.set_inconclusive_reason(reason);
  return result;
}

v1::CheckResult MakeSkipped(absl::string_view check_id, v1::CheckFamily family,
                            const std::string& reason) {
  v1::CheckResult result = MakeResult(check_id, family, v1::SKIPPED,
                                      kSkippedKey, {{"reason", reason}});
  result.set_inconclusive_reason(reason);
  return result;
}

v1::CheckResult MakeTimeBudgetExceeded(absl::string_view check_id,
                                       v1::CheckFamily family,
                                       const std::string& budget_text) {
  v1::CheckResult result =
      MakeResult(check_id, family, v1::INCONCLUSIVE, kTimeBudgetKey,
                 {{"budget", budget_text}});
  result.set_inconclusive_reason(
      absl::StrCat("time budget of ", budget_text, " ran out"));
  return result;
}

void AddEvidence(v1::CheckResult& result, const v1::DnsExchange& exchange) {
  *result.add_evidence()->mutable_dns() = exchange;
}

void AddNote(v1::CheckResult& result, std::string note) {
  result.add_evidence()->set_note(std::move(note));
}

void AddSmtpEvidence(v1::CheckResult& result,
                     const v1::SmtpTranscript& transcript) {
  *result.add_evidence()->mutable_smtp() = transcript;
}

}  // namespace ndrdiag
