// Per-event and batched event streams behind one interface (see
// event_reader.h).
#include "bench/load/event_reader.h"

#include <type_traits>
#include <utility>

namespace ndrdiag::bench {
namespace {

template <typename Message>
class TypedEventReader final : public EventReader {
 public:
  explicit TypedEventReader(
      std::unique_ptr<grpc::ClientAsyncReader<Message>> reader)
      : reader_(std::move(reader)) {}

  void StartCall(void* tag) override { reader_->StartCall(tag); }
  void Read(void* tag) override { reader_->Read(&message_, tag); }
  void Finish(grpc::Status* status, void* tag) override {
    reader_->Finish(status, tag);
  }

  int event_count() const override {
    if constexpr (std::is_same_v<Message, v1::DiagnosisEvent>) {
      return 1;
    } else {
      return message_.events_size();
    }
  }
  const v1::DiagnosisEvent& event(int i) const override {
    if constexpr (std::is_same_v<Message, v1::DiagnosisEvent>) {
      return message_;
    } else {
      return message_.events(i);
    }
  }

 private:
  std::unique_ptr<grpc::ClientAsyncReader<Message>> reader_;
  Message message_;
};

template <typename Message>
std::unique_ptr<EventReader> Wrap(
    std::unique_ptr<grpc::ClientAsyncReader<Message>> reader) {
  return std::make_unique<TypedEventReader<Message>>(std::move(reader));
}

}  // namespace

std::unique_ptr<EventReader> PrepareRun(v1::DiagnosisService::Stub& stub,
                                        grpc::ClientContext* context,
                                        const v1::RunDiagnosisRequest& request,
                                        grpc::CompletionQueue* cq,
                                        bool batched) {
  if (batched) {
    return Wrap(stub.PrepareAsyncRunDiagnosisBatched(context, request, cq));
  }
  return Wrap(stub.PrepareAsyncRunDiagnosis(context, request, cq));
}

std::unique_ptr<EventReader> PrepareWatch(
    v1::DiagnosisService::Stub& stub, grpc::ClientContext* context,
    const v1::WatchDiagnosisRequest& request, grpc::CompletionQueue* cq,
    bool batched) {
  if (batched) {
    return Wrap(stub.PrepareAsyncWatchDiagnosisBatched(context, request, cq));
  }
  return Wrap(stub.PrepareAsyncWatchDiagnosis(context, request, cq));
}

}  // namespace ndrdiag::bench
