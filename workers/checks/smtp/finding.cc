#include "workers/checks/smtp/finding.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ndrdiag::smtp_internal {
namespace {

int Severity(v1::CheckStatus status) {
  switch (status) {
    case v1::FAIL:
      return 4;
    case v1::WARN:
      return 3;
    case v1::INFO:
      return 2;
    case v1::PASS:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

void KeepWorst(std::optional<Finding>& worst, Finding candidate) {
  if (!worst.has_value() ||
      Severity(candidate.status) > Severity(worst->status)) {
    worst = std::move(candidate);
  }
}

v1::CheckResult Conclude(absl::string_view id, v1::CheckFamily family,
                         const std::optional<Finding>& worst,
                         const std::vector<std::string>& unusable,
                         const std::vector<SmtpSessionEvidence>& sessions) {
  v1::CheckResult result;
  if (worst.has_value()) {
    result = MakeResult(id, family, worst->status,
                        absl::StrCat(id, ".", worst->outcome), worst->args,
                        worst->cause);
    if (!unusable.empty()) {
      AddNote(result,
              absl::StrCat("not judged: ", absl::StrJoin(unusable, "; ")));
    }
  } else {
    result = MakeInconclusive(id, family,
                              unusable.empty()
                                  ? std::string("no session could be judged")
                                  : absl::StrJoin(unusable, "; "));
  }
  for (const SmtpSessionEvidence& session : sessions) {
    AddSmtpEvidence(result, session.transcript);
  }
  return result;
}

}  // namespace ndrdiag::smtp_internal
