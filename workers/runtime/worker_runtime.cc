#include "workers/runtime/worker_runtime.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/metrics.h"
#include "workers/dns/server_address.h"
#include "workers/runtime/worker_metrics.h"

namespace ndrdiag {

absl::StatusOr<std::unique_ptr<WorkerRuntime>> WorkerRuntime::Create(
    WorkerOptions options) {
  if (options.concurrency < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--concurrency: must be at least 1, got ", options.concurrency));
  }
  if (options.store.lease < absl::Milliseconds(30)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--lease: must be at least 30ms, got ",
                     absl::FormatDuration(options.store.lease)));
  }
  if (options.store.max_attempts < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--max-attempts: must be at least 1, got ",
                     options.store.max_attempts));
  }
  if (options.consumer.empty()) {
    return absl::InvalidArgumentError("--consumer: must not be empty");
  }
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl(options.redis_url);
  if (!endpoint.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--redis: ", endpoint.status().message()));
  }
  absl::StatusOr<EgressPolicy> egress =
      EgressPolicy::Create(options.allow_cidrs);
  if (!egress.ok()) return egress.status();

  std::unique_ptr<WorkerRuntime> runtime(new WorkerRuntime(std::move(options)));
  WorkerRuntime& r = *runtime;
  r.loop_ = NewEpollEventLoop();
  r.egress_ = std::make_unique<EgressPolicy>(*std::move(egress));
  absl::StatusOr<DnsResolverPtr> resolver =
      NewAresResolver(*r.loop_, *r.egress_, r.options_.resolver);
  if (absl::IsInvalidArgument(resolver.status())) {
    return absl::InvalidArgumentError(
        absl::StrCat("--resolver: ", resolver.status().message()));
  }
  if (!resolver.ok()) return resolver.status();
  r.resolver_ = *std::move(resolver);
  r.counted_resolver_ = std::make_unique<CountingDnsResolver>(*r.resolver_);
  if (absl::Status panel = r.StartPanel(); !panel.ok()) return panel;
  SmtpStageOptions smtp = r.options_.smtp;
  smtp.prober = nullptr;
  if (r.options_.smtp_probe) {
    absl::StatusOr<SmtpProberPtr> prober =
        NewSmtpProber(*r.loop_, *r.egress_, r.options_.smtp_prober);
    if (!prober.ok()) return prober.status();
    r.smtp_prober_ = *std::move(prober);
    r.counted_prober_ = std::make_unique<CountingSmtpProber>(*r.smtp_prober_);
    smtp.prober = r.counted_prober_.get();
  }
  std::vector<DnsResolver*> panel;
  for (const auto& member : r.counted_panel_) panel.push_back(member.get());
  r.env_ = {r.loop_.get(),
            r.counted_resolver_.get(),
            std::move(panel),
            r.options_.probe,
            smtp,
            r.options_.default_time_budget,
            r.options_.max_time_budget};

  EventLoop* loop = r.loop_.get();
  PublisherOptions publisher;
  publisher.endpoint = *endpoint;
  publisher.redis = r.options_.redis;
  publisher.store = r.options_.store;
  publisher.retry_for = r.options_.publish_retry_for;
  r.publisher_ = std::make_unique<ShardedPublisher>(
      publisher, r.options_.publish_connections,
      [loop, &r](PublishOutcome outcome) {
        loop->Post(
            [&r, outcome = std::move(outcome)] { r.OnOutcome(outcome); });
      });

  r.observer_ = std::make_unique<JobObserver>(*r.publisher_);

  FetcherOptions fetcher;
  fetcher.endpoint = *endpoint;
  fetcher.redis = r.options_.redis;
  fetcher.store = r.options_.store;
  fetcher.consumer = r.options_.consumer;
  fetcher.concurrency = r.options_.concurrency;
  fetcher.block = std::min(r.options_.fetch_block, r.options_.store.lease / 2);
  fetcher.reclaim_interval = r.options_.store.lease / 2;
  r.fetcher_ =
      std::make_unique<JobFetcher>(fetcher, [loop, &r](JobLease lease) {
        loop->Post([&r, lease = std::move(lease)]() mutable {
          r.OnLease(std::move(lease));
        });
      });

  LeaseKeeperOptions keeper;
  keeper.endpoint = *endpoint;
  keeper.redis = r.options_.redis;
  keeper.store = r.options_.store;
  keeper.consumer = r.options_.consumer;
  r.keeper_ =
      std::make_unique<LeaseKeeper>(keeper, [loop, &r](LeaseOutcome outcome) {
        loop->Post(
            [&r, outcome = std::move(outcome)] { r.OnLeaseOutcome(outcome); });
      });

  WorkerMetrics::Get();  // every series exists from the start
  if (!r.options_.health_listen.empty()) {
    absl::StatusOr<WorkerHealthPtr> health =
        WorkerHealth::Start(r.options_.health_listen, *endpoint,
                            r.options_.redis, r.options_.health_interval);
    if (!health.ok()) {
      return absl::UnavailableError(
          absl::StrCat("--health-listen: ", health.status().message()));
    }
    r.health_ = *std::move(health);
  }
  return runtime;
}

