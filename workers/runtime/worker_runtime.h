// WorkerRuntime: the core of ndrdiag-worker, four threads around one loop.
//
//   fetcher thread   ── leases ──▶  event-loop thread  ── events ──▶  publisher
//   (XREADGROUP,                     (DNS probes, rules,               thread
//    XAUTOCLAIM,     ◀── slot free ─  verdicts; many jobs ◀─ outcomes ─
//    Start)                           at once)                        (Append,
//                                        ▲                             Finish)
//   lease keeper  ── cancel / fenced ────┘
//   (Heartbeat every lease/3)
//
// The loop thread never touches Redis, so a slow Redis never stalls a DNS
// probe, and the fetcher never takes more than `concurrency` jobs at once.
// Each of the Redis threads has its own connection. The fetcher also
// reclaims expired leases of other workers every lease/2; the keeper
// extends this worker's leases and tells a job when its caller cancelled
// (within a heartbeat, even while the job waits on DNS) or when its attempt
// was taken over (the job is dropped at once).
//
// Jobs' events pass a JobObserver and their DNS questions and SMTP sessions
// counting decorators on their way, for /metrics (worker_metrics.h). With
// `health_listen` set, a gRPC health endpoint says SERVING while the worker
// takes jobs (worker_health.h).
//
// Stopping (RequestStop, e.g. on SIGTERM): health turns NOT_SERVING,
// fetching and reclaiming stop at once; jobs in flight may finish during
// `grace_period` (their leases are still extended); jobs still running then are
// abandoned and handed back (JobStore::Release: their queue entries become
// reclaimable at once by another worker); queued events are written (bounded),
// and Run() returns.
//
//   auto runtime = WorkerRuntime::Create(options);
//   std::thread t([&] { (*runtime)->Run(); });
//   ...
//   (*runtime)->RequestStop();
//   t.join();
#ifndef NDRDIAG_WORKERS_RUNTIME_WORKER_RUNTIME_H_
#define NDRDIAG_WORKERS_RUNTIME_WORKER_RUNTIME_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/job_store.h"
#include "workers/checks/dns/mx_probe.h"
#include "workers/dns/dns_resolver.h"
#include "workers/loop/event_loop.h"
#include "workers/net/egress_policy.h"
#include "workers/runtime/counting_probes.h"
#include "workers/runtime/diagnosis_job.h"
#include "workers/runtime/event_publisher.h"
#include "workers/runtime/job_fetcher.h"
#include "workers/runtime/job_observer.h"
#include "workers/runtime/lease_keeper.h"
#include "workers/runtime/sharded_publisher.h"
#include "workers/runtime/worker_health.h"
#include "workers/smtp/smtp_prober.h"

namespace ndrdiag {

struct WorkerOptions {
  std::string redis_url = "redis://127.0.0.1:6379";
  // store.lease (heartbeats every lease/3, reclaims every lease/2),
  // store.max_attempts and store.retention matter to the worker.
  JobStoreOptions store;
  RedisOptions redis;
  int concurrency = 64;
  ResolverOptions resolver;
  std::vector<std::string> allow_cidrs;
  std::string consumer;  // required
  absl::Duration grace_period = absl::Seconds(10);
  MxProbeOptions probe;
  // The SMTP probe: whether it runs at all in this deployment, the session
  // options (EHLO name, timeouts, rate limit, trust store) and what each
  // diagnosis probes (port, MAIL FROM, how many addresses).
  bool smtp_probe = true;
  SmtpProberOptions smtp_prober;
  SmtpStageOptions smtp;
  absl::Duration default_time_budget = absl::Seconds(20);
  absl::Duration max_time_budget = absl::Seconds(120);
  // How long the publisher keeps retrying one event.
  absl::Duration publish_retry_for = absl::Seconds(30);
  // Redis connections (and threads) writing events, each attempt's on one.
  int publish_connections = 4;
  // How long one XREADGROUP blocks (bounds how fast fetching stops).
  absl::Duration fetch_block = absl::Seconds(1);
  // HOST:PORT of the gRPC health endpoint (worker_health.h); "" = none.
  // ndrdiag-worker's --health-listen defaults to 0.0.0.0:50052.
  std::string health_listen;
  absl::Duration health_interval = absl::Milliseconds(500);
};

class WorkerRuntime {
 public:
  // INVALID_ARGUMENT naming the bad option (URL, CIDR, resolver, ...).
  static absl::StatusOr<std::unique_ptr<WorkerRuntime>> Create(
      WorkerOptions options);
  ~WorkerRuntime();
  WorkerRuntime(const WorkerRuntime&) = delete;
  WorkerRuntime& operator=(const WorkerRuntime&) = delete;

  // Runs until stopped (see above). Call once.
  void Run();
  // Thread-safe; repeated calls are harmless.
  void RequestStop();

  // Jobs currently running on the loop (thread-safe snapshot).
  int jobs_in_flight() const { return jobs_in_flight_.load(); }
  // The port of the health endpoint (0 without one).
  int health_port() const { return health_ ? health_->port() : 0; }

 private:
  explicit WorkerRuntime(WorkerOptions options);

  // Loop thread.
  void OnLease(JobLease lease);
  void OnOutcome(const PublishOutcome& outcome);
  void OnLeaseOutcome(const LeaseOutcome& outcome);
  void EndJob(const std::string& key);
  // Creates the panel's extra resolvers (InvalidArgument naming a bad one).
  absl::Status StartPanel();
  void SetInFlight();
  void BeginStopping();
  void MaybeStopLoop();

  const WorkerOptions options_;
  EventLoopPtr loop_;
  std::unique_ptr<EgressPolicy> egress_;
  DnsResolverPtr resolver_;
  SmtpProberPtr smtp_prober_;
  JobEnvironment env_;
  std::unique_ptr<ShardedPublisher> publisher_;
  // Between the jobs and the publisher: counts jobs and checks.
  std::unique_ptr<JobObserver> observer_;
  // What the jobs use instead of resolver_ and smtp_prober_ (counted).
  std::unique_ptr<CountingDnsResolver> counted_resolver_;
  // The recursive panel's extra resolvers, shared by every job (one c-ares
  // channel each per worker, not per job). Their egress policy is unused
  // (Recursive() is exempt) but a resolver needs one.
  std::unique_ptr<EgressPolicy> panel_egress_;
  std::vector<DnsResolverPtr> panel_;
  std::vector<std::unique_ptr<CountingDnsResolver>> counted_panel_;
  std::unique_ptr<CountingSmtpProber> counted_prober_;
  WorkerHealthPtr health_;
  std::unique_ptr<JobFetcher> fetcher_;
  std::unique_ptr<LeaseKeeper> keeper_;

  // Loop thread only. Declared after the resolver: jobs go first.
  absl::flat_hash_map<std::string, DiagnosisJobPtr> jobs_;
  bool stopping_ = false;

  std::atomic<bool> stop_requested_{false};
  std::atomic<int> jobs_in_flight_{0};
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_WORKER_RUNTIME_H_
