// An in-process DiagnosisService with scripted answers, for testing the CLI
// commands end to end over real gRPC on 127.0.0.1 without the real stack.
//
// It serves one diagnosis (`stored`) and its event stream (`events`), can
// break RunDiagnosis mid-stream with UNAVAILABLE (to test resuming), and
// records the requests it received. The real frontend is tested by its own
// tests and the end-to-end tests.
#ifndef NDRDIAG_TESTS_CLI_FAKE_DIAGNOSIS_SERVICE_H_
#define NDRDIAG_TESTS_CLI_FAKE_DIAGNOSIS_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/ndr/ndr_parser.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"

namespace ndrdiag::cli::testing {

class FakeDiagnosisService final : public v1::DiagnosisService::Service {
 public:
  // Script: set before the server starts serving calls.
  v1::Diagnosis stored;
  std::vector<v1::DiagnosisEvent> events;
  grpc::Status run_status = grpc::Status::OK;  // returned before any event
  int break_run_after = -1;  // RunDiagnosis: UNAVAILABLE after N events

  std::vector<v1::RunDiagnosisRequest> run_requests() {
    absl::MutexLock lock(&mu_);
    return run_requests_;
  }
  std::vector<v1::WatchDiagnosisRequest> watch_requests() {
    absl::MutexLock lock(&mu_);
    return watch_requests_;
  }

  grpc::Status RunDiagnosis(
      grpc::ServerContext*, const v1::RunDiagnosisRequest* request,
      grpc::ServerWriter<v1::DiagnosisEvent>* writer) override {
    {
      absl::MutexLock lock(&mu_);
      run_requests_.push_back(*request);
    }
    if (!run_status.ok()) return run_status;
    for (size_t i = 0; i < events.size(); ++i) {
      if (static_cast<int>(i) == break_run_after) {
        return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                            "frontend shutting down");
      }
      writer->Write(events[i]);
    }
    return grpc::Status::OK;
  }

  grpc::Status WatchDiagnosis(
      grpc::ServerContext*, const v1::WatchDiagnosisRequest* request,
      grpc::ServerWriter<v1::DiagnosisEvent>* writer) override {
    {
      absl::MutexLock lock(&mu_);
      watch_requests_.push_back(*request);
    }
    if (request->name() != stored.name()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such diagnosis");
    }
    size_t start = 0;
    if (!request->after_event_id().empty()) {
      start = events.size() + 1;
      for (size_t i = 0; i < events.size(); ++i) {
        if (events[i].event_id() == request->after_event_id()) start = i + 1;
      }
      if (start > events.size()) {
        return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                            "after_event_id: not a retained event");
      }
    }
    for (size_t i = start; i < events.size(); ++i) writer->Write(events[i]);
    return grpc::Status::OK;
  }

  grpc::Status GetDiagnosis(grpc::ServerContext*,
                            const v1::GetDiagnosisRequest* request,
                            v1::Diagnosis* response) override {
    if (request->name() != stored.name()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such diagnosis");
    }
    *response = stored;
    return grpc::Status::OK;
  }

  grpc::Status ListDiagnoses(grpc::ServerContext*,
                             const v1::ListDiagnosesRequest* request,
                             v1::ListDiagnosesResponse* response) override {
    if (request->filter() == "bogus") {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "filter: expected \"state = STATE\"");
    }
    v1::Diagnosis& d = *response->add_diagnoses();
    d = stored;
    d.clear_results();
    if (request->page_token().empty()) response->set_next_page_token("p2");
    return grpc::Status::OK;
  }

  grpc::Status CancelDiagnosis(grpc::ServerContext*,
                               const v1::CancelDiagnosisRequest* request,
                               v1::Diagnosis* response) override {
    if (request->name() != stored.name()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such diagnosis");
    }
    *response = stored;
    response->set_state(v1::Diagnosis::CANCELLED);
    return grpc::Status::OK;
  }

  // The real parser: the CLI test checks what the user sees for real NDRs.
  grpc::Status ParseNdr(grpc::ServerContext*,
                        const v1::ParseNdrRequest* request,
                        v1::NdrReport* response) override {
    absl::StatusOr<v1::NdrReport> report = ::ndrdiag::ParseNdr(request->text());
    if (!report.ok()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          std::string(report.status().message()));
    }
    *response = *std::move(report);
    return grpc::Status::OK;
  }

 private:
  absl::Mutex mu_;
  std::vector<v1::RunDiagnosisRequest> run_requests_ ABSL_GUARDED_BY(mu_);
  std::vector<v1::WatchDiagnosisRequest> watch_requests_ ABSL_GUARDED_BY(mu_);
};

// Serves `service` on 127.0.0.1 on a free port until destroyed.
class FakeServer {
 public:
  explicit FakeServer(FakeDiagnosisService& service) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&service);
    server_ = builder.BuildAndStart();
  }
  ~FakeServer() {
    if (server_)
      server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  }
  bool ok() const { return server_ != nullptr && port_ > 0; }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace ndrdiag::cli::testing

#endif  // NDRDIAG_TESTS_CLI_FAKE_DIAGNOSIS_SERVICE_H_