absl::Status WorkerRuntime::StartPanel() {
  const std::vector<std::string>& servers = options_.probe.panel_resolvers;
  if (servers.empty()) return absl::OkStatus();
  absl::StatusOr<EgressPolicy> policy = EgressPolicy::Create({});
  if (!policy.ok()) return policy.status();
  panel_egress_ = std::make_unique<EgressPolicy>(*std::move(policy));
  const std::vector<std::string> main = resolver_->recursive_servers();
  for (const std::string& server : servers) {
    // The main resolver is always a member; do not ask it twice.
    absl::StatusOr<dns::ServerAddress> parsed = dns::ParseServerAddress(server);
    if (parsed.ok() &&
        std::find(main.begin(), main.end(), parsed->ToString()) != main.end()) {
      continue;
    }
    ResolverOptions options;
    options.recursive_servers = {server};
    options.query_timeout = options_.probe.panel_query_timeout;
    options.tries = options_.probe.panel_tries;
    absl::StatusOr<DnsResolverPtr> resolver =
        NewAresResolver(*loop_, *panel_egress_, options);
    if (!resolver.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--panel-resolver ", server, ": ", resolver.status().message()));
    }
    panel_.push_back(*std::move(resolver));
    counted_panel_.push_back(
        std::make_unique<CountingDnsResolver>(*panel_.back()));
  }
  return absl::OkStatus();
}

WorkerRuntime::WorkerRuntime(WorkerOptions options)
    : options_(std::move(options)) {}

WorkerRuntime::~WorkerRuntime() {
  // Threads first (they post to the loop), then jobs (they hold probes that
  // hold the resolver), then the resolver and the loop.
  if (fetcher_) fetcher_->Stop();
  if (keeper_) keeper_->Stop();
  if (publisher_) publisher_->Stop(absl::Now());
  for (auto& [key, job] : jobs_) job->Abandon();
  jobs_.clear();
}

void WorkerRuntime::Run() {
  NDRDIAG_LOG(INFO)
          .With("consumer", options_.consumer)
          .With("concurrency", options_.concurrency)
          .With("lease", absl::FormatDuration(options_.store.lease))
          .With("max_attempts", options_.store.max_attempts)
          .With("health_port", health_port())
      << "worker running";
  publisher_->Start();
  keeper_->Start();
  fetcher_->Start();
  loop_->Run();
  // The loop has stopped: nothing produces events any more. Stop taking
  // jobs, write what is still queued (bounded: Redis may be down), then
  // hand back what did not finish, after its last events.
  fetcher_->Stop();
  std::vector<JobLeasePtr> unfinished;
  for (auto& [key, job] : jobs_) {
    if (!job->done()) {
      NDRDIAG_LOG(WARNING)
              .With("job", job->lease().job_id)
              .With("attempt", job->lease().attempt)
          << "still running at the end of the grace period; handing it back";
      unfinished.push_back(std::make_shared<const JobLease>(job->lease()));
    }
    job->Abandon();
    observer_->Ended(key);
  }
  jobs_.clear();
  SetInFlight();
  publisher_->Stop(absl::Now() + absl::Seconds(5));
  keeper_->Stop();
  keeper_->Release(unfinished);
  NDRDIAG_LOG(INFO) << "worker stopped";
}

