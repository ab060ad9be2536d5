// libFuzzer target for the tenant snapshot loader (common/tenant_snapshot.h).
//
// Feeds the input to ParseTenantSnapshotJson as a file's bytes (any
// encoding, BOM or none); a snapshot that parses also goes through
// ValidateTenantSnapshot, as one from a request would. Besides the
// sanitizers' findings it fails when a parse error is not INVALID_ARGUMENT or
// has an empty message (users read it to fix their file).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/tenant_snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view json(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<ndrdiag::v1::TenantSnapshot> snapshot =
      ndrdiag::ParseTenantSnapshotJson(json);
  if (!snapshot.ok()) {
    if (snapshot.status().code() != absl::StatusCode::kInvalidArgument ||
        snapshot.status().message().empty()) {
      abort();
    }
    return 0;
  }
  absl::Status valid = ndrdiag::ValidateTenantSnapshot(*snapshot);
  if (!valid.ok() && valid.code() != absl::StatusCode::kInvalidArgument) {
    abort();
  }
  return 0;
}
