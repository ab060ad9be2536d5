// EventReader: one server stream of diagnosis events on a completion queue,
// whichever framing the bench asked for: the per-event methods
// (RunDiagnosis, WatchDiagnosis: one DiagnosisEvent a message) or the
// batched ones (*Batched: a DiagnosisEventBatch a message). The runners see
// the events of the message last read either way, so they measure both the
// same.
//
// Not thread-safe: one call, driven by its completion-queue handler.
#ifndef NDRDIAG_BENCH_LOAD_EVENT_READER_H_
#define NDRDIAG_BENCH_LOAD_EVENT_READER_H_

#include <memory>

#include "grpcpp/grpcpp.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"

namespace ndrdiag::bench {

class EventReader {
 public:
  virtual ~EventReader() = default;

  // As grpc::ClientAsyncReader; Read fills what events() returns.
  virtual void StartCall(void* tag) = 0;
  virtual void Read(void* tag) = 0;
  virtual void Finish(grpc::Status* status, void* tag) = 0;

  // The events of the message last read, oldest first.
  virtual int event_count() const = 0;
  virtual const v1::DiagnosisEvent& event(int i) const = 0;
};

// A RunDiagnosis (or RunDiagnosisBatched) call, not started. `request` and
// `context` must outlive the reader.
std::unique_ptr<EventReader> PrepareRun(v1::DiagnosisService::Stub& stub,
                                        grpc::ClientContext* context,
                                        const v1::RunDiagnosisRequest& request,
                                        grpc::CompletionQueue* cq,
                                        bool batched);
// A WatchDiagnosis (or WatchDiagnosisBatched) call, not started.
std::unique_ptr<EventReader> PrepareWatch(
    v1::DiagnosisService::Stub& stub, grpc::ClientContext* context,
    const v1::WatchDiagnosisRequest& request, grpc::CompletionQueue* cq,
    bool batched);

}  // namespace ndrdiag::bench

#endif  // NDRDIAG_BENCH_LOAD_EVENT_READER_H_