void WorkerRuntime::RequestStop() {
  if (stop_requested_.exchange(true)) return;
  if (health_ != nullptr) health_->SetDraining();
  loop_->Post([this] { BeginStopping(); });
}

void WorkerRuntime::OnLease(JobLease lease) {
  auto shared = std::make_shared<const JobLease>(std::move(lease));
  const std::string key = JobKey(*shared);
  observer_->Started(*shared);
  auto job = std::make_unique<DiagnosisJob>(shared, env_, *observer_);
  DiagnosisJob& ref = *job;
  jobs_[key] = std::move(job);
  keeper_->Add(shared);
  SetInFlight();
  NDRDIAG_LOG(INFO)
          .With("job", shared->job_id)
          .With("attempt", shared->attempt)
          .With("domain", DomainOf(shared->spec))
          .With("budget", absl::FormatDuration(ref.time_budget()))
      << "diagnosis running";
  ref.Start();
}

void WorkerRuntime::OnOutcome(const PublishOutcome& outcome) {
  auto it = jobs_.find(outcome.job_key);
  if (it == jobs_.end()) return;  // already ended
  switch (outcome.kind) {
    case PublishOutcome::Kind::kCancelRequested:
      it->second->Cancel();
      return;
    case PublishOutcome::Kind::kFinished:
      observer_->Written(outcome.job_key);
      NDRDIAG_LOG(INFO)
              .With("job", it->second->lease().job_id)
              .With("attempt", it->second->lease().attempt)
          << "diagnosis finished";
      break;
    case PublishOutcome::Kind::kFenced:
      Metrics::Counter(metric_names::kAttemptsFenced).Add();
      it->second->Abandon();
      break;
    case PublishOutcome::Kind::kFailed:
      // The publisher has logged why; the attempt is over for this worker.
      it->second->Abandon();
      break;
  }
  EndJob(outcome.job_key);
}

void WorkerRuntime::OnLeaseOutcome(const LeaseOutcome& outcome) {
  auto it = jobs_.find(outcome.job_key);
  if (it == jobs_.end()) return;  // already ended
  DiagnosisJob& job = *it->second;
  switch (outcome.kind) {
    case LeaseOutcome::Kind::kCancelRequested:
      job.Cancel();
      return;
    case LeaseOutcome::Kind::kFenced:
      if (!job.done()) {
        Metrics::Counter(metric_names::kAttemptsFenced).Add();
        NDRDIAG_LOG(WARNING)
                .With("job", job.lease().job_id)
                .With("attempt", job.lease().attempt)
            << "lease lost, dropping the attempt: " << outcome.detail;
      }
      job.Abandon();
      break;
  }
  EndJob(outcome.job_key);
}

void WorkerRuntime::EndJob(const std::string& key) {
  keeper_->Remove(key);
  observer_->Ended(key);
  if (jobs_.erase(key) == 0) return;
  SetInFlight();
  fetcher_->JobEnded();
  MaybeStopLoop();
}

void WorkerRuntime::SetInFlight() {
  jobs_in_flight_ = static_cast<int>(jobs_.size());
  WorkerMetrics::Get().jobs_in_flight.Set(static_cast<double>(jobs_.size()));
}

void WorkerRuntime::BeginStopping() {
  if (stopping_) return;
  stopping_ = true;
  NDRDIAG_LOG(INFO)
          .With("jobs", jobs_.size())
          .With("grace", absl::FormatDuration(options_.grace_period))
      << "stopping: no new jobs; letting running jobs finish";
  // A fetch already blocking in XREADGROUP may still hand over a lease; it
  // is RUNNING in Redis by then, so it runs in the grace period too.
  fetcher_->RequestStop();
  loop_->AddTimer(options_.grace_period, [this] {
    if (!jobs_.empty()) {
      NDRDIAG_LOG(WARNING).With("jobs", jobs_.size())
          << "grace period over with jobs still running";
    }
    loop_->Stop();
  });
  MaybeStopLoop();
}

void WorkerRuntime::MaybeStopLoop() {
  if (stopping_ && jobs_.empty()) loop_->Stop();
}

}  // namespace ndrdiag
