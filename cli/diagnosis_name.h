// Diagnosis resource names as typed on the command line.
//
// Users paste either the full resource name printed by `diagnose`
// ("diagnoses/0f3c9a...") or just the id after the slash; both mean the same
// diagnosis. The server stays the judge of whether the id exists: this only
// rejects what can never be an id (empty, a different collection, spaces).
#ifndef NDRDIAG_CLI_DIAGNOSIS_NAME_H_
#define NDRDIAG_CLI_DIAGNOSIS_NAME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ndrdiag::cli {

// Returns "diagnoses/{id}" for "diagnoses/{id}" or a bare "{id}".
// INVALID_ARGUMENT (the message says why) for anything else.
absl::StatusOr<std::string> ParseDiagnosisName(absl::string_view text);

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_DIAGNOSIS_NAME_H_
