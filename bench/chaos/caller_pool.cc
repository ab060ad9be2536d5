#include "bench/chaos/caller_pool.h"

#include <algorithm>
#include <optional>
#include <random>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/chaos/event_id.h"
#include "common/grpc_status_name.h"
#include "common/job_store.h"

namespace ndrdiag::chaos {
namespace {

constexpr char kOwnerHeader[] = "x-ndrdiag-owner";
constexpr char kNamePrefix[] = "diagnoses/";

// Codes a retry cannot fix: the harness itself is wrong.
bool IsPermanent(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT ||
         code == grpc::StatusCode::UNIMPLEMENTED ||
         code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::PERMISSION_DENIED;
}

std::string CodeName(grpc::StatusCode code) {
  return std::string(StatusCodeName(code));
}

}  // namespace

// One diagnosis as one careful client sees it. Exactly one call (create or
// watch) or one scheduled retry is outstanding at a time.
class CallerPool::Caller {
 public:
  Caller(CallerPool& pool, int index, v1::DiagnosisSpec spec)
      : pool_(pool),
        request_id_(absl::StrCat(pool.options_.request_id_prefix, "-", index)),
        spec_(std::move(spec)),
        rng_(pool.options_.seed * 1000003 + index) {}

  void Begin() { SendCreate(); }

  // Cancels the call in flight, if any; nothing new starts afterwards.
  void Cancel() {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    if (active_ != nullptr) active_->TryCancel();
  }

  CallerView View() const {
    absl::MutexLock lock(&mu_);
    return view_;
  }

  void OnEvent(const v1::DiagnosisEvent& event);
  void WatchDone(const grpc::Status& status);

 private:
  struct CreateCall {
    grpc::ClientContext context;
    v1::CreateDiagnosisRequest request;
    v1::Diagnosis response;
  };

  void SendCreate();
  void CreateDone(const grpc::Status& status, const v1::Diagnosis& response);
  void StartWatch();
  // Runs `retry` after the backoff for the current failure count.
  void RetryLater(void (Caller::*retry)()) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Marks this caller finished (once) and lets the pool start the next.
  void Done();

