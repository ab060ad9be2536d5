// Building v1::CheckResult values the same way in every rule.
//
// Rules fill in only what they decide (check id, status, message key and
// arguments, cause, evidence); titles, messages and remediation texts are
// filled in later from the message catalogue (workers/i18n/catalog.h) in the
// diagnosis locale. Pure helpers, no state.
#ifndef NDRDIAG_WORKERS_CHECKS_CHECK_RESULT_H_
#define NDRDIAG_WORKERS_CHECKS_CHECK_RESULT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {

using MessageArgs = std::vector<std::pair<std::string, std::string>>;

// Generic message keys shared by every check.
inline constexpr absl::string_view kInconclusiveKey = "check.inconclusive";
inline constexpr absl::string_view kSkippedKey = "check.skipped";
inline constexpr absl::string_view kTimeBudgetKey = "check.time_budget";

// A result with the given outcome. `cause` must be ROOT_CAUSE_UNSPECIFIED
// unless `status` is WARN or FAIL (enforced: it is dropped otherwise).
v1::CheckResult MakeResult(absl::string_view check_id, v1::CheckFamily family,
                           v1::CheckStatus status,
                           absl::string_view message_key,
                           const MessageArgs& args,
                           v1::RootCause cause = v1::ROOT_CAUSE_UNSPECIFIED);

// INCONCLUSIVE with `reason` (English, also in message_args["reason"]).
v1::CheckResult MakeInconclusive(absl::string_view check_id,
                                 v1::CheckFamily family,
                                 const std::string& reason);

// SKIPPED with `reason` (English, also in message_args["reason"]).
v1::CheckResult MakeSkipped(absl::string_view check_id, v1::CheckFamily family,
                            const std::string& reason);

// INCONCLUSIVE because the diagnosis' time budget ran out before the
// evidence the check needs was complete.
v1::CheckResult MakeTimeBudgetExceeded(absl::string_view check_id,
                                       v1::CheckFamily family,
                                       const std::string& budget_text);

void AddEvidence(v1::CheckResult& result, const v1::DnsExchange& exchange);
void AddNote(v1::CheckResult& result, std::string note);
// Appends one SMTP probe session (its full transcript) as evidence.
void AddSmtpEvidence(v1::CheckResult& result,
                     const v1::SmtpTranscript& transcript);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_CHECK_RESULT_H_
