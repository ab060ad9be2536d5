// A grpc.health.v1.Health/Check client for the tests, without the health
// proto's generated stubs (Debian ships none): the request and the reply are
// encoded by hand, they are one short field each.
#ifndef NDRDIAG_TESTS_SUPPORT_GRPC_HEALTH_H_
#define NDRDIAG_TESTS_SUPPORT_GRPC_HEALTH_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace ndrdiag {

// The serving status of `service` ("" = the server as a whole): 1 SERVING,
// 2 NOT_SERVING, 0 another value, -1 no answer within `timeout`.
int CheckGrpcHealth(const std::shared_ptr<grpc::Channel>& channel,
                    const std::string& service,
                    absl::Duration timeout = absl::Seconds(5));

}  // namespace ndrdiag

#endif  // NDRDIAG_TESTS_SUPPORT_GRPC_HEALTH_H_
