// The bench's gRPC channels to the frontend.
//
// Several channels, each with a distinct channel argument and a local
// subchannel pool, so that each really is its own HTTP/2 connection: one
// connection's single-threaded framing would otherwise become the bottleneck
// the bench measures. Calls are spread over them by index.
#ifndef NDRDIAG_BENCH_LOAD_CHANNELS_H_
#define NDRDIAG_BENCH_LOAD_CHANNELS_H_

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/rpc_method.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"

namespace ndrdiag::bench {

// Header naming the caller; the frontend keys jobs by it.
inline constexpr char kOwnerHeader[] = "x-ndrdiag-owner";

// The streaming methods the bench calls raw (see event_reader.h).
enum class StreamMethod {
  kRunDiagnosis,
  kRunDiagnosisBatched,
  kWatchDiagnosis,
  kWatchDiagnosisBatched,
};
inline constexpr size_t kStreamMethods = 4;
inline bool IsBatched(StreamMethod m) {
  return m == StreamMethod::kRunDiagnosisBatched ||
         m == StreamMethod::kWatchDiagnosisBatched;
}

struct Channels {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<v1::DiagnosisService::Stub>> stubs;
  // Per channel, the StreamMethods registered on it (a registration per
  // call would grow the channel's list of methods).
  std::vector<std::array<grpc::internal::RpcMethod, kStreamMethods>> methods;
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
