// WorkerMetrics: what ndrdiag-worker counts, for /metrics
// (common/metrics_server.h). Names and labels are listed in
// docs/operations.md ("## Metrics"); keep the two in step.
//
//   ndrdiag_jobs_started_total                       counter
//   ndrdiag_jobs_finished_total{state,cause}         counter
//   ndrdiag_job_duration_seconds{state}              histogram
//   ndrdiag_jobs_in_flight                           gauge
//   ndrdiag_publish_queue                            gauge
//   ndrdiag_check_results_total{check_id,status}     counter
//   ndrdiag_check_duration_seconds{check_id}         histogram
//   ndrdiag_smtp_probes_total{outcome}               counter
//   ndrdiag_dns_queries_total{mode,outcome}          counter
//
// plus, from common/metrics.h (created at 0 here so they exist from the
// start): reclaims, dead letters, hand-backs, fenced attempts, heartbeat
// errors and the queue gauges. Who fills what: workers/runtime/job_observer.h
// (jobs and checks) and workers/runtime/counting_probes.h (SMTP and DNS).
// Every label has a bounded set of values (check ids come from the
// catalogue, states and causes from the proto enums).
//
// Thread-safe; the metrics live as long as the process.
#ifndef NDRDIAG_WORKERS_RUNTIME_WORKER_METRICS_H_
#define NDRDIAG_WORKERS_RUNTIME_WORKER_METRICS_H_

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"

namespace ndrdiag {

struct WorkerMetrics {
  // Registered in MetricsRegistry() on first use.
  static WorkerMetrics& Get();

  // Attempts this worker began (first runs and reclaimed ones).
  prometheus::Counter& jobs_started;
  // Attempts whose terminal state this worker wrote; state = SUCCEEDED,
  // FAILED or CANCELLED, cause = the verdict's first cause (HEALTHY,
  // MX_MISSING, ...; NONE without a verdict).
  prometheus::Family<prometheus::Counter>& jobs_finished;
  // From the attempt's start on this worker to its terminal state written.
  prometheus::Family<prometheus::Histogram>& job_seconds;
  prometheus::Gauge& jobs_in_flight;
  // Events and attempt ends queued for Redis, not yet written: grows when
  // Redis (or the publisher thread) cannot keep up with the jobs.
  prometheus::Gauge& publish_queue;
  // Every check_result published; status = PASS ... SKIPPED.
  prometheus::Family<prometheus::Counter>& check_results;
  // See job_observer.h for what this measures.
  prometheus::Family<prometheus::Histogram>& check_seconds;
  // SMTP sessions by how they ended (completed, refused, timeout, ...).
  prometheus::Family<prometheus::Counter>& smtp_probes;
  // DNS questions of the worker's resolver; mode = recursive|direct,
  // outcome = the rcode (NOERROR, NXDOMAIN, SERVFAIL, ...) or timeout,
  // blocked, error.
  prometheus::Family<prometheus::Counter>& dns_queries;

  // Buckets, in seconds.
  static const prometheus::Histogram::BucketBoundaries& JobBuckets();
  static const prometheus::Histogram::BucketBoundaries& CheckBuckets();
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_WORKER_METRICS_H_
