// The bench's gRPC channels to the frontend.
//
// Several channels, each with a distinct channel argument and a local
// subchannel pool, so that each really is its own HTTP/2 connection: one
// connection's single-threaded framing would otherwise become the bottleneck
// the bench measures. Calls are spread over them by index.
#ifndef NDRDIAG_BENCH_LOAD_CHANNELS_H_
#define NDRDIAG_BENCH_LOAD_CHANNELS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"

namespace ndrdiag::bench {

// Header naming the caller; the frontend keys jobs by it.
inline constexpr char kOwnerHeader[] = "x-ndrdiag-owner";

struct Channels {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<v1::DiagnosisService::Stub>> stubs;
  v1::DiagnosisService::Stub& stub(size_t index) {
    return *stubs[index % stubs.size()];
  }
};

// `count` insecure channels to `target` (loopback only, by policy).
Channels MakeChannels(const std::string& target, int count);

// Whether every channel connects within `timeout`.
bool WaitConnected(const Channels& channels, absl::Duration timeout);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_CHANNELS_H_
