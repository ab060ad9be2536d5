#include "bench/chaos/chaos_run.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/chaos/caller_pool.h"
#include "bench/chaos/redis_audit.h"
#include "bench/chaos/tally.h"
#include "grpcpp/grpcpp.h"

namespace ndrdiag::chaos {
namespace {

void Say(const std::string& line) {
  std::fprintf(stderr, "ndrdiag-chaos: %s\n", line.c_str());
}

std::vector<v1::DiagnosisSpec> MakeSpecs(const ChaosOptions& options,
                                         std::mt19937_64& rng) {
  std::vector<v1::DiagnosisSpec> specs(options.diagnoses);
  for (v1::DiagnosisSpec& spec : specs) {
    spec.set_domain(options.domains[rng() % options.domains.size()]);
    (*spec.mutable_labels())["harness"] = "chaos";
  }
  return specs;
}

// What the main thread did to the cluster while the callers ran.
struct FaultLog {
  int worker_kills = 0;
  int redis_restarts = 0;
  int frontend_restarts = 0;
  absl::Duration redis_down;
  int crashes = 0;  // processes that exited without being killed
};

std::string Seconds(absl::Duration d) {
  return absl::StrFormat("%.1fs", absl::ToDoubleSeconds(d));
}

}  // namespace

int RunChaos(const ChaosOptions& options) {
  std::mt19937_64 rng(options.seed);
  int restart_at = options.redis_restart_at >= 0 ? options.redis_restart_at
                                                 : options.diagnoses / 2;

  absl::StatusOr<std::unique_ptr<Cluster>> started =
      Cluster::Start(options.cluster);
  if (!started.ok()) {
    Say(std::string(started.status().message()));
    return 2;
  }
  Cluster& cluster = **started;
  Say(absl::StrCat("redis 127.0.0.1:", cluster.redis_endpoint().port,
                   ", frontend ", cluster.frontend_address(), ", ",
                   cluster.worker_count(), " workers; logs in ",
                   options.cluster.work_dir));

  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
      cluster.frontend_address(), grpc::InsecureChannelCredentials(), args);
  CallerOptions caller_options;
  caller_options.concurrency = options.concurrency;
  caller_options.rate = options.rate;
  caller_options.seed = options.seed;
  caller_options.request_id_prefix = absl::StrCat("chaos-", options.seed);
  CallerPool pool(channel, MakeSpecs(options, rng), caller_options);

