// How the frontend turns module statuses into gRPC statuses, and who is
// calling.
//
// Codes keep their meaning across the boundary (absl and gRPC number them
// alike), except that a job store that cannot be reached or did not answer
// in time is always UNAVAILABLE "job store unavailable: ...", the code
// clients retry with backoff.
#ifndef NDRDIAG_SERVICE_RPC_STATUS_H_
#define NDRDIAG_SERVICE_RPC_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace ndrdiag {

// Same code, same message.
grpc::Status ToGrpcStatus(const absl::Status& status);

// ToGrpcStatus, with UNAVAILABLE and DEADLINE_EXCEEDED from the store mapped
// to UNAVAILABLE "job store unavailable: <why>".
grpc::Status StoreToGrpcStatus(const absl::Status& status);

// Logs a failed RPC (client mistakes at INFO, server trouble at WARNING).
void LogRpcError(const std::string& method, const std::string& owner,
                 const grpc::Status& status);

// Metadata key that names the caller until authentication exists.
inline constexpr char kOwnerMetadataKey[] = "x-ndrdiag-owner";
inline constexpr char kAnonymousOwner[] = "anonymous";

// The owner of the caller's diagnoses.
//
// PLACEHOLDER until the bearer-token issue: the value of the request metadata
// "x-ndrdiag-owner" (1..64 characters of [A-Za-z0-9._@-]) or "anonymous"
// when it is absent. Anyone can claim any owner; this only keeps callers'
// diagnoses apart, it does not protect them. INVALID_ARGUMENT
// ("x-ndrdiag-owner: ...") for a malformed value.
absl::StatusOr<std::string> OwnerOf(const grpc::CallbackServerContext& context);

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_RPC_STATUS_H_
