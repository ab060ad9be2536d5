#include "tests/support/grpc_health.h"

#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "grpcpp/generic/generic_stub.h"

namespace ndrdiag {

int CheckGrpcHealth(const std::shared_ptr<grpc::Channel>& channel,
                    const std::string& service, absl::Duration timeout) {
  grpc::GenericStub generic(channel);
  // HealthCheckRequest{service = 1}: tag 0x0A, length, bytes.
  std::string bytes;
  if (!service.empty()) {
    bytes.push_back(0x0A);
    bytes.push_back(static_cast<char>(service.size()));
    bytes += service;
  }
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  absl::Notification done;
  grpc::Status status;
  generic.UnaryCall(&context, "/grpc.health.v1.Health/Check",
                    grpc::StubOptions(), &request, &response,
                    [&](grpc::Status s) {
                      status = std::move(s);
                      done.Notify();
                    });
  done.WaitForNotification();
  if (!status.ok()) return -1;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return -1;
  std::string reply;
  for (const grpc::Slice& s : slices) {
    reply.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  // HealthCheckResponse{status = 1}: tag 0x08, the enum value.
  return reply.size() >= 2 && reply[0] == 0x08 ? reply[1] : 0;
}

}  // namespace ndrdiag
