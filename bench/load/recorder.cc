// Per-diagnosis bookkeeping (see recorder.h).
#include "bench/load/recorder.h"

#include <time.h>

#include <algorithm>

#include "common/grpc_status_name.h"
#include "common/job_store.h"

namespace ndrdiag::bench {
int64_t WallNowNs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void Progress::Begin(int64_t start_us) {
  start_us_ = start_us;
  accepted_us_ = first_result_us_ = verdict_us_ = terminal_us_ = -1;
  terminal_state_ = v1::Diagnosis::STATE_UNSPECIFIED;
  any_event_ = false;
  micro_stamp_ = false;
  malformed_ = false;
  event_us_.clear();
}

void Progress::OnEvent(const EventFacts& event, int64_t now_us, int64_t wall_ns,
                       bool time_it) {
  any_event_ = true;
  const int64_t since = now_us - start_us_;
  switch (event.payload) {
    case v1::DiagnosisEvent::kAccepted:
      if (accepted_us_ < 0) accepted_us_ = since;
      break;
    case v1::DiagnosisEvent::kCheckResult:
      if (first_result_us_ < 0) first_result_us_ = since;
      break;
    case v1::DiagnosisEvent::kVerdict:
      if (verdict_us_ < 0) verdict_us_ = since;
      break;
    case v1::DiagnosisEvent::kStateChange:
      if (IsTerminalState(event.state)) {
        terminal_state_ = event.state;
        if (terminal_us_ < 0) terminal_us_ = since;
      }
      break;
    default:
      break;
  }
  if (event.terminal && terminal_us_ < 0) terminal_us_ = since;
  if (time_it && event.has_time) {
    const int64_t stamp_ns = event.seconds * 1000000000 + event.nanos;
    if (event.nanos % 1000000 != 0) micro_stamp_ = true;
    // Same machine, same clock: never negative unless the stamp was
    // rounded up; such an event counts as delivered at once.
    event_us_.push_back(std::max<int64_t>(0, (wall_ns - stamp_ns) / 1000));
  }
}

DiagnosisSample Progress::Finish(const grpc::Status& status,
                                 int64_t now_us) const {
  DiagnosisSample s;
  s.start_us = start_us_;
  s.end_us = now_us;
  s.accepted_us = accepted_us_;
  s.first_result_us = first_result_us_;
  s.verdict_us = verdict_us_ >= 0 ? verdict_us_ : terminal_us_;
  if (malformed_) {
    s.error = "MALFORMED";
  } else if (!status.ok()) {
    s.error = StatusCodeName(status.error_code());
  } else if (terminal_state_ == v1::Diagnosis::FAILED) {
    s.error = "FAILED";
  } else if (terminal_state_ == v1::Diagnosis::CANCELLED) {
    s.error = "CANCELLED";
  } else if (terminal_us_ < 0) {
    s.error = "INCOMPLETE";
  }
  return s;
}

void Recorder::Record(size_t shard_hint, const DiagnosisSample& sample,
                      const Progress& progress) {
  const bool keep_events =
      sample.start_us >= measured_from_us_ && !progress.event_us().empty();
  if (keep_events) {
    any_timed_.store(true, std::memory_order_relaxed);
    if (progress.micro_stamp()) micro_.store(true, std::memory_order_relaxed);
  }
  Shard& shard = shards_[shard_hint % shards_.size()];
  absl::MutexLock lock(&shard.mu);
  shard.samples.push_back(sample);
  if (keep_events) {
    shard.event_us.insert(shard.event_us.end(), progress.event_us().begin(),
                          progress.event_us().end());
  }
}

template <typename T>
std::vector<T> Recorder::Gather(std::vector<T> Shard::*field) const {
  std::vector<T> all;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    const std::vector<T>& part = shard.*field;
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

std::vector<DiagnosisSample> Recorder::Samples() const {
  return Gather(&Shard::samples);
}

std::vector<int64_t> Recorder::EventLatencies() const {
  return Gather(&Shard::event_us);
}

const char* Recorder::StampPrecision() const {
  if (!any_timed_.load()) return "";
  return micro_.load() ? "us" : "ms";
}

}  // namespace ndrdiag::bench
