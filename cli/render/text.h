// Human-readable rendering of diagnoses and their events.
//
// Pure functions from API messages to text, so what users read is unit-tested
// without a server. Every function returns complete lines (each ending in
// "\n") or an empty string when there is nothing to show. The server has
// already localised titles, messages, explanations and remediation; the
// headings added here follow `locale` (see render/strings.h).
//
// Check result line layout (status word, check id, title: message):
//
//   FAIL         dns.mx.single_record         Single MX record: 2 records ...
//                Fix: Delete every MX record except the Exchange Online one.
#ifndef NDRDIAG_CLI_RENDER_TEXT_H_
#define NDRDIAG_CLI_RENDER_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/diagnosis.pb.h"
#include "ndrdiag/v1/diagnosis_service.pb.h"
#include "ndrdiag/v1/ndr.pb.h"

namespace ndrdiag::cli {

// "PASS", "FAIL", ... ("UNSPECIFIED" for an unset status).
absl::string_view StatusWord(v1::CheckStatus status);

// One check result: a line, plus a "Fix:" line for WARN and FAIL results
// that carry remediation, plus the reason of INCONCLUSIVE/SKIPPED results
// when the message does not already contain it.
std::string RenderCheckResult(const v1::CheckResult& result,
                              absl::string_view locale);

// The verdict: summary, ranked causes with confidence, explanation,
// supporting checks and numbered remediation steps, then the partial notice.
std::string RenderVerdict(const v1::Verdict& verdict, absl::string_view locale);

// One streamed event as `diagnose` and `watch` show it. CheckStarted events
// render as "" (results are shown when they complete).
std::string RenderEvent(const v1::DiagnosisEvent& event,
                        absl::string_view locale);

// A whole diagnosis as `get` shows it, in the diagnosis's own locale.
std::string RenderDiagnosis(const v1::Diagnosis& diagnosis);

// A page of `list`: one row per diagnosis, then the next page token if any.
std::string RenderDiagnosisList(const v1::ListDiagnosesResponse& response);

// A parsed NDR as `parse-ndr` shows it.
std::string RenderNdrReport(const v1::NdrReport& report);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_RENDER_TEXT_H_
