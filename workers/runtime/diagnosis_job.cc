#include "workers/runtime/diagnosis_job.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/logging.h"
#include "common/ndr/ndr_parser.h"
#include "workers/checks/check_catalog.h"
#include "workers/checks/check_result.h"
#include "workers/checks/dns/mx_rules.h"
#include "workers/checks/ndr/ndr_steering.h"
#include "workers/i18n/catalog.h"
#include "workers/verdict/verdict.h"

namespace ndrdiag {
namespace {

bool WantsFamily(const v1::DiagnosisSpec& spec, v1::CheckFamily family) {
  if (spec.families().empty()) return true;
  return std::find(spec.families().begin(), spec.families().end(), family) !=
         spec.families().end();
}

std::string FamilyName(v1::CheckFamily family) {
  return absl::AsciiStrToUpper(v1::CheckFamily_Name(family));
}

// Indices into AllChecks(), family by family in the order the NDR suggests
// (catalogue order within a family).
std::vector<size_t> CheckOrder(const v1::NdrReport* ndr) {
  const std::vector<Check>& checks = AllChecks();
  std::vector<size_t> order;
  order.reserve(checks.size());
  for (v1::CheckFamily family : FamilyOrder(ndr)) {
    for (size_t i = 0; i < checks.size(); ++i) {
      if (checks[i].family == family) order.push_back(i);
    }
  }
  return order;
}

// Whether a connector or hybrid check comes before every DNS check.
bool SmartHostsFirst(const std::vector<size_t>& order) {
  for (size_t i : order) {
    const v1::CheckFamily family = AllChecks()[i].family;
    if (family == v1::DNS) return false;
    if (family == v1::CONNECTOR || family == v1::HYBRID) return true;
  }
  return false;
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
      decided_(AllChecks().size(), false) {
  evidence_.domain = domain_;
  const std::string& address = lease_->spec.recipient_address();
  size_t at = address.rfind('@');
  // The service stores the address with an A-label domain; probe that form.
  evidence_.recipient_address =
      at == std::string::npos ? "" : address.substr(0, at + 1) + domain_;
  evidence_.snapshot = lease_->spec.has_tenant_snapshot()
                           ? &lease_->spec.tenant_snapshot()
                           : nullptr;
  evidence_.dns.eop_ranges = env_.probe.eop_ranges.get();
  evidence_.dns.snapshot = evidence_.snapshot;
  if (!lease_->spec.ndr_text().empty()) {
    evidence_.ndr_given = true;
    absl::StatusOr<v1::NdrReport> ndr = ParseNdr(lease_->spec.ndr_text());
    if (ndr.ok()) {
      evidence_.ndr = *std::move(ndr);
    } else {
      evidence_.ndr_error = std::string(ndr.status().message());
    }
  }
  order_ = CheckOrder(evidence_.ndr.has_value() ? &*evidence_.ndr : nullptr);
}

DiagnosisJob::~DiagnosisJob() { Abandon(); }

void DiagnosisJob::Start() {
  const std::vector<Check>& checks = AllChecks();
  if (evidence_.ndr.has_value()) {
    std::vector<std::string> families;
    for (v1::CheckFamily family : FamilyOrder(&*evidence_.ndr)) {
      families.push_back(FamilyName(family));
    }
    NDRDIAG_LOG(INFO)
            .With("job", lease_->job_id)
            .With("attempt", lease_->attempt)
            .With("families", absl::StrJoin(families, ","))
        << "the NDR (" << evidence_.ndr->enhanced_status() << ", rejected by "
        << evidence_.ndr->rejected_by() << ") orders the families";
  }
  uint32_t needed = 0;
  for (size_t i : order_) {
    if (WantsFamily(lease_->spec, checks[i].family)) {
      needed |= checks[i].needs;
      continue;
    }
    // A family the caller did not select is not part of this diagnosis:
    // its checks get no result (not even SKIPPED, which says an input was
    // missing), so a DNS-only diagnosis streams its own checks only.
    decided_[i] = true;
  }
  budget_timer_ = env_.loop->AddTimer(budget_, [this] {
    timer_armed_ = false;
    OnBudgetExpired();
  });
  timer_armed_ = true;
  // One event names every check: each event costs a stream entry, a Redis
  // write and a gRPC message per watcher, and they would all be the same
  // instant anyway.
  v1::DiagnosisEvent started;
  for (size_t i : order_) {
    if (decided_[i]) continue;
    started.mutable_check_started()->add_check_ids(std::string(checks[i].id));
  }
  if (started.has_check_started()) AppendEvent(std::move(started));
  evidence_.dns.mx.domain = domain_;
  evidence_.dns.zone.domain = domain_;
  // The SMTP stage probes the MX hosts, so it needs the MX probe too.
  const bool want_smtp = (needed & kProbeStageAll) != 0;
  if (want_smtp) needed |= kMxStageRecursive | kMxStageTargets;
  if (needed & kMxStageAll) {
    probe_ = MxProbe::Create(
        *env_.resolver, domain_, env_.probe,
        [this](const MxEvidence& evidence, uint32_t stages_done) {
          OnMxProgress(evidence, stages_done);
        });
  }
  if (needed & kZoneStageAll) {
    zone_probe_ = ZoneProbe::Create(
        *env_.resolver, env_.panel, domain_, env_.probe,
        [this](const ZoneEvidence& evidence, uint32_t stages_done) {
          OnZoneProgress(evidence, stages_done);
        });
  }
  if (want_smtp) {
    const v1::ProbeOptions& options = lease_->spec.probe_options();
    smtp_stage_ = SmtpStage::Create(
        *env_.resolver, env_.smtp,
        !options.has_smtp() || options.smtp().value(), evidence_,
        [this](uint32_t stages_done) { OnSmtpProgress(stages_done); });
  }
  // Rules that need no live evidence (the snapshot's) decide at once.
  RunReadyRules();
  if (done_) return;
  // Everything runs side by side; what starts first gets its queries out
  // first, so the families the NDR points to start first.
  if (SmartHostsFirst(order_) && smtp_stage_ != nullptr) {
    smtp_stage_->BeginSmartHosts();
    if (done_) return;
  }
  if (probe_ != nullptr) probe_->Begin();
  if (done_) return;
  if (zone_probe_ != nullptr) zone_probe_->Begin();
  if (done_) return;
  if (!SmartHostsFirst(order_) && smtp_stage_ != nullptr) {
    smtp_stage_->BeginSmartHosts();
  }
}

void DiagnosisJob::OnMxProgress(const MxEvidence& evidence,
                                uint32_t stages_done) {
  if (done_) return;
  evidence_.dns.mx = evidence;
  stages_ |= stages_done;
  constexpr uint32_t kTargetsKnown = kMxStageRecursive | kMxStageTargets;
  if (smtp_stage_ != nullptr && !smtp_mx_begun_ &&
      (stages_ & kTargetsKnown) == kTargetsKnown) {
    smtp_mx_begun_ = true;
    smtp_stage_->BeginMx();  // may report progress (and conclude) at once
    if (done_) return;
  }
  RunReadyRules();
}

void DiagnosisJob::OnZoneProgress(const ZoneEvidence& evidence,
                                  uint32_t stages_done) {
  if (done_) return;
  evidence_.dns.zone = evidence;
  stages_ |= stages_done;
  RunReadyRules();
}

void DiagnosisJob::OnSmtpProgress(uint32_t stages_done) {
  if (done_) return;
  stages_ |= stages_done;
  RunReadyRules();
}

void DiagnosisJob::RunReadyRules() {
  if (done_) return;
  const std::vector<Check>& checks = AllChecks();
  evidence_.dns.now = env_.loop->Now();
  bool all_decided = true;
  for (size_t i : order_) {
    if (decided_[i]) continue;
    if ((checks[i].needs & stages_) != checks[i].needs) {
      all_decided = false;
      continue;
    }
    decided_[i] = true;
    Publish(checks[i].rule(evidence_));
  }
  if (all_decided) Conclude(v1::Diagnosis::SUCCEEDED, "", false, {});
}

void DiagnosisJob::OnBudgetExpired() {
  if (done_) return;
  StopProbing();
  const std::string budget_text = absl::FormatDuration(budget_);
  NDRDIAG_LOG(WARNING)
          .With("job", lease_->job_id)
          .With("attempt", lease_->attempt)
      << "time budget of " << budget_text << " ran out";
  const std::vector<Check>& checks = AllChecks();
  for (size_t i = 0; i < checks.size(); ++i) {
    if (decided_[i]) continue;
    decided_[i] = true;
    Publish(
        MakeTimeBudgetExceeded(checks[i].id, checks[i].family, budget_text));
  }
  Conclude(v1::Diagnosis::SUCCEEDED, "", /*budget_ran_out=*/true, {});
}

void DiagnosisJob::Cancel() {
  if (done_) return;
  StopProbing();
  // The checks still open count as not made, so the verdict says partial
  // and cannot call a half-checked domain healthy; they are not published.
  std::vector<v1::CheckResult> unfinished;
  const std::vector<Check>& checks = AllChecks();
  for (size_t i = 0; i < checks.size(); ++i) {
    if (!decided_[i]) {
      unfinished.push_back(MakeInconclusive(checks[i].id, checks[i].family,
                                            "cancelled by the caller"));
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
  if (smtp_stage_ != nullptr) {
    smtp_stage_->Cancel();
    smtp_stage_.reset();
  }
  if (timer_armed_) {
    env_.loop->CancelTimer(budget_timer_);
    timer_armed_ = false;
  }
}

void DiagnosisJob::Publish(v1::CheckResult result) {
  Localize(result, locale_);
  // A job holds its decided results until the verdict, which reads no
  // evidence: the kept copy goes without (evidence is most of a result's
  // bytes, and copying and freeing it was a tenth of the worker's time). A
  // SKIPPED result weighs like a missing one, so it is not kept at all.
  if (result.status() != v1::SKIPPED) {
    google::protobuf::RepeatedPtrField<v1::Evidence> evidence;
    evidence.Swap(result.mutable_evidence());
    results_.push_back(result);
    evidence.Swap(result.mutable_evidence());
  }
  v1::DiagnosisEvent event;
  *event.mutable_check_result() = std::move(result);
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
  // Most diagnoses end with every check decided: no copy of the results.
  std::vector<v1::CheckResult> with_unfinished;
  if (!unfinished.empty()) {
    with_unfinished = results_;
    with_unfinished.insert(with_unfinished.end(), unfinished.begin(),
                           unfinished.end());
  }
  const std::vector<v1::CheckResult>& all =
      unfinished.empty() ? results_ : with_unfinished;
  VerdictInput input;
  input.domain = domain_;
  input.locale = locale_;
  input.time_budget_ran_out = budget_ran_out;
  input.ndr = evidence_.ndr.has_value() ? &*evidence_.ndr : nullptr;
  input.now = env_.loop->Now();
  v1::Verdict verdict = ComputeVerdict(all, input);
  NDRDIAG_LOG(INFO)
          .With("job", lease_->job_id)
          .With("attempt", lease_->attempt)
          .With("cause", v1::RootCause_Name(verdict.causes(0).cause()))
          .With("partial", verdict.partial())
      << "diagnosis concluded: " << verdict.summary();
  sink_.Finish(lease_, state, &verdict, reason);
}

}  // namespace ndrdiag
