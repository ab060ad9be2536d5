// Load mode (see load_run.h).
#include "bench/load/load_run.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/load/cq_driver.h"
#include "bench/load/event_reader.h"
#include "bench/load/recorder.h"

namespace ndrdiag::bench {
namespace {

class LoadRun {
 public:
  explicit LoadRun(const LoadConfig& config)
      : config_(config),
        warmup_us_(absl::ToInt64Microseconds(config.warmup)),
        end_us_(config.count > 0
                    ? std::numeric_limits<int64_t>::max()
                    : warmup_us_ + absl::ToInt64Microseconds(config.duration)),
        recorder_(warmup_us_) {
    for (const v1::RunDiagnosisRequest& r : config.requests) {
      requests_.push_back(Serialized(r));
    }
    for (int i = 0; i < config.concurrency; ++i) {
      slots_.push_back(std::make_unique<Slot>());
      slots_.back()->index = i;
    }
  }

  RunResult Run();

 private:
  class Call;
  struct Slot {
    int index = 0;
    int64_t next = 0;   // closed loop: diagnoses this slot started
    Progress progress;  // of the call in flight
    absl::Mutex mu;
    Call* call ABSL_GUARDED_BY(mu) = nullptr;
  };

  bool closed_loop() const { return config_.rate <= 0; }
  // Whether one more diagnosis may start now (and, once the warmup is over
  // in count mode, claims it).
  bool ClaimStart(int64_t now_us);
  void Start(Slot& slot, size_t request);
  void Ended(Slot& slot, const grpc::Status& status);
  void RunOpenLoop();
  void SleepUntil(int64_t at_us) const;
  // Waits until no call is in flight or `timeout` passed.
  bool Drain(absl::Duration timeout) const;
  void CancelAll();

  const LoadConfig& config_;
  const int64_t warmup_us_;
  const int64_t end_us_;
  RunClock clock_;
  Recorder recorder_;
  std::vector<grpc::ByteBuffer> requests_;  // config_.requests, serialized
  std::vector<std::unique_ptr<Slot>> slots_;
  absl::Mutex free_mu_;
  std::vector<Slot*> free_ ABSL_GUARDED_BY(free_mu_);
  std::atomic<int> in_flight_{0};
  std::atomic<int64_t> started_{0};
  std::atomic<int64_t> measured_started_{0};
  std::atomic<bool> stopping_{false};
  int64_t skipped_ = 0;  // open loop, the pacing thread only
};

// One RunDiagnosis(Batched) stream on the slot's completion queue; deletes
// itself when it ends.
class LoadRun::Call final : public CqHandler {
 public:
  Call(LoadRun& run, Slot& slot, const grpc::ByteBuffer& request)
      : run_(run), slot_(slot) {
    context_.AddMetadata(kOwnerHeader, run.config_.calls.owner);
    context_.set_deadline(
        absl::ToChronoTime(absl::Now() + run.config_.calls.call_deadline));
    // Through a lost connection a call waits for the next one (up to its
    // deadline) rather than failing at once: the closed loop would otherwise
    // spin, recording millions of instant UNAVAILABLEs.
    context_.set_wait_for_ready(true);
    // The request's bytes are shared by every call of this domain.
    reader_.emplace(
        *run.config_.calls.channels, slot.index,
        run.config_.calls.batched ? StreamMethod::kRunDiagnosisBatched
                                  : StreamMethod::kRunDiagnosis,
        &context_, request, run.config_.calls.driver->cq(slot.index));
  }

  void Go() { reader_->StartCall(Tag(this, kStarted)); }

  void Cancel() { context_.TryCancel(); }

  void OnCompletion(int op, bool ok) override {
    switch (op) {
      case kRead:
        if (ok && !reader_->Skim()) {
          slot_.progress.OnMalformed();
          context_.TryCancel();
          ok = false;
        } else if (ok) {
          const int64_t now_us = run_.clock_.NowUs();
          const int64_t wall_ns = WallNowNs();
          for (const EventFacts& event : reader_->events()) {
            slot_.progress.OnEvent(event, now_us, wall_ns, true);
          }
        }
        [[fallthrough]];
      case kStarted:
        if (ok) {
          reader_->Read(Tag(this, kRead));
        } else {
          reader_->Finish(&status_, Tag(this, kFinished));
        }
        return;
      case kFinished:
        run_.Ended(slot_, status_);
        delete this;
        return;
    }
  }

