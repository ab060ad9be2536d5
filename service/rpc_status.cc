#include "service/rpc_status.h"

#include "absl/strings/str_cat.h"
#include "common/logging.h"

namespace ndrdiag {
namespace {

constexpr size_t kMaxOwnerChars = 64;

bool IsOwnerChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' || c == '-';
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

grpc::Status StoreToGrpcStatus(const absl::Status& status) {
  if (absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status)) {
    return grpc::Status(
        grpc::StatusCode::UNAVAILABLE,
        absl::StrCat("job store unavailable: ", status.message()));
  }
  return ToGrpcStatus(status);
}

void LogRpcError(const std::string& method, const std::string& owner,
                 const grpc::Status& status) {
  if (status.ok()) return;
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DATA_LOSS:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      NDRDIAG_LOG(WARNING)
              .With("method", method)
              .With("owner", owner)
              .With("code",
                    absl::StatusCodeToString(
                        static_cast<absl::StatusCode>(status.error_code())))
          << status.error_message();
      break;
    default:
      NDRDIAG_LOG(INFO)
              .With("method", method)
              .With("owner", owner)
              .With("code",
                    absl::StatusCodeToString(
                        static_cast<absl::StatusCode>(status.error_code())))
          << status.error_message();
  }
}

absl::StatusOr<std::string> OwnerOf(
    const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kOwnerMetadataKey);
  if (it == metadata.end()) return std::string(kAnonymousOwner);
  const std::string owner(it->second.data(), it->second.size());
  if (owner.empty() || owner.size() > kMaxOwnerChars) {
    return absl::InvalidArgumentError(
        absl::StrCat(kOwnerMetadataKey, ": must be 1 to ", kMaxOwnerChars,
                     " characters, not ", owner.size()));
  }
  for (char c : owner) {
    if (!IsOwnerChar(c)) {
      return absl::InvalidArgumentError(absl::StrCat(
          kOwnerMetadataKey,
          ": may only contain letters, digits, '.', '_', '@' and '-'"));
    }
  }
  return owner;
}

}  // namespace ndrdiag
