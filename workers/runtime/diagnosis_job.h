// DiagnosisJob: one attempt of one diagnosis, run on the event loop.
//
// Starts the probes the selected checks need side by side: the MX probe, the
// zone probe (delegation, every authoritative address, the recursive panel)
// and the SMTP stage (smart hosts of the snapshot at once, the MX hosts as
// soon as their addresses are known). Publishes one check_started event
// naming every check of the selected families (workers/checks/check_catalog.h;
// checks of families not selected get no event at all), runs each rule the
// moment the evidence it needs is complete and publishes its result, then
// finishes the attempt with the verdict. The panel's extra resolvers
// (MxProbeOptions::panel_resolvers) are the worker's, shared by its jobs like
// the main resolver (a cancelled probe ignores the answers still due). A time
// budget (spec.probe_options.time_budget; default 20 s, at most 120 s) bounds
// the whole: when it runs out, the checks not yet decided are published as
// INCONCLUSIVE ("time budget of 20s ran out") and the verdict is partial.
//
// Loop thread only. The job never blocks; it only talks to the resolver
// and to its JobEventSink. Destroying it stops everything it started.
#ifndef NDRDIAG_WORKERS_RUNTIME_DIAGNOSIS_JOB_H_
#define NDRDIAG_WORKERS_RUNTIME_DIAGNOSIS_JOB_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "workers/checks/diagnosis_evidence.h"
#include "workers/checks/dns/mx_probe.h"
#include "workers/checks/dns/zone_evidence.h"
#include "workers/checks/dns/zone_probe.h"
#include "workers/loop/event_loop.h"
#include "workers/runtime/job_events.h"
#include "workers/runtime/smtp_stage.h"

namespace ndrdiag {

struct JobEnvironment {
  EventLoop* loop = nullptr;
  DnsResolver* resolver = nullptr;
  // The extra resolvers of the recursive panel (probe.panel_resolvers that
  // are not the main resolver), in that order.
  std::vector<DnsResolver*> panel;
  MxProbeOptions probe;
  SmtpStageOptions smtp;
  absl::Duration default_time_budget = absl::Seconds(20);
  absl::Duration max_time_budget = absl::Seconds(120);
};

class DiagnosisJob {
 public:
  // `env` and `sink` must outlive the job.
  DiagnosisJob(JobLeasePtr lease, const JobEnvironment& env,
               JobEventSink& sink);
  ~DiagnosisJob();
  DiagnosisJob(const DiagnosisJob&) = delete;
  DiagnosisJob& operator=(const DiagnosisJob&) = delete;

  void Start();
  // The caller asked to cancel: stop probing and finish CANCELLED with the
  // verdict over the results so far. No-op once finishing.
  void Cancel();
  // Stop without publishing anything more (fenced, publishing failed,
  // shutdown).
  void Abandon();

  const JobLease& lease() const { return *lease_; }
  // True once Finish has been handed to the sink (or the job was abandoned).
  bool done() const { return done_; }
  absl::Duration time_budget() const { return budget_; }

 private:
  void OnMxProgress(const MxEvidence& evidence, uint32_t stages_done);
  void OnZoneProgress(const ZoneEvidence& evidence, uint32_t stages_done);
  void OnSmtpProgress(uint32_t stages_done);
  // Runs every rule whose evidence is complete; concludes when all is.
  void RunReadyRules();
  void OnBudgetExpired();
  void Publish(v1::CheckResult result);
  void AppendEvent(v1::DiagnosisEvent event);
  // Ends the attempt with the verdict over results_ plus `unfinished`
  // (results computed but not published, e.g. on cancel).
  void Conclude(v1::Diagnosis::State state, const std::string& reason,
                bool budget_ran_out,
                const std::vector<v1::CheckResult>& unfinished);
  void StopProbing();

  const JobLeasePtr lease_;
  const JobEnvironment& env_;
  JobEventSink& sink_;
  const std::string domain_;
  const std::string locale_;
  const absl::Duration budget_;

  std::shared_ptr<MxProbe> probe_;
  std::shared_ptr<ZoneProbe> zone_probe_;
  std::shared_ptr<SmtpStage> smtp_stage_;
  bool smtp_mx_begun_ = false;
  DiagnosisEvidence evidence_;
  uint32_t stages_ = 0;
  EventLoop::TimerId budget_timer_ = 0;
  bool timer_armed_ = false;
  std::vector<bool> decided_;  // per AllChecks() index
  // AllChecks() indices in the order the NDR suggests (ndr_steering.h):
  // the check_started ids, probes and rules follow it.
  std::vector<size_t> order_;
  // Decided results without their evidence (ComputeVerdict reads none).
  std::vector<v1::CheckResult> results_;
  bool done_ = false;
};
using DiagnosisJobPtr = std::unique_ptr<DiagnosisJob>;

// The budget a spec asks for, with the default and the maximum applied.
absl::Duration TimeBudget(const v1::DiagnosisSpec& spec,
                          const JobEnvironment& env);

// The spec's domain, or the domain of its recipient address.
std::string DomainOf(const v1::DiagnosisSpec& spec);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_DIAGNOSIS_JOB_H_