 private:
  enum Op { kStarted = 0, kRead = 1, kFinished = 2 };
  LoadRun& run_;
  Slot& slot_;
  grpc::ClientContext context_;  // outlives reader_
  std::optional<EventReader> reader_;
  grpc::Status status_;
};

bool LoadRun::ClaimStart(int64_t now_us) {
  if (stopping_.load(std::memory_order_relaxed)) return false;
  if (now_us < warmup_us_) return true;
  if (config_.count > 0) {
    return measured_started_.fetch_add(1) < config_.count;
  }
  return now_us <= end_us_;
}

void LoadRun::Start(Slot& slot, size_t request) {
  slot.progress.Begin(clock_.NowUs());
  auto* call = new Call(*this, slot, requests_[request % requests_.size()]);
  {
    absl::MutexLock lock(&slot.mu);
    slot.call = call;
  }
  in_flight_.fetch_add(1);
  started_.fetch_add(1, std::memory_order_relaxed);
  call->Go();
}

void LoadRun::Ended(Slot& slot, const grpc::Status& status) {
  const int64_t now = clock_.NowUs();
  recorder_.Record(slot.index, slot.progress.Finish(status, now),
                   slot.progress);
  {
    absl::MutexLock lock(&slot.mu);
    slot.call = nullptr;
  }
  if (closed_loop()) {
    // Round robin from this slot's own offset.
    if (ClaimStart(now)) Start(slot, slot.index + ++slot.next);
  } else {
    absl::MutexLock lock(&free_mu_);
    free_.push_back(&slot);
  }
  // Last: the run may be torn down once this reaches 0.
  in_flight_.fetch_sub(1);
}

void LoadRun::SleepUntil(int64_t at_us) const {
  const int64_t now = clock_.NowUs();
  if (at_us > now) absl::SleepFor(absl::Microseconds(at_us - now));
}

bool LoadRun::Drain(absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  while (in_flight_.load() > 0) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

void LoadRun::CancelAll() {
  for (auto& slot : slots_) {
    absl::MutexLock lock(&slot->mu);
    if (slot->call != nullptr) slot->call->Cancel();
  }
}

void LoadRun::RunOpenLoop() {
  {
    absl::MutexLock lock(&free_mu_);
    for (auto it = slots_.rbegin(); it != slots_.rend(); ++it) {
      free_.push_back(it->get());
    }
  }
  const double per_us = config_.rate / 1e6;
  int64_t issued = 0;
  bool window_begun = false;
  while (true) {
    const int64_t now = clock_.NowUs();
    if (!window_begun && now >= warmup_us_) {
      window_begun = true;
      if (config_.calls.rss != nullptr) config_.calls.rss->BeginWindow();
    }
    if (config_.count > 0 ? measured_started_.load() >= config_.count
                          : now > end_us_) {
      break;
    }
    // Starts due by now, the first at time 0.
    const int64_t due = static_cast<int64_t>(now * per_us) + 1;
    for (; issued < due; ++issued) {
      Slot* slot = nullptr;
      {
        absl::MutexLock lock(&free_mu_);
        if (!free_.empty()) {
          slot = free_.back();
          free_.pop_back();
        }
      }
      if (slot == nullptr) {
        if (now >= warmup_us_) ++skipped_;
        continue;
      }
      if (!ClaimStart(now)) {
        absl::MutexLock lock(&free_mu_);
        free_.push_back(slot);
        break;
      }
      Start(*slot, static_cast<size_t>(issued));
    }
    const int64_t next_due = static_cast<int64_t>(issued / per_us);
    SleepUntil(std::min(next_due, now + 1000));
  }
}

RunResult LoadRun::Run() {
  if (closed_loop()) {
    for (auto& slot : slots_) {
      if (ClaimStart(clock_.NowUs())) Start(*slot, slot->index);
    }
    SleepUntil(warmup_us_);
    if (config_.calls.rss != nullptr) config_.calls.rss->BeginWindow();
    if (config_.count > 0) {
      while (measured_started_.load() < config_.count &&
             in_flight_.load() > 0) {
        absl::SleepFor(absl::Milliseconds(5));
      }
    } else {
      SleepUntil(end_us_);
    }
  } else {
    RunOpenLoop();
  }
  stopping_.store(true);
  const int64_t stop_us = clock_.NowUs();

  RunResult result;
  // Every call has a deadline, so this normally returns true.
  if (!Drain(config_.calls.call_deadline + absl::Seconds(5))) {
    result.unfinished = in_flight_.load();
    CancelAll();
    Drain(absl::InfiniteDuration());
  }
  config_.calls.driver->Shutdown();
  result.samples = recorder_.Samples();
  result.event_us = recorder_.EventLatencies();
  result.stamp_precision = recorder_.StampPrecision();
  result.started = started_.load();
  result.skipped_starts = skipped_;
  result.window.begin_us = warmup_us_;
  if (config_.count > 0) {
    // Until the last measured diagnosis ended.
    int64_t last = std::max(stop_us, warmup_us_);
    for (const DiagnosisSample& s : result.samples) {
      if (s.start_us < warmup_us_) continue;
      last = std::max(last,
                      s.verdict_us >= 0 ? s.start_us + s.verdict_us : s.end_us);
    }
    result.window.end_us = last;
  } else {
    result.window.end_us = end_us_;
  }
  return result;
}

}  // namespace

RunResult RunLoad(const LoadConfig& config) {
  LoadRun run(config);
  return run.Run();
}

}  // namespace ndrdiag::bench
