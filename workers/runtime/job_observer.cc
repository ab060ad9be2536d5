#include "workers/runtime/job_observer.h"

#include <utility>

#include "absl/time/clock.h"
#include "workers/runtime/worker_metrics.h"

namespace ndrdiag {

JobObserver::JobObserver(JobEventSink& next) : next_(next) {}

void JobObserver::Started(const JobLease& lease) {
  WorkerMetrics::Get().jobs_started.Increment();
  attempts_[JobKey(lease)] = Attempt{absl::Now(), {}, std::nullopt, ""};
}

void JobObserver::Written(const std::string& job_key) {
  auto it = attempts_.find(job_key);
  if (it == attempts_.end() || !it->second.state.has_value()) return;
  const Attempt& a = it->second;
  const std::string state = v1::Diagnosis::State_Name(*a.state);
  WorkerMetrics& m = WorkerMetrics::Get();
  m.jobs_finished.Add({{"state", state}, {"cause", a.cause}}).Increment();
  m.job_seconds.Add({{"state", state}}, WorkerMetrics::JobBuckets())
      .Observe(absl::ToDoubleSeconds(absl::Now() - a.start));
}

void JobObserver::Ended(const std::string& job_key) {
  attempts_.erase(job_key);
}

void JobObserver::Append(const JobLeasePtr& lease, v1::DiagnosisEvent event) {
  auto it = attempts_.find(JobKey(*lease));
  if (event.has_check_started() && it != attempts_.end()) {
    const absl::Time now = absl::Now();
    for (const std::string& id : event.check_started().check_ids()) {
      it->second.checks_started[id] = now;
    }
  } else if (event.has_check_result()) {
    const v1::CheckResult& result = event.check_result();
    ResultSeries(result).Increment();
    if (it != attempts_.end()) {
      auto started = it->second.checks_started.find(result.check_id());
      if (started != it->second.checks_started.end()) {
        DurationSeries(result.check_id())
            .Observe(absl::ToDoubleSeconds(absl::Now() - started->second));
        it->second.checks_started.erase(started);
      }
    }
  }
  next_.Append(lease, std::move(event));
}

prometheus::Counter& JobObserver::ResultSeries(const v1::CheckResult& result) {
  prometheus::Counter*& series =
      result_series_[{result.check_id(), static_cast<int>(result.status())}];
  if (series == nullptr) {
    series = &WorkerMetrics::Get().check_results.Add(
        {{"check_id", result.check_id()},
         {"status", v1::CheckStatus_Name(result.status())}});
  }
  return *series;
}

prometheus::Histogram& JobObserver::DurationSeries(
    const std::string& check_id) {
  prometheus::Histogram*& series = duration_series_[check_id];
  if (series == nullptr) {
    series = &WorkerMetrics::Get().check_seconds.Add(
        {{"check_id", check_id}}, WorkerMetrics::CheckBuckets());
  }
  return *series;
}

void JobObserver::Finish(const JobLeasePtr& lease, v1::Diagnosis::State state,
                         const v1::Verdict* verdict, std::string reason) {
  auto it = attempts_.find(JobKey(*lease));
  if (it != attempts_.end()) {
    it->second.state = state;
    it->second.cause = verdict != nullptr && verdict->causes_size() > 0
                           ? v1::RootCause_Name(verdict->causes(0).cause())
                           : "NONE";
  }
  next_.Finish(lease, state, verdict, std::move(reason));
}

}  // namespace ndrdiag
