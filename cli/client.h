// The connection from the CLI to an ndrdiag frontend.
//
// Every command takes the same two connection flags, before or after the
// command name:
//   --server HOST:PORT   (env NDRDIAG_SERVER, default 127.0.0.1:50051)
//   --timeout DURATION   deadline of each unary call (default 10s); streams
//                        (diagnose, watch) have no overall deadline because
//                        a queued diagnosis may legitimately wait.
// Credentials are insecure for now (the frontend has no TLS yet).
#ifndef NDRDIAG_CLI_CLIENT_H_
#define NDRDIAG_CLI_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/flags.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"

namespace ndrdiag::cli {

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";

struct ClientOptions {
  std::string server = kDefaultServer;
  absl::Duration timeout = absl::Seconds(10);
};

// Registers --server and --timeout on `flags`, writing into `options`.
void AddClientFlags(FlagSet& flags, ClientOptions* options);

// INVALID_ARGUMENT naming the flag when `options` cannot be used.
absl::Status ValidateClientOptions(const ClientOptions& options);

// A channel and stub to one server. Creating it does not connect: the first
// RPC does, and fails with UNAVAILABLE when nothing listens.
class Client {
 public:
  explicit Client(ClientOptions options);

  v1::DiagnosisService::Stub& stub() { return *stub_; }
  const ClientOptions& options() const { return options_; }

  // Sets the unary deadline (now + --timeout) on `context`.
  void SetUnaryDeadline(grpc::ClientContext& context) const;

 private:
  ClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::DiagnosisService::Stub> stub_;
};

}  // namespace ndrdiag::cli

#endif  // NDRDIAG_CLI_CLIENT_H_
