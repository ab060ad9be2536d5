// Fanout mode (see fanout_run.h).
#include "bench/load/fanout_run.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

#include "absl/time/clock.h"
#include "bench/load/cq_driver.h"
#include "bench/load/event_reader.h"
#include "bench/load/recorder.h"

namespace ndrdiag::bench {
namespace {

constexpr int kMaxCreatesInFlight = 256;
constexpr absl::Duration kCreateDeadline = absl::Seconds(30);

class FanoutRun {
 public:
  explicit FanoutRun(const FanoutConfig& config)
      : config_(config), recorder_(0) {}

  FanoutResult Run();

 private:
  class Job;
  void Opened();
  void Closed() { open_.fetch_sub(1); }
  void JobDone(int index, const DiagnosisSample& sample,
               const Progress& progress) {
    recorder_.Record(index, sample, progress);
    done_.fetch_add(1);
  }

  const FanoutConfig& config_;
  RunClock clock_;
  Recorder recorder_;
  std::vector<std::unique_ptr<Job>> jobs_;
  std::atomic<int> creates_in_flight_{0};
  std::atomic<int> open_{0};
  std::atomic<int> peak_open_{0};
  std::atomic<int64_t> last_open_us_{0};
  std::atomic<int64_t> replayed_{0};
  std::atomic<int> done_{0};
};

// One diagnosis: its create, then its watch, on one completion queue.
// Owned by the run, so that the run can cancel it at any time.
class FanoutRun::Job final : public CqHandler {
 public:
  Job(FanoutRun& run, int index) : run_(run), index_(index) {
    create_context_.AddMetadata(kOwnerHeader, run.config_.calls.owner);
    watch_context_.AddMetadata(kOwnerHeader, run.config_.calls.owner);
    // As in load mode: wait for a lost connection, up to the deadline.
    create_context_.set_wait_for_ready(true);
    watch_context_.set_wait_for_ready(true);
  }

  void Create() {
    progress_.Begin(run_.clock_.NowUs());
    create_context_.set_deadline(
        absl::ToChronoTime(absl::Now() + kCreateDeadline));
    run_.creates_in_flight_.fetch_add(1);
    const auto& request =
        run_.config_.requests[index_ % run_.config_.requests.size()];
    create_ =
        stub().PrepareAsyncCreateDiagnosis(&create_context_, request, cq());
    create_->StartCall();
    create_->Finish(&created_, &status_, Tag(this, kCreated));
  }

  void Cancel() {
    create_context_.TryCancel();
    watch_context_.TryCancel();
  }

  void OnCompletion(int op, bool ok) override {
    switch (op) {
      case kCreated:
        Created();
        return;
      case kRead:
        if (ok) ok = OnMessage();
        [[fallthrough]];
      case kWatchStarted:
        if (ok) {
          watch_->Read(Tag(this, kRead));
        } else {
          watch_->Finish(&status_, Tag(this, kFinished));
        }
        return;
      case kFinished:
        if (open_) run_.Closed();
        run_.JobDone(index_, progress_.Finish(status_, run_.clock_.NowUs()),
                     progress_);
        return;
    }
  }

 private:
  enum Op { kCreated = 0, kWatchStarted = 1, kRead = 2, kFinished = 3 };

  v1::DiagnosisService::Stub& stub() {
    return run_.config_.calls.channels->stub(index_);
  }
  grpc::CompletionQueue* cq() { return run_.config_.calls.driver->cq(index_); }

  void Created() {
    run_.creates_in_flight_.fetch_sub(1);
    if (!status_.ok()) {
      run_.JobDone(index_, progress_.Finish(status_, run_.clock_.NowUs()),
                   progress_);
      return;
    }
    v1::WatchDiagnosisRequest watch_request;
    watch_request.set_name(created_.name());
    watch_context_.set_deadline(
        absl::ToChronoTime(absl::Now() + run_.config_.calls.call_deadline));
    // Truncated to the stamp's millisecond, so that an event stamped in the
    // same millisecond as the watch opened still counts as live.
    watch_wall_ns_ = WallNowNs() / 1000000 * 1000000;
    watch_.emplace(*run_.config_.calls.channels, index_,
                   run_.config_.calls.batched
                       ? StreamMethod::kWatchDiagnosisBatched
                       : StreamMethod::kWatchDiagnosis,
                   &watch_context_, Serialized(watch_request), cq());
    watch_->StartCall(Tag(this, kWatchStarted));
  }

