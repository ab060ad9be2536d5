// Names of gRPC status codes as the gRPC docs spell them ("NOT_FOUND"),
// for messages and logs; grpc++ 1.51 has no public function for it.
#ifndef NDRDIAG_COMMON_GRPC_STATUS_NAME_H_
#define NDRDIAG_COMMON_GRPC_STATUS_NAME_H_

#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace ndrdiag {

// "NOT_FOUND", "UNAVAILABLE", ...; "UNKNOWN_CODE" for values outside the
// enum.
absl::string_view StatusCodeName(grpc::StatusCode code);

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_GRPC_STATUS_NAME_H_
