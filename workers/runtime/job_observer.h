// JobObserver: the worker's metrics of jobs and checks, taken where a job's
// events leave it.
//
// It sits between the running jobs and the EventPublisher (a JobEventSink
// forwarding every call unchanged) and is told by the runtime when an
// attempt starts, when its terminal state was written and when it ends for
// this worker. From that it counts (workers/runtime/worker_metrics.h):
//
//   - jobs started, and finished by state and the verdict's first cause,
//     with the attempt's duration (start here to terminal state written);
//   - every check_result by check id and status;
//   - per check, the time from its check_started event to its check_result
//     event. DiagnosisJob starts every selected check at the beginning of
//     the attempt and publishes each result the moment the evidence it
//     needs is complete, so this is the check's latency as a watcher sees
//     it: mostly the wait for shared probes (DNS, SMTP), hardly the rule's
//     own work. SKIPPED checks have no check_started and no duration.
//
// Loop thread only (where jobs publish and the runtime handles outcomes).
#ifndef NDRDIAG_WORKERS_RUNTIME_JOB_OBSERVER_H_
#define NDRDIAG_WORKERS_RUNTIME_JOB_OBSERVER_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "workers/runtime/job_events.h"

namespace ndrdiag {

class JobObserver : public JobEventSink {
 public:
  // `next` (the publisher) must outlive the observer.
  explicit JobObserver(JobEventSink& next);

  // An attempt began on this worker.
  void Started(const JobLease& lease);
  // The attempt's Finish was written (PublishOutcome::kFinished).
  void Written(const std::string& job_key);
  // The attempt is over for this worker, however it ended.
  void Ended(const std::string& job_key);

  // JobEventSink: observes, then forwards to `next`.
  void Append(const JobLeasePtr& lease, v1::DiagnosisEvent event) override;
  void Finish(const JobLeasePtr& lease, v1::Diagnosis::State state,
              const v1::Verdict* verdict, std::string reason) override;

 private:
  struct Attempt {
    absl::Time start;
    absl::flat_hash_map<std::string, absl::Time> checks_started;
    std::optional<v1::Diagnosis::State> state;
    std::string cause;
  };

  // The series of a check, found once: prometheus' Family::Add builds and
  // hashes a label map under a lock on every call, per result.
  prometheus::Counter& ResultSeries(const v1::CheckResult& result);
  prometheus::Histogram& DurationSeries(const std::string& check_id);

  JobEventSink& next_;
  absl::flat_hash_map<std::string, Attempt> attempts_;
  absl::flat_hash_map<std::pair<std::string, int>, prometheus::Counter*>
      result_series_;
  absl::flat_hash_map<std::string, prometheus::Histogram*> duration_series_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_JOB_OBSERVER_H_
