#include "service/diagnosis_service.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/logging.h"
#include "common/ndr/ndr_parser.h"
#include "service/event_stream.h"
#include "service/metrics.h"
#include "service/rpc_status.h"
#include "service/validation.h"

namespace ndrdiag {
namespace {

grpc::Status InvalidArgument(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

// ListDiagnoses' filter: "" or "state = NAME".
absl::StatusOr<v1::Diagnosis::State> ParseStateFilter(
    const std::string& filter) {
  absl::string_view rest = absl::StripAsciiWhitespace(filter);
  if (rest.empty()) return v1::Diagnosis::STATE_UNSPECIFIED;
  const absl::Status unsupported = absl::InvalidArgumentError(absl::StrCat(
      "filter: \"", filter.substr(0, 64),
      "\" is not supported; use state = QUEUED|RUNNING|SUCCEEDED|FAILED|"
      "CANCELLED"));
  if (!absl::ConsumePrefix(&rest, "state")) return unsupported;
  rest = absl::StripLeadingAsciiWhitespace(rest);
  if (!absl::ConsumePrefix(&rest, "=")) return unsupported;
  rest = absl::StripLeadingAsciiWhitespace(rest);
  v1::Diagnosis::State state;
  if (!v1::Diagnosis::State_Parse(std::string(rest), &state) ||
      state == v1::Diagnosis::STATE_UNSPECIFIED) {
    return unsupported;
  }
  return state;
}

// An event id is a Redis stream id, "<ms>-<seq>".
bool LooksLikeEventId(const std::string& id) {
  const size_t dash = id.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == id.size() ||
      id.size() > 41) {
    return false;
  }
  for (size_t i = 0; i < id.size(); ++i) {
    if (i != dash && !absl::ascii_isdigit(id[i])) return false;
  }
  return true;
}

// The job named by `name`, for the caller identified by `context`. `owner` is
// set as soon as the caller is known, so error logs can name it.
absl::StatusOr<std::string> NamedJob(const grpc::CallbackServerContext& context,
                                     const std::string& name,
                                     std::string& owner) {
  absl::StatusOr<std::string> caller = OwnerOf(context);
  if (!caller.ok()) return caller.status();
  owner = *std::move(caller);
  return JobStore::ParseName(name, "name");
}

// The caller's name for log lines ("" when the caller is not known).
std::string OwnerForLogs(const grpc::CallbackServerContext& context) {
  absl::StatusOr<std::string> owner = OwnerOf(context);
  return owner.ok() ? *std::move(owner) : "";
}

// A request of a raw method (DiagnosisService's header says why raw).
template <typename Request>
grpc::Status Deserialize(const grpc::ByteBuffer& buffer, Request& request) {
  grpc::ByteBuffer copy(buffer);  // shares the slices; Deserialize drains it
  if (grpc::SerializationTraits<Request>::Deserialize(&copy, &request).ok()) {
    return grpc::Status::OK;
  }
  return InvalidArgument(absl::StrCat("the request does not parse as ",
                                      Request::descriptor()->full_name()));
}

// "diagnoses/ID" -> "ID", the job id every log line about a job carries.
std::string JobIdOf(const std::string& name) {
  return std::string(absl::StripPrefix(name, "diagnoses/"));
}

}  // namespace

DiagnosisService::DiagnosisService(StorePool& pool, EventPump& pump)
    : pool_(pool), pump_(pump) {}

grpc::ServerUnaryReactor* DiagnosisService::Fail(
    grpc::CallbackServerContext* context, const std::string& method,
    const std::string& owner, const grpc::Status& status) {
  LogRpcError(method, owner, status);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

grpc::ServerUnaryReactor* DiagnosisService::RunOnPool(
    grpc::CallbackServerContext* context, const std::string& method,
    const std::string& owner, StoreWork work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status submitted =
      pool_.Submit([reactor, method, owner,
                    work = std::move(work)](JobStore& store) mutable {
        grpc::Status status = std::move(work)(store);
        LogRpcError(method, owner, status);
        reactor->Finish(status);
      });
  if (!submitted.ok()) {
    const grpc::Status status = ToGrpcStatus(submitted);
    LogRpcError(method, owner, status);
    reactor->Finish(status);
  }
  return reactor;
}

grpc::ServerUnaryReactor* DiagnosisService::CreateDiagnosis(
    grpc::CallbackServerContext* context,
    const v1::CreateDiagnosisRequest* request, v1::Diagnosis* response) {
  constexpr char kMethod[] = "CreateDiagnosis";
  absl::StatusOr<std::string> owner = OwnerOf(*context);
  if (!owner.ok()) {
    return Fail(context, kMethod, "", ToGrpcStatus(owner.status()));
  }
  absl::StatusOr<v1::DiagnosisSpec> spec = ValidateAndNormalize(*request);
  if (!spec.ok()) {
    return Fail(context, kMethod, *owner, ToGrpcStatus(spec.status()));
  }
  return RunOnPool(context, kMethod, *owner,
                   [owner = *owner, request_id = request->request_id(),
                    spec = *std::move(spec), response](JobStore& store) {
                     absl::StatusOr<JobStore::CreateResult> result =
                         store.Create(owner, request_id, spec, absl::Now());
                     if (!result.ok())
                       return StoreToGrpcStatus(result.status());
                     if (result->created) {
                       FrontendMetrics::Get().jobs_enqueued.Increment();
                     }
                     NDRDIAG_LOG(INFO)
                             .With("job", JobIdOf(result->diagnosis.name()))
                             .With("attempt", result->diagnosis.attempt())
                             .With("diagnosis", result->diagnosis.name())
                             .With("owner", owner)
                             .With("domain", spec.domain())
                         << (result->created
                                 ? "diagnosis created"
                                 : "request_id retried; same diagnosis");
                     *response = std::move(result->diagnosis);
                     return grpc::Status::OK;
                   });
}

grpc::ServerUnaryReactor* DiagnosisService::GetDiagnosis(
    grpc::CallbackServerContext* context,
    const v1::GetDiagnosisRequest* request, v1::Diagnosis* response) {
  constexpr char kMethod[] = "GetDiagnosis";
  std::string owner;
  absl::StatusOr<std::string> job = NamedJob(*context, request->name(), owner);
  if (!job.ok()) {
    return Fail(context, kMethod, owner, ToGrpcStatus(job.status()));
  }
  return RunOnPool(context, kMethod, owner,
                   [owner, job = *job, response](JobStore& store) {
                     absl::StatusOr<v1::Diagnosis> d =
                         store.Get(owner, job, /*with_results=*/true);
                     if (!d.ok()) return StoreToGrpcStatus(d.status());
                     *response = *std::move(d);
                     return grpc::Status::OK;
                   });
}

grpc::ServerUnaryReactor* DiagnosisService::ListDiagnoses(
    grpc::CallbackServerContext* context,
    const v1::ListDiagnosesRequest* request,
    v1::ListDiagnosesResponse* response) {
  constexpr char kMethod[] = "ListDiagnoses";
  absl::StatusOr<std::string> owner = OwnerOf(*context);
  if (!owner.ok()) {
    return Fail(context, kMethod, "", ToGrpcStatus(owner.status()));
  }
  if (request->page_size() < 0) {
    return Fail(context, kMethod, *owner,
                InvalidArgument("page_size: must not be negative"));
  }
  absl::StatusOr<v1::Diagnosis::State> state =
      ParseStateFilter(request->filter());
  if (!state.ok()) {
    return Fail(context, kMethod, *owner, ToGrpcStatus(state.status()));
  }
  return RunOnPool(context, kMethod, *owner,
                   [owner = *owner, page_size = request->page_size(),
                    token = request->page_token(), state = *state,
                    response](JobStore& store) {
                     absl::StatusOr<ListPage> page =
                         store.List(owner, page_size, token, state);
                     if (!page.ok()) return StoreToGrpcStatus(page.status());
                     for (v1::Diagnosis& d : page->diagnoses) {
                       *response->add_diagnoses() = std::move(d);
                     }
                     response->set_next_page_token(page->next_page_token);
                     return grpc::Status::OK;
                   });
}

grpc::ServerUnaryReactor* DiagnosisService::CancelDiagnosis(
    grpc::CallbackServerContext* context,
    const v1::CancelDiagnosisRequest* request, v1::Diagnosis* response) {
  constexpr char kMethod[] = "CancelDiagnosis";
  std::string owner;
  absl::StatusOr<std::string> job = NamedJob(*context, request->name(), owner);
  if (!job.ok()) {
    return Fail(context, kMethod, owner, ToGrpcStatus(job.status()));
  }
  return RunOnPool(
      context, kMethod, owner, [owner, job = *job, response](JobStore& store) {
        absl::StatusOr<v1::Diagnosis> d = store.Cancel(owner, job, absl::Now());
        if (!d.ok()) return StoreToGrpcStatus(d.status());
        NDRDIAG_LOG(INFO)
                .With("job", JobIdOf(d->name()))
                .With("attempt", d->attempt())
                .With("diagnosis", d->name())
                .With("owner", owner)
                .With("state", v1::Diagnosis::State_Name(d->state()))
            << "cancel requested";
        *response = *std::move(d);
        return grpc::Status::OK;
      });
}

template <typename Request>
grpc::ServerWriteReactor<grpc::ByteBuffer>* DiagnosisService::StartStream(
    const char* method, EventFraming framing,
    grpc::CallbackServerContext& context, const grpc::ByteBuffer& request,
    StreamStart<Request> start) {
  auto* reactor =
      new EventStreamReactor(pump_, framing, method, OwnerForLogs(context));
  Request parsed;
  const grpc::Status parse = Deserialize(request, parsed);
  if (parse.ok()) {
    (this->*start)(context, parsed, reactor->session());
  } else {
    reactor->session()->Close(parse);
  }
  return reactor;
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* DiagnosisService::WatchDiagnosis(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  return StartStream<v1::WatchDiagnosisRequest>(
      "WatchDiagnosis", EventFraming::kOnePerMessage, *context, *request,
      &DiagnosisService::Watch);
}

grpc::ServerWriteReactor<grpc::ByteBuffer>*
DiagnosisService::WatchDiagnosisBatched(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request) {
  return StartStream<v1::WatchDiagnosisRequest>(
      "WatchDiagnosisBatched", EventFraming::kBatched, *context, *request,
      &DiagnosisService::Watch);
}

void DiagnosisService::Watch(grpc::CallbackServerContext& context,
                             const v1::WatchDiagnosisRequest& request,
                             std::shared_ptr<StreamSession> session) {
  std::string owner;
  absl::StatusOr<std::string> job = NamedJob(context, request.name(), owner);
  if (!job.ok()) {
    session->Close(ToGrpcStatus(job.status()));
    return;
  }
  const std::string after = request.after_event_id();
  absl::Status submitted = pool_.Submit(
      [session, owner, job = *job, after, pump = &pump_](JobStore& store) {
        // Existence and ownership first: a foreign job is NOT_FOUND whatever
        // the cursor says.
        absl::StatusOr<v1::Diagnosis> d = store.Get(owner, job, false);
        if (!d.ok()) {
          session->Close(StoreToGrpcStatus(d.status()));
          return;
        }
        if (!after.empty() && !LooksLikeEventId(after)) {
          session->Close(grpc::Status(
              grpc::StatusCode::OUT_OF_RANGE,
              absl::StrCat("after_event_id: \"", after.substr(0, 48),
                           "\" is not an event id (expected <ms>-<seq>, as "
                           "in a received event_id)")));
          return;
        }
        StartStreaming(store, *pump, session, job, after,
                       IsTerminalState(d->state()));
      });
  if (!submitted.ok()) session->Close(ToGrpcStatus(submitted));
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* DiagnosisService::RunDiagnosis(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  return StartStream<v1::RunDiagnosisRequest>(
      "RunDiagnosis", EventFraming::kOnePerMessage, *context, *request,
      &DiagnosisService::Run);
}

grpc::ServerWriteReactor<grpc::ByteBuffer>*
DiagnosisService::RunDiagnosisBatched(grpc::CallbackServerContext* context,
                                      const grpc::ByteBuffer* request) {
  return StartStream<v1::RunDiagnosisRequest>("RunDiagnosisBatched",
                                              EventFraming::kBatched, *context,
                                              *request, &DiagnosisService::Run);
}

void DiagnosisService::Run(grpc::CallbackServerContext& context,
                           const v1::RunDiagnosisRequest& request,
                           std::shared_ptr<StreamSession> session) {
  absl::StatusOr<std::string> owner = OwnerOf(context);
  if (!owner.ok()) {
    session->Close(ToGrpcStatus(owner.status()));
    return;
  }
  absl::StatusOr<v1::DiagnosisSpec> spec = ValidateAndNormalize(request);
  if (!spec.ok()) {
    session->Close(ToGrpcStatus(spec.status()));
    return;
  }
  absl::Status submitted =
      pool_.Submit([session, owner = *owner, request_id = request.request_id(),
                    spec = *std::move(spec), pump = &pump_](JobStore& store) {
        absl::StatusOr<JobStore::CreateResult> result =
            store.Create(owner, request_id, spec, absl::Now());
        if (!result.ok()) {
          session->Close(StoreToGrpcStatus(result.status()));
          return;
        }
        if (result->created) FrontendMetrics::Get().jobs_enqueued.Increment();
        NDRDIAG_LOG(INFO)
                .With("job", JobIdOf(result->diagnosis.name()))
                .With("attempt", result->diagnosis.attempt())
                .With("diagnosis", result->diagnosis.name())
                .With("owner", owner)
                .With("domain", spec.domain())
            << (result->created ? "diagnosis created (run)"
                                : "request_id retried; same diagnosis (run)");
        absl::StatusOr<std::string> job =
            JobStore::ParseName(result->diagnosis.name(), "name");
        if (!job.ok()) {
          session->Close(ToGrpcStatus(job.status()));
          return;
        }
        StartStreaming(store, *pump, session, *job, "", false);
      });
  if (!submitted.ok()) session->Close(ToGrpcStatus(submitted));
}

grpc::ServerUnaryReactor* DiagnosisService::ParseNdr(
    grpc::CallbackServerContext* context, const v1::ParseNdrRequest* request,
    v1::NdrReport* response) {
  constexpr char kMethod[] = "ParseNdr";
  if (request->text().size() > kMaxNdrBytes) {
    return Fail(
        context, kMethod, "",
        InvalidArgument(absl::StrCat("text: ", request->text().size(),
                                     " bytes, more than the limit of 256 KiB (",
                                     kMaxNdrBytes, " bytes)")));
  }
  // Parsing is bounded (256 KiB, linear-time RE2) so it runs inline instead
  // of taking a store-pool thread.
  absl::StatusOr<v1::NdrReport> report = ::ndrdiag::ParseNdr(request->text());
  if (!report.ok()) {
    return Fail(context, kMethod, "", ToGrpcStatus(report.status()));
  }
  *response = *std::move(report);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace ndrdiag
