// DiagnosisService: the ndrdiag.v1.DiagnosisService API on gRPC's callback
// API, so that no RPC holds a thread while it waits.
//
// Unary calls validate on gRPC's thread, then hand the store work to the
// StorePool, whose thread finishes the reactor. WatchDiagnosis and
// RunDiagnosis (and their *Batched forms, which differ only in framing) are
// EventStream reactors: the backlog is read on a pool thread, later events
// come from the shared EventPump. These methods are registered raw
// (ByteBuffer in and out) so that stored events are written to watchers as
// they are stored, not parsed and serialized again per event; their requests
// are parsed here (INVALID_ARGUMENT if they do not parse).
//
// Who the caller is: until authentication exists (the bearer-token issue),
// the owner of a call is the request metadata "x-ndrdiag-owner" or
// "anonymous" (see OwnerOf in rpc_status.h). This is a placeholder that keeps
// callers apart; it is not access control.
//
// Status codes: INVALID_ARGUMENT names the field ("spec.domain: ..."),
// NOT_FOUND for unknown or foreign diagnoses (checked before anything else
// in a watch), OUT_OF_RANGE for a bad after_event_id, UNAVAILABLE "job store
// unavailable: ..." while Redis cannot be reached, RESOURCE_EXHAUSTED when
// the store pool's queue is full, INVALID_ARGUMENT for an unparseable NDR.
//
// Thread-safe. The pool and the pump must outlive the service.
#ifndef NDRDIAG_SERVICE_DIAGNOSIS_SERVICE_H_
#define NDRDIAG_SERVICE_DIAGNOSIS_SERVICE_H_

#include <memory>
#include <string>

#include "absl/functional/any_invocable.h"
#include "grpcpp/grpcpp.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"
#include "service/event_pump.h"
#include "service/event_stream.h"
#include "service/store_pool.h"

namespace ndrdiag {

using DiagnosisServiceBase =
    v1::DiagnosisService::WithRawCallbackMethod_WatchDiagnosis<
        v1::DiagnosisService::WithRawCallbackMethod_RunDiagnosis<
            v1::DiagnosisService::WithRawCallbackMethod_WatchDiagnosisBatched<
                v1::DiagnosisService::WithRawCallbackMethod_RunDiagnosisBatched<
                    v1::DiagnosisService::CallbackService>>>>;

class DiagnosisService : public DiagnosisServiceBase {
 public:
  DiagnosisService(StorePool& pool, EventPump& pump);

  grpc::ServerUnaryReactor* CreateDiagnosis(
      grpc::CallbackServerContext* context,
      const v1::CreateDiagnosisRequest* request,
      v1::Diagnosis* response) override;
  grpc::ServerUnaryReactor* GetDiagnosis(grpc::CallbackServerContext* context,
                                         const v1::GetDiagnosisRequest* request,
                                         v1::Diagnosis* response) override;
  grpc::ServerUnaryReactor* ListDiagnoses(
      grpc::CallbackServerContext* context,
      const v1::ListDiagnosesRequest* request,
      v1::ListDiagnosesResponse* response) override;
  grpc::ServerUnaryReactor* CancelDiagnosis(
      grpc::CallbackServerContext* context,
      const v1::CancelDiagnosisRequest* request,
      v1::Diagnosis* response) override;
  // Serialized v1::WatchDiagnosisRequest in, v1::DiagnosisEvent out.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchDiagnosis(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;
  // Serialized v1::RunDiagnosisRequest in, v1::DiagnosisEvent out.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* RunDiagnosis(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;
  // As WatchDiagnosis and RunDiagnosis, v1::DiagnosisEventBatch out.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchDiagnosisBatched(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* RunDiagnosisBatched(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* ParseNdr(grpc::CallbackServerContext* context,
                                     const v1::ParseNdrRequest* request,
                                     v1::NdrReport* response) override;

 private:
  using StoreWork = absl::AnyInvocable<grpc::Status(JobStore&) &&>;
  // Finishes a unary reactor with the outcome of `work` on a pool thread.
  grpc::ServerUnaryReactor* RunOnPool(grpc::CallbackServerContext* context,
                                      const std::string& method,
                                      const std::string& owner, StoreWork work);
  // A unary reactor finished at once with `status`.
  grpc::ServerUnaryReactor* Fail(grpc::CallbackServerContext* context,
                                 const std::string& method,
                                 const std::string& owner,
                                 const grpc::Status& status);

  // What a streaming method does with its parsed request.
  template <typename Request>
  using StreamStart =
      void (DiagnosisService::*)(grpc::CallbackServerContext&, const Request&,
                                 std::shared_ptr<StreamSession>);
  // A raw streaming call: its reactor, the request parsed (INVALID_ARGUMENT
  // closes the stream if it does not parse), then `start`.
  template <typename Request>
  grpc::ServerWriteReactor<grpc::ByteBuffer>* StartStream(
      const char* method, EventFraming framing,
      grpc::CallbackServerContext& context, const grpc::ByteBuffer& request,
      StreamStart<Request> start);
  void Watch(grpc::CallbackServerContext& context,
             const v1::WatchDiagnosisRequest& request,
             std::shared_ptr<StreamSession> session);
  void Run(grpc::CallbackServerContext& context,
           const v1::RunDiagnosisRequest& request,
           std::shared_ptr<StreamSession> session);

  StorePool& pool_;
  EventPump& pump_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_DIAGNOSIS_SERVICE_H_