  // False (and the watch cancelled) when the message does not parse.
  bool OnMessage() {
    if (!open_) {
      open_ = true;
      run_.Opened();
    }
    if (!watch_->Skim()) {
      progress_.OnMalformed();
      watch_context_.TryCancel();
      return false;
    }
    const int64_t wall = WallNowNs();
    const int64_t now_us = run_.clock_.NowUs();
    for (const EventFacts& event : watch_->events()) {
      const int64_t stamp = event.seconds * 1000000000 + event.nanos;
      const bool live = stamp >= watch_wall_ns_;
      if (!live) run_.replayed_.fetch_add(1, std::memory_order_relaxed);
      progress_.OnEvent(event, now_us, wall, live);
    }
    return true;
  }

  FanoutRun& run_;
  const int index_;
  grpc::ClientContext create_context_;
  grpc::ClientContext watch_context_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::Diagnosis>> create_;
  std::optional<EventReader> watch_;
  v1::Diagnosis created_;
  grpc::Status status_;
  int64_t watch_wall_ns_ = 0;
  bool open_ = false;
  Progress progress_;
};

void FanoutRun::Opened() {
  const int now_open = open_.fetch_add(1) + 1;
  int peak = peak_open_.load();
  while (now_open > peak && !peak_open_.compare_exchange_weak(peak, now_open)) {
  }
  last_open_us_.store(clock_.NowUs());
}

FanoutResult FanoutRun::Run() {
  FanoutResult result;
  FanoutFigures& figures = result.figures;
  figures.streams_requested = config_.streams;
  if (config_.calls.rss != nullptr) {
    figures.frontend_rss_before_kib = config_.calls.rss->CurrentKib("frontend");
    config_.calls.rss->BeginWindow();
  }
  for (int i = 0; i < config_.streams; ++i) {
    jobs_.push_back(std::make_unique<Job>(*this, i));
  }
  const double per_us = config_.create_rate / 1e6;
  for (int i = 0; i < config_.streams; ++i) {
    // Job i is due at i / rate; never more than the cap outstanding.
    while (true) {
      const int64_t now = clock_.NowUs();
      const int64_t due = static_cast<int64_t>(i / per_us);
      if (now >= due && creates_in_flight_.load() < kMaxCreatesInFlight) {
        break;
      }
      absl::SleepFor(
          absl::Microseconds(std::clamp<int64_t>(due - now, 100, 1000)));
    }
    jobs_[i]->Create();
  }
  // Every call has a deadline; past it (plus slack), cancel what is left.
  const absl::Time give_up =
      absl::Now() + config_.calls.call_deadline + absl::Seconds(35);
  while (done_.load() < config_.streams && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  if (done_.load() < config_.streams) {
    result.run.unfinished = config_.streams - done_.load();
    for (auto& job : jobs_) job->Cancel();
    while (done_.load() < config_.streams) {
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  // Joins the queue threads: no completion handler runs past this point.
  config_.calls.driver->Shutdown();
  figures.streams_open = peak_open_.load();
  figures.open_s = last_open_us_.load() / 1e6;
  figures.replayed_events = replayed_.load();

  RunResult& run = result.run;
  run.samples = recorder_.Samples();
  run.event_us = recorder_.EventLatencies();
  run.stamp_precision = recorder_.StampPrecision();
  run.started = config_.streams;
  run.window.begin_us = 0;
  for (const DiagnosisSample& s : run.samples) {
    run.window.end_us = std::max(run.window.end_us, s.end_us);
  }
  return result;
}

}  // namespace

FanoutResult RunFanout(const FanoutConfig& config) {
  FanoutRun run(config);
  return run.Run();
}

}  // namespace ndrdiag::bench
