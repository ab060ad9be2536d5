#include "workers/runtime/diagnosis_job.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/mx_rules.h"
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
      decided_(MxChecks().size(), false) {}

DiagnosisJob::~DiagnosisJob() { Abandon(); }

void DiagnosisJob::Start() {
  const std::vector<MxCheck>& checks = MxChecks();
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
  for (const MxCheck& check : checks) {
    v1::DiagnosisEvent event;
    event.mutable_check_started()->set_check_id(std::string(check.id));
    AppendEvent(std::move(event));
  }
  probe_ =
      MxProbe::Create(*env_.resolver, domain_, env_.probe,
                      [this](const MxEvidence& evidence, uint32_t stages_done) {
                        OnProgress(evidence, stages_done);
                      });
  probe_->Begin();
}

void DiagnosisJob::OnProgress(const MxEvidence& evidence,
                              uint32_t stages_done) {
  if (done_) return;
  const std::vector<MxCheck>& checks = MxChecks();
  for (size_t i = 0; i < checks.size(); ++i) {
    if (decided_[i] || (checks[i].needs & stages_done) != checks[i].needs) {
      continue;
    }
    decided_[i] = true;
    Publish(checks[i].rule(evidence));
  }
  if (stages_done == kMxStageAll) {
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
  const std::vector<MxCheck>& checks = MxChecks();
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
  const std::vector<MxCheck>& checks = MxChecks();
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
