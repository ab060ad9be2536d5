// Finding: one session's judgement before the rule picks the one to report.
//
// Internal to workers/checks/smtp. A rule judges each usable session, keeps
// the most severe finding (FAIL > WARN > INFO > PASS; the first of equals,
// i.e. the highest MX preference) and turns it into the result, with every
// session's transcript as evidence and the sessions it could not use named
// in a note.
#ifndef NDRDIAG_WORKERS_CHECKS_SMTP_FINDING_H_
#define NDRDIAG_WORKERS_CHECKS_SMTP_FINDING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/check_result.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag::smtp_internal {

struct Finding {
  v1::CheckStatus status = v1::CHECK_STATUS_UNSPECIFIED;
  std::string outcome;  // message key suffix: "pass", "fail_dbeb", ...
  MessageArgs args;
  v1::RootCause cause = v1::ROOT_CAUSE_UNSPECIFIED;
};

// Keeps `candidate` in `worst` when it is more severe than what is there.
void KeepWorst(std::optional<Finding>& worst, Finding candidate);

// The result for `worst` (message key "<id>.<outcome>"), or INCONCLUSIVE
// naming `unusable` when no session could be judged. Every session's
// transcript is attached; `unusable` reasons are added as a note when a
// finding was made despite them.
v1::CheckResult Conclude(absl::string_view id, v1::CheckFamily family,
                         const std::optional<Finding>& worst,
                         const std::vector<std::string>& unusable,
                         const std::vector<SmtpSessionEvidence>& sessions);

}  // namespace ndrdiag::smtp_internal

#endif  // NDRDIAG_WORKERS_CHECKS_SMTP_FINDING_H_
