#include "workers/runtime/diagnosis_job.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/mx_rules.h"
#include "workers/dns/server_address.h"
#include "workers/i18n/catalog.h"
#include "workers/verdict/verdict.h"

namespace ndrdiag {
namespace {

bool WantsDns(const v1::DiagnosisSpec& spec) {
  if (spec.families().empty()) return true;
  return std::find(spec.families().begin(), spec.families().end(), v1::DNS) !=
         spec.families().end();
}

}  // namespace

absl::Duration TimeBudget(const v1::DiagnosisSpec& spec,
                          const JobEnvironment& env) {
  const auto& d = spec.probe_options().time_budget();
  absl::Duration budget =
      absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
  if (budget <= absl::ZeroDuration()) budget = env.default_time_budget;
  return std::min(budget, env.max_time_budget);
}

std::string DomainOf(const v1::DiagnosisSpec& spec) {
  if (!spec.domain().empty()) return spec.domain();
  const std::string& address = spec.recipient_address();
  size_t at = address.rfind('@');
  return at == std::string::npos ? address : address.substr(at + 1);
}

DiagnosisJob::DiagnosisJob(JobLeasePtr lease, const JobEnvironment& env,
                           JobEventSink& sink)
    : lease_(std::move(lease)),
      env_(env),
      sink_(sink),
      domain_(DomainOf(lease_->spec)),
      locale_(lease_->spec.locale()),
      budget_(TimeBudget(lease_->spec, env)),
      decided_(DnsChecks().size(), false) {
  evidence_.eop_ranges = env_.probe.eop_ranges.get();
  evidence_.snapshot = lease_->spec.has_tenant_snapshot()
                           ? &lease_->spec.tenant_snapshot()
                           : nullptr;
}

DiagnosisJob::~DiagnosisJob() {
  Abandon();
  // Outstanding panel questions are dropped with their callbacks.
  panel_.clear();
}

void DiagnosisJob::StartPanel() {
  if (env_.probe.panel_resolvers.empty()) return;
  absl::StatusOr<EgressPolicy> policy = EgressPolicy::Create({});
  if (!policy.ok()) return;
  panel_egress_ = std::make_unique<EgressPolicy>(*std::move(policy));
  const std::vector<std::string> main = env_.resolver->recursive_servers();
  for (const std::string& server : env_.probe.panel_resolvers) {
    // The main resolver is always a member; do not ask it twice.
    absl::StatusOr<dns::ServerAddress> parsed = dns::ParseServerAddress(server);
    if (parsed.ok() &&
        std::find(main.begin(), main.end(), parsed->ToString()) != main.end()) {
      continue;
    }
    ResolverOptions options;
    options.recursive_servers = {server};
    options.query_timeout = env_.probe.panel_query_timeout;
    options.tries = env_.probe.panel_tries;
    absl::StatusOr<DnsResolverPtr> resolver =
        NewAresResolver(*env_.loop, *panel_egress_, options);
    if (!resolver.ok()) {
      NDRDIAG_LOG(WARNING).With("job", lease_->job_id).With("server", server)
          << "panel resolver skipped: " << resolver.status();
      continue;
    }
    panel_.push_back(*std::move(resolver));
  }
}

void DiagnosisJob::Start() {
  const std::vector<DnsCheck>& checks = DnsChecks();
  if (!WantsDns(lease_->spec)) {
    for (size_t i = 0; i < checks.size(); ++i) {
      decided_[i] = true;
      Publish(MakeSkipped(checks[i].id, v1::DNS,
                          "the DNS family was not selected"));
    }
    Conclude(v1::Diagnosis::SUCCEEDED, "", false, {});
    return;
  }
  budget_timer_ = env_.loop->AddTimer(budget_, [this] {
    timer_armed_ = false;
    OnBudgetExpired();
  });
  timer_armed_ = true;
  for (const DnsCheck& check : checks) {
    v1::DiagnosisEvent event;
    event.mutable_check_started()->set_check_id(std::string(check.id));
    AppendEvent(std::move(event));
  }
  evidence_.mx.domain = domain_;
  evidence_.zone.domain = domain_;
  StartPanel();
  std::vector<DnsResolver*> panel;
  for (const DnsResolverPtr& r : panel_) panel.push_back(r.get());
  probe_ =
      MxProbe::Create(*env_.resolver, domain_, env_.probe,
                      [this](const MxEvidence& evidence, uint32_t stages_done) {
                        OnMxProgress(evidence, stages_done);
                      });
  zone_probe_ = ZoneProbe::Create(
      *env_.resolver, std::move(panel), domain_, env_.probe,
      [this](const ZoneEvidence& evidence, uint32_t stages_done) {
        OnZoneProgress(evidence, stages_done);
      });
  // Rules that need no DNS (e.g. dns.verification.txt) decide at once.
  RunReadyRules();
  if (done_) return;
  probe_->Begin();
  if (done_ || zone_probe_ == nullptr) return;
  zone_probe_->Begin();
}

void DiagnosisJob::OnMxProgress(const MxEvidence& evidence,
                                uint32_t stages_done) {
  if (done_) return;
  evidence_.mx = evidence;
  stages_ |= stages_done;
  RunReadyRules();
}

void DiagnosisJob::OnZoneProgress(const ZoneEvidence& evidence,
                                  uint32_t stages_done) {
  if (done_) return;
  evidence_.zone = evidence;
  stages_ |= stages_done;
  RunReadyRules();
}

void DiagnosisJob::RunReadyRules() {
  if (done_) return;
  const std::vector<DnsCheck>& checks = DnsChecks();
  evidence_.now = env_.loop->Now();
  for (size_t i = 0; i < checks.size(); ++i) {
    if (decided_[i] || (checks[i].needs & stages_) != checks[i].needs) {
      continue;
    }
    decided_[i] = true;
    Publish(checks[i].rule(evidence_));
  }
  if ((stages_ & kDnsStageAll) == kDnsStageAll) {
    Conclude(v1::Diagnosis::SUCCEEDED, "", false, {});
  }
}

void DiagnosisJob::OnBudgetExpired() {
  if (done_) return;
  StopProbing();
  const std::string budget_text = absl::FormatDuration(budget_);
  NDRDIAG_LOG(WARNING)
          .With("job", lease_->job_id)
          .With("attempt", lease_->attempt)
      << "time budget of " << budget_text << " ran out";
  const std::vector<DnsCheck>& checks = DnsChecks();
  for (size_t i = 0; i < checks.size(); ++i) {
    if (decided_[i]) continue;
    decided_[i] = true;
    Publish(MakeTimeBudgetExceeded(checks[i].id, v1::DNS, budget_text));
  }
  Conclude(v1::Diagnosis::SUCCEEDED, "", /*budget_ran_out=*/true, {});
}

void DiagnosisJob::Cancel() {
  if (done_) return;
  StopProbing();
  // The checks still open count as not made, so the verdict says partial
  // and cannot call a half-checked domain healthy; they are not published.
  std::vector<v1::CheckResult> unfinished;
  const std::vector<DnsCheck>& checks = DnsChecks();
  for (size_t i = 0; i < checks.size(); ++i) {
    if (!decided_[i]) {
      unfinished.push_back(
          MakeInconclusive(checks[i].id, v1::DNS, "cancelled by the caller"));
    }
  }
  NDRDIAG_LOG(INFO).With("job", lease_->job_id).With("attempt", lease_->attempt)
      << "cancelled by the caller";
  Conclude(v1::Diagnosis::CANCELLED, "cancelled by the caller", false,
           unfinished);
}

void DiagnosisJob::Abandon() {
  StopProbing();
  done_ = true;
}

void DiagnosisJob::StopProbing() {
  if (probe_ != nullptr) {
    probe_->Cancel();
    probe_.reset();
  }
  if (zone_probe_ != nullptr) {
    zone_probe_->Cancel();
    zone_probe_.reset();
  }
  if (timer_armed_) {
    env_.loop->CancelTimer(budget_timer_);
    timer_armed_ = false;
  }
}

void DiagnosisJob::Publish(v1::CheckResult result) {
  Localize(result, locale_);
  v1::DiagnosisEvent event;
  *event.mutable_check_result() = result;
  results_.push_back(std::move(result));
  AppendEvent(std::move(event));
}

void DiagnosisJob::AppendEvent(v1::DiagnosisEvent event) {
  sink_.Append(lease_, std::move(event));
}

void DiagnosisJob::Conclude(v1::Diagnosis::State state,
                            const std::string& reason, bool budget_ran_out,
                            const std::vector<v1::CheckResult>& unfinished) {
  if (done_) return;
  StopProbing();
  done_ = true;
  std::vector<v1::CheckResult> all = results_;
  all.insert(all.end(), unfinished.begin(), unfinished.end());
  v1::Verdict verdict = ComputeVerdict(all, {domain_, locale_, budget_ran_out});
  NDRDIAG_LOG(INFO)
          .With("job", lease_->job_id)
          .With("attempt", lease_->attempt)
          .With("cause", v1::RootCause_Name(verdict.causes(0).cause()))
          .With("partial", verdict.partial())
      << "diagnosis concluded: " << verdict.summary();
  sink_.Finish(lease_, state, &verdict, reason);
}

}  // namespace ndrdiag
