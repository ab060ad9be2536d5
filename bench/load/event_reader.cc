// Raw event streams, skimmed (see event_reader.h).
#include "bench/load/event_reader.h"

#include <string>

#include "absl/strings/string_view.h"

namespace ndrdiag::bench {

grpc::ByteBuffer Serialized(const google::protobuf::MessageLite& message) {
  grpc::Slice slice(message.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

EventReader::EventReader(const Channels& channels, size_t index,
                         StreamMethod method, grpc::ClientContext* context,
                         const grpc::ByteBuffer& request,
                         grpc::CompletionQueue* cq)
    : batched_(IsBatched(method)) {
  const size_t i = index % channels.channels.size();
  // What the generated PrepareAsync* does, with a ByteBuffer reply.
  reader_.reset(
      grpc::internal::ClientAsyncReaderFactory<grpc::ByteBuffer>::Create(
          channels.channels[i].get(), cq,
          channels.methods[i][static_cast<size_t>(method)], context, request,
          /*start=*/false, /*tag=*/nullptr));
}

bool EventReader::Skim() {
  events_.clear();
  grpc::Slice bytes;
  if (!message_.TrySingleSlice(&bytes).ok() &&
      !message_.DumpToSingleSlice(&bytes).ok()) {
    return false;
  }
  return SkimEvents(
      absl::string_view(reinterpret_cast<const char*>(bytes.begin()),
                        bytes.size()),
      batched_, events_);
}

}  // namespace ndrdiag::bench
