// EventReader: one server stream of diagnosis events on a completion queue,
// read as bytes and skimmed (event_skim.h) rather than parsed in full.
//
// Either framing: the per-event methods (RunDiagnosis, WatchDiagnosis: a
// DiagnosisEvent a message) or the batched ones (*Batched: a
// DiagnosisEventBatch a message); the runners see the events of the message
// last read either way. The call is made as the generated stub makes it, with
// the reply type grpc::ByteBuffer, on methods registered once per channel
// (Channels::methods).
//
// Not thread-safe: one call, driven by its completion-queue handler.
#ifndef NDRDIAG_BENCH_LOAD_EVENT_READER_H_
#define NDRDIAG_BENCH_LOAD_EVENT_READER_H_

#include <memory>
#include <vector>

#include "bench/load/channels.h"
#include "bench/load/event_skim.h"
#include "google/protobuf/message_lite.h"
#include "grpcpp/grpcpp.h"

namespace ndrdiag::bench {

// `message` serialized, to send as a raw request.
grpc::ByteBuffer Serialized(const google::protobuf::MessageLite& message);

class EventReader {
 public:
  // A call of `method` on channel `index` of `channels`, not started;
  // `request` is the method's serialized request. `context` must outlive the
  // reader.
  EventReader(const Channels& channels, size_t index, StreamMethod method,
              grpc::ClientContext* context, const grpc::ByteBuffer& request,
              grpc::CompletionQueue* cq);

  // As grpc::ClientAsyncReader.
  void StartCall(void* tag) { reader_->StartCall(tag); }
  void Read(void* tag) { reader_->Read(&message_, tag); }
  void Finish(grpc::Status* status, void* tag) { reader_->Finish(status, tag); }

  // Skims the message last read into events(); false if it does not parse.
  bool Skim();
  const std::vector<EventFacts>& events() const { return events_; }

 private:
  const bool batched_;
  std::unique_ptr<grpc::ClientAsyncReader<grpc::ByteBuffer>> reader_;
  grpc::ByteBuffer message_;
  std::vector<EventFacts> events_;
};

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_EVENT_READER_H_