  CallerPool& pool_;
  const std::string request_id_;
  const v1::DiagnosisSpec spec_;
  mutable absl::Mutex mu_;
  CallerView view_ ABSL_GUARDED_BY(mu_);
  std::string name_ ABSL_GUARDED_BY(mu_);
  std::string last_event_id_ ABSL_GUARDED_BY(mu_);
  std::optional<EventId> highest_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> seen_ ABSL_GUARDED_BY(mu_);
  grpc::ClientContext* active_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  int failures_ ABSL_GUARDED_BY(mu_) = 0;  // in a row, for the backoff
  std::mt19937_64 rng_ ABSL_GUARDED_BY(mu_);
};

// One WatchDiagnosis stream; deletes itself when it ends.
class CallerPool::WatchCall
    : public grpc::ClientReadReactor<v1::DiagnosisEvent> {
 public:
  WatchCall(CallerPool& pool, Caller& caller, const std::string& name,
            const std::string& after)
      : pool_(pool), caller_(caller) {
    context_.AddMetadata(kOwnerHeader, pool.options_.owner);
    request_.set_name(name);
    request_.set_after_event_id(after);
  }
  grpc::ClientContext* context() { return &context_; }

  void Go() {
    pool_.stub_->async()->WatchDiagnosis(&context_, &request_, this);
    StartRead(&event_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows
    caller_.OnEvent(event_);
    event_.Clear();
    StartRead(&event_);
  }

  void OnDone(const grpc::Status& status) override {
    caller_.WatchDone(status);
    pool_.CallEnded();
    delete this;
  }

 private:
  CallerPool& pool_;
  Caller& caller_;
  grpc::ClientContext context_;
  v1::WatchDiagnosisRequest request_;
  v1::DiagnosisEvent event_;
};

void CallerPool::Caller::SendCreate() {
  auto* call = new CreateCall;
  call->context.AddMetadata(kOwnerHeader, pool_.options_.owner);
  call->context.set_deadline(
      absl::ToChronoTime(absl::Now() + pool_.options_.create_deadline));
  call->request.set_request_id(request_id_);
  *call->request.mutable_spec() = spec_;
  bool cancelled;
  {
    absl::MutexLock lock(&mu_);
    cancelled = cancelled_;
    if (!cancelled) active_ = &call->context;
  }
  if (cancelled) {
    delete call;
    Done();
    return;
  }
  pool_.CallStarted();
  pool_.stub_->async()->CreateDiagnosis(&call->context, &call->request,
                                        &call->response,
                                        [this, call](grpc::Status status) {
                                          {
                                            absl::MutexLock lock(&mu_);
                                            active_ = nullptr;
                                          }
                                          CreateDone(status, call->response);
                                          // The core call holds its own
                                          // reference until this returns, so
                                          // the context may go now.
                                          delete call;
                                          pool_.CallEnded();
                                        });
}

void CallerPool::Caller::CreateDone(const grpc::Status& status,
                                    const v1::Diagnosis& response) {
  if (status.ok()) {
    {
      absl::MutexLock lock(&mu_);
      view_.acknowledged = true;
      name_ = response.name();
      view_.job_id = name_.rfind(kNamePrefix, 0) == 0
                         ? name_.substr(sizeof(kNamePrefix) - 1)
                         : name_;
      failures_ = 0;
    }
    {
      absl::MutexLock lock(&pool_.stats_mu_);
      ++pool_.stats_.created;
    }
    StartWatch();
    return;
  }
  pool_.Count(absl::StrCat("create ", CodeName(status.error_code())));
  bool give_up = IsPermanent(status.error_code());
  {
    absl::MutexLock lock(&mu_);
    give_up = give_up || cancelled_;
    if (!give_up) {
      ++failures_;
      RetryLater(&Caller::SendCreate);
    }
  }
  if (give_up) {
    Done();
  } else {
    absl::MutexLock lock(&pool_.stats_mu_);
    ++pool_.stats_.create_retries;
  }
}

void CallerPool::Caller::StartWatch() {
  WatchCall* call = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (!cancelled_) {
      call = new WatchCall(pool_, *this, name_, last_event_id_);
      active_ = call->context();
    }
  }
  if (call == nullptr) {
    Done();
    return;
  }
  pool_.CallStarted();
  call->Go();
}

void CallerPool::Caller::OnEvent(const v1::DiagnosisEvent& event) {
  absl::MutexLock lock(&mu_);
  failures_ = 0;  // progress: the next break starts the backoff afresh
  const std::string& id = event.event_id();
  last_event_id_ = id;
  if (!seen_.insert(id).second) {
    ++view_.repeated_ids;
    return;
  }
  std::optional<EventId> parsed = ParseEventId(id);
  if (!parsed || (highest_ && *parsed <= *highest_)) {
    ++view_.out_of_order;
  } else {
    highest_ = parsed;
  }
  view_.event_ids.push_back(id);
  bool terminal_state =
      event.has_state_change() && IsTerminalState(event.state_change().state());
  if (event.terminal() || terminal_state) {
    if (view_.terminal_events == 0) {
      view_.terminal_state = terminal_state ? event.state_change().state()
                                            : v1::Diagnosis::STATE_UNSPECIFIED;
    }
    ++view_.terminal_events;
  }
}

void CallerPool::Caller::WatchDone(const grpc::Status& status) {
  bool terminal, cancelled;
  {
    absl::MutexLock lock(&mu_);
    active_ = nullptr;
    terminal = view_.terminal_events > 0;
    cancelled = cancelled_;
    if (!terminal && !cancelled) {
      ++failures_;
      RetryLater(&Caller::StartWatch);
    }
  }
  if (!terminal && cancelled) {
    pool_.Count("watch still open at shutdown, no terminal event");
    Done();
    return;
  }
  if (terminal) {
    if (!status.ok()) {
      pool_.Count(
          absl::StrCat("watch ", CodeName(status.error_code()), " at the end"));
    }
    Done();
    return;
  }
  pool_.Count(status.ok()
                  ? "watch ended OK before the terminal event"
                  : absl::StrCat("watch ", CodeName(status.error_code()),
                                 " before the terminal event"));
  absl::MutexLock lock(&pool_.stats_mu_);
  ++pool_.stats_.watch_resumes;
}

void CallerPool::Caller::RetryLater(void (Caller::*retry)()) {
  absl::Duration delay = pool_.options_.min_backoff;
  for (int i = 1; i < failures_ && delay < pool_.options_.max_backoff; ++i) {
    delay *= 2;
  }
  delay = std::min(delay, pool_.options_.max_backoff);
  // Jitter, so callers broken by the same restart do not return in step.
  delay *= std::uniform_real_distribution<double>(0.5, 1.0)(rng_);
  pool_.scheduler_.After(delay, [this, retry] { (this->*retry)(); });
}

void CallerPool::Caller::Done() {
  {
    absl::MutexLock lock(&mu_);
    if (done_) return;
    done_ = true;
    if (view_.terminal_events > 0) {
      absl::MutexLock stats_lock(&pool_.stats_mu_);
      ++pool_.stats_.terminal_jobs;
    }
  }
  pool_.CallerFinished();
}

CallerPool::CallerPool(std::shared_ptr<grpc::Channel> channel,
                       std::vector<v1::DiagnosisSpec> specs,
                       CallerOptions options)
    : channel_(std::move(channel)),
      stub_(v1::DiagnosisService::NewStub(channel_)),
      options_(std::move(options)) {
  for (size_t i = 0; i < specs.size(); ++i) {
    callers_.push_back(std::make_unique<Caller>(*this, static_cast<int>(i),
                                                std::move(specs[i])));
  }
}

CallerPool::~CallerPool() = default;

void CallerPool::Start() {
  {
    absl::MutexLock lock(&launch_mu_);
    start_time_ = absl::Now();
  }
  Pump();
}

void CallerPool::Pump() {
  const int total = static_cast<int>(callers_.size());
  while (true) {
    int index;
    {
      absl::MutexLock lock(&launch_mu_);
      index = started_.load();
      if (stopping() || index >= total ||
          index - finished_.load() >= options_.concurrency) {
        return;
      }
      if (options_.rate > 0 &&
          index >=
              options_.rate * absl::ToDoubleSeconds(absl::Now() - start_time_) +
                  1) {
        return;
      }
      started_.store(index + 1);
    }
    callers_[index]->Begin();
  }
}

void CallerPool::CallerFinished() {
  finished_.fetch_add(1);
  Pump();
}

bool CallerPool::WaitAllFinished(absl::Time deadline) {
  while (finished() < static_cast<int>(callers_.size())) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

void CallerPool::Shutdown(absl::Duration wait) {
  stopping_.store(true);
  for (auto& caller : callers_) caller->Cancel();
  absl::Time deadline = absl::Now() + wait;
  while (calls_in_flight_.load() > 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
}

std::vector<CallerView> CallerPool::Views() const {
  std::vector<CallerView> views;
  int n = std::min<int>(started(), callers_.size());
  for (int i = 0; i < n; ++i) views.push_back(callers_[i]->View());
  return views;
}

CallerStats CallerPool::Stats() const {
  absl::MutexLock lock(&stats_mu_);
  return stats_;
}

void CallerPool::Count(const std::string& outcome) {
  absl::MutexLock lock(&stats_mu_);
  ++stats_.outcomes[outcome];
}

}  // namespace ndrdiag::chaos
