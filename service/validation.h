// Validation of what callers send to the frontend, before anything reaches
// the job store.
//
// ValidateCreate checks every field of a CreateDiagnosisRequest (or the same
// fields of a RunDiagnosisRequest) and returns the spec in normal form: the
// domain as A-labels (derived from recipient_address when domain is empty),
// locale and time budget filled in with their defaults. With neither domain
// nor recipient_address, the first recipient of the NDR in ndr_text is
// taken as the address (its domain as the domain), or, when the NDR blames
// the sending organisation (NdrReport.sender_side), the sender's domain.
// Workers and the store can then rely on the spec without checking it again.
//
// Every error is INVALID_ARGUMENT and starts with the proto field path, then
// the reason, so a caller can show it as is:
//   spec.domain: label 2 "aaaaaaaaaaaaaaaa…" is 64 octets; at most 63 are ...
//   spec.probe_options.time_budget: 500ms is less than the minimum of 1s
//   spec.tenant_snapshot.exo.inbound_connectors[3].name: is 5000 octets; ...
//
// A tenant snapshot is bounded by ValidateTenantSnapshot
// (common/tenant_snapshot.h) and otherwise kept as sent.
//
// Thread-safe (pure functions).
#ifndef NDRDIAG_SERVICE_VALIDATION_H_
#define NDRDIAG_SERVICE_VALIDATION_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ndrdiag/v1/diagnosis.pb.h"
#include "ndrdiag/v1/diagnosis_service.pb.h"

namespace ndrdiag {

inline constexpr size_t kMaxRequestIdChars = 128;
inline constexpr size_t kMaxNdrTextOctets = 256 * 1024;
inline constexpr int kMaxLabels = 16;
inline constexpr size_t kMaxLabelKeyOctets = 63;
inline constexpr size_t kMaxLabelValueOctets = 255;
inline constexpr absl::Duration kDefaultTimeBudget = absl::Seconds(20);
inline constexpr absl::Duration kMinTimeBudget = absl::Seconds(1);
inline constexpr absl::Duration kMaxTimeBudget = absl::Seconds(120);

// request_id: empty, or at most 128 printable ASCII characters (0x20..0x7E).
absl::Status ValidateRequestId(const std::string& request_id);

// The normalised spec, or INVALID_ARGUMENT naming the field ("spec.<field>").
absl::StatusOr<v1::DiagnosisSpec> ValidateSpec(const v1::DiagnosisSpec& spec);

// ValidateRequestId + ValidateSpec.
absl::StatusOr<v1::DiagnosisSpec> ValidateAndNormalize(
    const v1::CreateDiagnosisRequest& request);
absl::StatusOr<v1::DiagnosisSpec> ValidateAndNormalize(
    const v1::RunDiagnosisRequest& request);

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_VALIDATION_H_
