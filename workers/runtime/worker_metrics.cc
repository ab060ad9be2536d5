#include "workers/runtime/worker_metrics.h"

#include "common/metrics.h"
#include "common/metrics_server.h"
#include "prometheus/registry.h"

namespace ndrdiag {

const prometheus::Histogram::BucketBoundaries& WorkerMetrics::JobBuckets() {
  // A diagnosis takes from well under a second (all cached, nothing to
  // probe) to its time budget (20 s by default, at most 120 s).
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120};
  return *buckets;
}

const prometheus::Histogram::BucketBoundaries& WorkerMetrics::CheckBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60};
  return *buckets;
}

WorkerMetrics& WorkerMetrics::Get() {
  static WorkerMetrics* metrics = [] {
    prometheus::Registry& r = MetricsRegistry();
    // The counters of common/metrics.h the worker moves, at 0 from the
    // start so that rate() sees their first increase.
    for (const char* name :
         {metric_names::kJobAttempts, metric_names::kJobsReclaimed,
          metric_names::kJobsDeadLettered, metric_names::kJobsHandedBack,
          metric_names::kAttemptsFenced, metric_names::kHeartbeatErrors}) {
      Metrics::Counter(name);
    }
    Metrics::Gauge(metric_names::kQueueLag);
    Metrics::Gauge(metric_names::kQueuePending);
    return new WorkerMetrics{
        prometheus::BuildCounter()
            .Name("ndrdiag_jobs_started_total")
            .Help("Attempts of diagnoses this worker began (first runs and "
                  "reclaimed ones).")
            .Register(r)
            .Add({}),
        prometheus::BuildCounter()
            .Name("ndrdiag_jobs_finished_total")
            .Help("Attempts whose terminal state this worker wrote, by state "
                  "and the verdict's first root cause.")
            .Register(r),
        prometheus::BuildHistogram()
            .Name("ndrdiag_job_duration_seconds")
            .Help("Seconds from an attempt's start on this worker to its "
                  "terminal state written, by state.")
            .Register(r),
        prometheus::BuildGauge()
            .Name("ndrdiag_jobs_in_flight")
            .Help("Diagnoses running on this worker now.")
            .Register(r)
            .Add({}),
        prometheus::BuildGauge()
            .Name("ndrdiag_publish_queue")
            .Help("Events and attempt ends queued for Redis, not yet "
                  "written.")
            .Register(r)
            .Add({}),
        prometheus::BuildCounter()
            .Name("ndrdiag_check_results_total")
            .Help("Check results published, by check id and status.")
            .Register(r),
        prometheus::BuildHistogram()
            .Name("ndrdiag_check_duration_seconds")
            .Help("Seconds from a check's check_started event to its "
                  "check_result event: mostly the wait for the evidence it "
                  "needs (probes are shared), not the rule itself.")
            .Register(r),
        prometheus::BuildCounter()
            .Name("ndrdiag_smtp_probes_total")
            .Help("SMTP probe sessions, by how they ended.")
            .Register(r),
        prometheus::BuildCounter()
            .Name("ndrdiag_dns_queries_total")
            .Help("DNS questions asked through the worker's resolver, by mode "
                  "(recursive, direct) and outcome (rcode, or timeout, "
                  "blocked, error).")
            .Register(r),
    };
  }();
  return *metrics;
}

}  // namespace ndrdiag
