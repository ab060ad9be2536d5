// The bench's channels (see channels.h).
#include "bench/load/channels.h"

#include "absl/time/clock.h"

namespace ndrdiag::bench {

Channels MakeChannels(const std::string& target, int count) {
  Channels out;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", i);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    out.channels.push_back(grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args));
    out.stubs.push_back(v1::DiagnosisService::NewStub(out.channels.back()));
    const auto method = [&](const char* name) {
      return grpc::internal::RpcMethod(
          name, grpc::internal::RpcMethod::SERVER_STREAMING,
          out.channels.back());
    };
    // In StreamMethod's order.
    out.methods.push_back({
        method("/ndrdiag.v1.DiagnosisService/RunDiagnosis"),
        method("/ndrdiag.v1.DiagnosisService/RunDiagnosisBatched"),
        method("/ndrdiag.v1.DiagnosisService/WatchDiagnosis"),
        method("/ndrdiag.v1.DiagnosisService/WatchDiagnosisBatched"),
    });
  }
  return out;
}

bool WaitConnected(const Channels& channels, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (const auto& channel : channels.channels) {
    if (!channel->WaitForConnected(absl::ToChronoTime(deadline))) return false;
  }
  return true;
}

}  // namespace ndrdiag::bench
