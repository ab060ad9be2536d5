// Loading and checking a tenant configuration snapshot (v1::TenantSnapshot),
// the JSON an administrator exports with scripts/export-tenant-snapshot.ps1
// or writes by hand from `ConvertTo-Json` output.
//
// The loader takes what Windows PowerShell really writes, not only the
// script's clean output:
//   - UTF-8 with or without a BOM, UTF-16LE/BE with a BOM (PowerShell 5.1's
//     `Out-File` and `>` default);
//   - dates as "\/Date(1700000000000)\/" (5.1), ISO 8601 with 7 fractional
//     digits or an offset (7.x), or a 5.1 DateTime object {"value": ...};
//   - a single value where an array is expected (PowerShell unrolls
//     one-element arrays) and arrays wrapped as {"value": [...], "Count": n};
//   - property names in another case ("Id" for "id"), the Graph SDK's
//     "AdditionalProperties" bag, "@odata.*" and every property the proto
//     does not know (ignored);
//   - booleans as "True"/"False" strings, integers as numeric strings.
// Anything else that does not fit is INVALID_ARGUMENT naming the path of the
// bad value as the file spells it:
//   exo.outboundConnectors[1].Enabled: expected true or false, got "yes"
//
// ValidateTenantSnapshot bounds a snapshot that arrived in a request (counts,
// string lengths, timestamps); its errors name proto fields:
//   tenant_snapshot.exo.inbound_connectors[3].name: is 5000 octets; ...
//
// Thread-safe (pure functions).
#ifndef NDRDIAG_COMMON_TENANT_SNAPSHOT_H_
#define NDRDIAG_COMMON_TENANT_SNAPSHOT_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ndrdiag/v1/tenant.pb.h"

namespace ndrdiag {

// Largest snapshot file LoadTenantSnapshotFile reads (a tenant with
// thousands of domains and connectors exports well under 2 MiB).
inline constexpr size_t kMaxTenantSnapshotFileOctets = 8 * 1024 * 1024;
// Bounds ValidateTenantSnapshot enforces.
inline constexpr int kMaxTenantSnapshotListItems = 5000;
inline constexpr size_t kMaxTenantSnapshotStringOctets = 4096;

// Parses snapshot JSON (any of the encodings above). Errors are
// INVALID_ARGUMENT naming the path of the bad value.
absl::StatusOr<v1::TenantSnapshot> ParseTenantSnapshotJson(
    absl::string_view json);

// Reads and parses the file at `path`. Errors start with the path: NOT_FOUND
// or PERMISSION_DENIED when it cannot be read, INVALID_ARGUMENT when it is
// larger than kMaxTenantSnapshotFileOctets or does not parse.
absl::StatusOr<v1::TenantSnapshot> LoadTenantSnapshotFile(
    const std::string& path);

// OK, or INVALID_ARGUMENT "tenant_snapshot.<field path>: <reason>" for the
// first field out of bounds: a list longer than kMaxTenantSnapshotListItems,
// a string longer than kMaxTenantSnapshotStringOctets or not UTF-8, a
// timestamp outside years 1..9999.
absl::Status ValidateTenantSnapshot(const v1::TenantSnapshot& snapshot);

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_TENANT_SNAPSHOT_H_
