// The ndr family of the catalogue (shared CHECKS.md §1, rows ndr.*): what
// the NDR the user already has says, read from DiagnosisEvidence::ndr (the
// spec's ndr_text parsed by common/ndr/ndr_parser.h, which also applies the
// ndr.classify and ndr.who_rejected rules).
//
// Promises: no NDR given -> SKIPPED. ndr.parse FAILs (no cause) when the
// text could not be parsed and names what was missing; the other two are
// then SKIPPED. ndr.classify is WARN with the NDR's most specific cause (an
// NDR is an indication of a cause, not a verified fault: the other
// families confirm or contradict it, and the verdict says which), INFO when
// no rule matched. Message keys are "<check id>.<outcome>"
// (workers/i18n/messages/ndr.json).
#ifndef NDRDIAG_WORKERS_CHECKS_NDR_NDR_CHECKS_H_
#define NDRDIAG_WORKERS_CHECKS_NDR_NDR_CHECKS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag {

inline constexpr absl::string_view kCheckNdrParse = "ndr.parse";
inline constexpr absl::string_view kCheckNdrClassify = "ndr.classify";
inline constexpr absl::string_view kCheckNdrWhoRejected = "ndr.who_rejected";

// PASS with the extracted fields as arguments (enhanced_status, reply_code,
// reply_text, generating_server, remote_server, layout, recipients, eop_node,
// as_tag); FAIL "unparseable" with {error}.
v1::CheckResult CheckNdrParse(const DiagnosisEvidence& e);

// WARN with cause = the first of the NDR's causes and arguments {causes
// (RootCause names, comma-separated), reply, rejected_by, generating_server,
// remote_server, families (the families that check those causes)}; INFO
// "info_no_rule" when the rules name no cause.
v1::CheckResult CheckNdrClassify(const DiagnosisEvidence& e);

// INFO {rejected_by: exchange-online | external | generating, server}.
v1::CheckResult CheckNdrWhoRejected(const DiagnosisEvidence& e);

// In catalogue order. They need no live evidence.
const std::vector<Check>& NdrChecks();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_NDR_NDR_CHECKS_H_
