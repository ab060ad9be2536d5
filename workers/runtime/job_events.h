// JobEventSink: where a running diagnosis sends what it has to say.
//
// DiagnosisJob (loop thread) produces events in order; the runtime's sink
// hands them to the publisher thread, which appends them to Redis in the
// same order. Kept as an interface so a job can be tested without Redis.
#ifndef NDRDIAG_WORKERS_RUNTIME_JOB_EVENTS_H_
#define NDRDIAG_WORKERS_RUNTIME_JOB_EVENTS_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/job_store.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag {

using JobLeasePtr = std::shared_ptr<const JobLease>;

// Identifies one attempt of one job ("<job id>#<attempt>").
inline std::string JobKey(const JobLease& lease) {
  return absl::StrCat(lease.job_id, "#", lease.attempt);
}

class JobEventSink {
 public:
  virtual ~JobEventSink() = default;
  // A check_started / check_result event of the lease's attempt.
  virtual void Append(const JobLeasePtr& lease, v1::DiagnosisEvent event) = 0;
  // The end of the attempt; the last call for a lease.
  virtual void Finish(const JobLeasePtr& lease, v1::Diagnosis::State state,
                      const v1::Verdict* verdict, std::string reason) = 0;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_JOB_EVENTS_H_
