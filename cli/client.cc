#include "cli/client.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace ndrdiag::cli {

void AddClientFlags(FlagSet& flags, ClientOptions* options) {
  flags.String("server", "HOST:PORT", "The ndrdiag frontend to talk to.",
               &options->server);
  flags.Duration("timeout",
                 "Deadline of each unary call (get, list, cancel, ...); "
                 "streams have none.",
                 &options->timeout);
}

absl::Status ValidateClientOptions(const ClientOptions& options) {
  if (absl::StripAsciiWhitespace(options.server).empty()) {
    return absl::InvalidArgumentError(
        "--server: empty (expected HOST:PORT, e.g. 127.0.0.1:50051)");
  }
  if (options.timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--timeout: must be longer than 0s");
  }
  return absl::OkStatus();
}

Client::Client(ClientOptions options)
    : options_(std::move(options)),
      channel_(grpc::CreateChannel(options_.server,
                                   grpc::InsecureChannelCredentials())),
      stub_(v1::DiagnosisService::NewStub(channel_)) {}

void Client::SetUnaryDeadline(grpc::ClientContext& context) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
}

}  // namespace ndrdiag::cli