  FaultLog faults;
  bool redis_restart_pending = options.redis_restart;
  bool frontend_restart_pending = options.frontend_restart;
  int frontend_restart_at = options.diagnoses * 3 / 4;
  absl::Time start = absl::Now();
  absl::Time deadline = start + options.timeout;
  absl::Time next_kill = start + options.kill_interval;
  absl::Time next_progress = start + absl::Seconds(5);
  pool.Start();
  bool timed_out = false;
  bool fatal = false;  // the cluster could not be restarted
  while (pool.finished() < options.diagnoses) {
    pool.Pump();
    absl::Time now = absl::Now();
    if (now >= deadline) {
      timed_out = true;
      break;
    }
    if (options.kill_interval > absl::ZeroDuration() && now >= next_kill) {
      int victim = static_cast<int>(rng() % cluster.worker_count());
      if (absl::Status s = cluster.KillAndRestartWorker(victim); !s.ok()) {
        Say(absl::StrCat("restarting worker", victim + 1, ": ", s.message()));
      }
      ++faults.worker_kills;
      next_kill = std::max(next_kill + options.kill_interval, now);
    }
    if (redis_restart_pending && pool.started() >= restart_at) {
      redis_restart_pending = false;
      Say(absl::StrCat("SIGKILL redis after ", pool.started(),
                       " callers started"));
      absl::StatusOr<absl::Duration> down = cluster.KillAndRestartRedis();
      if (!down.ok()) {
        Say(std::string(down.status().message()));
        fatal = true;
        break;
      }
      ++faults.redis_restarts;
      faults.redis_down = *down;
      Say(absl::StrCat("redis answers again after ", Seconds(*down)));
    }
    if (frontend_restart_pending && pool.started() >= frontend_restart_at) {
      frontend_restart_pending = false;
      Say(absl::StrCat("SIGKILL frontend after ", pool.started(),
                       " callers started"));
      if (absl::Status s = cluster.KillAndRestartFrontend(); !s.ok()) {
        Say(std::string(s.message()));
        fatal = true;
        break;
      }
      ++faults.frontend_restarts;
    }
    for (const std::string& crashed : cluster.RestartCrashed()) {
      ++faults.crashes;
      Say(absl::StrCat("unexpected exit of ", crashed, "; restarted"));
    }
    if (now >= next_progress) {
      CallerStats stats = pool.Stats();
      Say(absl::StrCat("t=", Seconds(now - start), " started=", pool.started(),
                       " created=", stats.created, " terminal=",
                       stats.terminal_jobs, " kills=", faults.worker_kills));
      next_progress += absl::Seconds(5);
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  double elapsed_s = absl::ToDoubleSeconds(absl::Now() - start);
  if (timed_out) {
    Say(absl::StrCat("timeout: ", options.diagnoses - pool.finished(),
                     " callers had not finished after ",
                     Seconds(options.timeout)));
  }

  pool.Shutdown(absl::Seconds(10));
  if (fatal) return 2;
  // Freeze Redis before reading it: no worker may change it meanwhile.
  cluster.KillWorkers();
  std::vector<CallerView> views = pool.Views();
  std::vector<std::string> job_ids;
  for (const CallerView& view : views) job_ids.push_back(view.job_id);
  RedisOptions redis_options;
  redis_options.command_timeout = absl::Seconds(30);
  RedisConnection redis(cluster.redis_endpoint(), redis_options);
  absl::StatusOr<AuditResult> audit =
      AuditRedis(redis, "ndrdiag", caller_options.owner, job_ids);
  if (!audit.ok()) {
    Say(absl::StrCat("cannot read Redis: ", audit.status().message()));
    return 2;
  }
  std::vector<JobOutcome> outcomes(views.size());
  for (size_t i = 0; i < views.size(); ++i) {
    outcomes[i].caller = std::move(views[i]);
    outcomes[i].store = std::move(audit->jobs[i]);
  }
  Summary summary =
      Tally(outcomes, static_cast<int>(audit->extra_job_ids.size()),
            audit->orphan_pending, elapsed_s);

  CallerStats stats = pool.Stats();
  Say(absl::StrCat("faults: worker_kills=", faults.worker_kills,
                   " redis_restarts=", faults.redis_restarts,
                   " redis_down=", Seconds(faults.redis_down),
                   " frontend_restarts=", faults.frontend_restarts,
                   " unexpected_exits=", faults.crashes));
  Say(absl::StrCat("callers: created=", stats.created, " create_retries=",
                   stats.create_retries, " watch_resumes=", stats.watch_resumes,
                   " pending_entries_left=", audit->pending_total));
  for (const auto& [outcome, count] : stats.outcomes) {
    Say(absl::StrCat("  ", count, " x ", outcome));
  }
  Say(absl::StrCat("problems: ", SummaryDetails(summary)));
  int shown = 0;
  for (const JobOutcome& job : outcomes) {
    bool lost = !job.caller.acknowledged || !job.store ||
                job.caller.terminal_events == 0;
    if (!lost || ++shown > 10) continue;
    Say(absl::StrCat(
        "  lost: job ",
        job.caller.job_id.empty() ? "(never created)" : job.caller.job_id,
        " events seen ", job.caller.event_ids.size(),
        job.store ? absl::StrCat(", in Redis state ",
                                 v1::Diagnosis::State_Name(job.store->state),
                                 " attempt ", job.store->attempt, " pending ",
                                 job.store->pending_entries)
                  : ", not in Redis"));
  }
  std::printf("%s\n", SummaryLine(summary).c_str());
  std::fflush(stdout);
  cluster.Stop();
  return summary.ok() ? 0 : 1;
}

}  // namespace ndrdiag::chaos
