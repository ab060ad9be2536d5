#include "workers/verdict/verdict.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/dns/mx_rules.h"
#include "workers/i18n/catalog.h"
#include "workers/verdict/cause_support.h"
#include "workers/verdict/documentation.h"
#include "workers/verdict/ndr_weighing.h"
#include "workers/verdict/remediation_steps.h"
#include "workers/verdict/verdict_ndr.h"

namespace ndrdiag {
namespace {

using verdict_internal::AddCheckId;
using verdict_internal::CauseKey;
using verdict_internal::CauseSupport;
using verdict_internal::CauseTitle;
using verdict_internal::IsNdrResult;
using verdict_internal::NdrFacts;
using verdict_internal::NdrWeighing;
using verdict_internal::PropagationHint;
using verdict_internal::WeighNdr;

constexpr v1::RootCause kPrecedence[] = {
    v1::DOMAIN_NOT_FOUND,
    v1::MX_MISSING,
    v1::MX_LEGACY_ENDPOINT,
    v1::MX_TARGET_UNRESOLVABLE,
    v1::MX_MULTIPLE,
    v1::MX_INCORRECT,
    // The tenant's own configuration: an unverified domain is never
    // accepted; a connector that is missing or wrong is a definite break of
    // the mail flow, while the domain type is judged from where recipients
    // seem to live; the type explains the DBEB rejections it causes.
    v1::DOMAIN_NOT_VERIFIED,
    v1::DOMAIN_NOT_ACCEPTED,
    v1::CONNECTOR_MISCONFIGURED,
    v1::HYBRID_SEND_CONNECTOR,
    v1::HYBRID_RECEIVE_CONNECTOR,
    v1::HYBRID_CERTIFICATE,
    v1::HYBRID_ROUTING_DOMAIN,
    v1::ACCEPTED_DOMAIN_TYPE,
    v1::RECIPIENT_NOT_FOUND,
    v1::HOST_NOT_RESPONDING,
    v1::DNS_INCONSISTENT_AUTHORITATIVE,
    v1::DNS_LAME_DELEGATION,
    v1::DNS_PROPAGATION,
    // Only a cause when nothing in the configuration is.
    v1::SERVICE_INCIDENT,
};

bool IsSecondary(v1::RootCause cause) {
  return cause == v1::SPF_MISCONFIGURED || cause == v1::AUTODISCOVER_MISSING;
}

// Checks that refine a verdict but do not decide whether mail can be
// delivered: when one of them could not be made, a HEALTHY verdict still
// stands (marked partial). The deciding ones are the MX record checks.
bool IsSupplementary(absl::string_view check_id) {
  return check_id != kCheckMxPresent && check_id != kCheckMxSingleRecord &&
         check_id != kCheckMxTargetFormat && check_id != kCheckMxLegacyTarget &&
         check_id != kCheckMxTargetResolves;
}

double Confidence(const CauseSupport& support, bool partial) {
  // A FAIL is a rule's firm finding; a WARN a suspicion. More results backing
  // the same cause raise confidence a little; an NDR that names the same
  // cause raises it (a suspicion more than a firm finding); an NDR alone is
  // a moderate indication, less for its later alternatives. Partial evidence
  // lowers it.
  double c;
  if (support.confidence.has_value()) {
    c = *support.confidence;
  } else if (support.ndr_only) {
    c = support.ndr_rank == 0 ? 0.45 : 0.3;
  } else {
    c = support.any_fail ? 0.9 : 0.5;
    c += 0.03 * (support.results - 1);
    if (support.ndr_corroborates) c += support.any_fail ? 0.05 : 0.2;
    if (support.ndr_explained) c += 0.2;
  }
  if (partial) c *= 0.85;
  if (IsSecondary(support.cause)) c = std::min(c, 0.3);
  return std::min(c, 0.99);
}

void Describe(v1::RankedCause& ranked, Locale locale, const TextArgs& args,
              const std::vector<std::string>& steps_first = {}) {
  const std::string key = CauseKey(ranked.cause());
  ranked.set_explanation(CatalogText(key, TextField::kMessage, locale, args));
  for (const std::string& step : steps_first) ranked.add_remediation(step);
  for (absl::string_view step :
       absl::StrSplit(CatalogText(key, TextField::kRemediation, locale, args),
                      '\n', absl::SkipEmpty())) {
    ranked.add_remediation(std::string(step));
  }
  for (v1::DocumentationLink& link : DocumentationFor(ranked.cause())) {
    *ranked.add_documentation() = std::move(link);
  }
}

void AppendSentence(std::string& text, const std::string& sentence) {
  if (sentence.empty()) return;
  if (!text.empty()) text += " ";
  text += sentence;
}

// Whether the results show authoritative servers disagreeing about data
// (not only about serials), so the recursive MX answer depends on which
// server a resolver asked.
bool AuthoritativeDataDisagrees(const std::vector<v1::CheckResult>& results) {
  for (const v1::CheckResult& r : results) {
    if (r.cause() != v1::DNS_INCONSISTENT_AUTHORITATIVE) continue;
    if (r.check_id() == kCheckRrsetAuthConsistency ||
        r.check_id() == kCheckNsDelegationMatch ||
        r.check_id() == kCheckMxPresent ||
        r.check_id() == kCheckPropagationRecursive) {
      return true;
    }
  }
  return false;
}

bool RecursiveAnswerIsStale(const std::vector<v1::CheckResult>& results) {
  for (const v1::CheckResult& r : results) {
    if (r.check_id() != kCheckPropagationRecursive ||
        r.cause() != v1::DNS_PROPAGATION) {
      continue;
    }
    auto it = r.message_args().find("recursive_stale");
    if (it != r.message_args().end() && it->second == "true") return true;
  }
  return false;
}

void AssignTier(CauseSupport& s, bool data_disagrees, bool recursive_stale) {
  if (s.cause == v1::DOMAIN_NOT_FOUND) {
    s.tier = 0;
  } else if (s.cause == v1::DNS_LAME_DELEGATION) {
    s.tier = 1, s.why = "verdict.why.lame";
  } else if (s.cause == v1::DNS_INCONSISTENT_AUTHORITATIVE && data_disagrees) {
    s.tier = 1, s.why = "verdict.why.inconsistent";
  } else if (s.cause == v1::DNS_PROPAGATION && recursive_stale) {
    s.tier = 1, s.why = "verdict.why.propagation";
  } else if (IsSecondary(s.cause)) {
    s.tier = 3;
  }
}

// Order inside tier 1: lame, inconsistent, propagation.
int TierOneOrder(v1::RootCause cause) {
  switch (cause) {
    case v1::DNS_LAME_DELEGATION:
      return 0;
    case v1::DNS_INCONSISTENT_AUTHORITATIVE:
      return 1;
    default:
      return 2;
  }
}

}  // namespace

int CausePrecedence(v1::RootCause cause) {
  const auto* it =
      std::find(std::begin(kPrecedence), std::end(kPrecedence), cause);
  return static_cast<int>(it - std::begin(kPrecedence));
}

v1::Verdict ComputeVerdict(const std::vector<v1::CheckResult>& results,
                           const VerdictInput& input) {
  const Locale locale = ParseLocale(input.locale);
  const NdrFacts ndr = verdict_internal::ReadNdr(results, input.ndr);
  TextArgs args = ndr.args;
  args["domain"] = input.domain;
  args["expected"] = verdict_internal::ExpectedMxTarget(results, input.domain);
  args["mx_preference"] =
      verdict_internal::ExpectedMxPreference(args["expected"]);

  std::map<v1::RootCause, CauseSupport> support;
  int inconclusive = 0;
  bool decisive_inconclusive = false;
  bool concluded = false;
  std::vector<std::string> passed, not_made;
  for (const v1::CheckResult& result : results) {
    // The NDR is weighed separately (WeighNdr): it is an indication, not a
    // check of the configuration.
    if (IsNdrResult(result)) continue;
    switch (result.status()) {
      case v1::INCONCLUSIVE:
        ++inconclusive;
        not_made.push_back(result.check_id());
        if (!IsSupplementary(result.check_id())) decisive_inconclusive = true;
        continue;
      case v1::PASS:
      case v1::INFO:
        passed.push_back(result.check_id());
        concluded = true;
        continue;
      case v1::WARN:
      case v1::FAIL:
        concluded = true;
        break;
      default:
        continue;
    }
    if (result.cause() == v1::ROOT_CAUSE_UNSPECIFIED) continue;
    CauseSupport& s = support[result.cause()];
    s.cause = result.cause();
    const bool fail = result.status() == v1::FAIL;
    if (s.results == 0 || (fail && !s.any_fail)) {
      s.args =
          TextArgs(result.message_args().begin(), result.message_args().end());
    }
    s.any_fail |= fail;
    ++s.results;
    s.supporting.push_back(&result);
    AddCheckId(s, result.check_id());
  }

  v1::Verdict verdict;
  verdict.set_partial(inconclusive > 0 || input.time_budget_ran_out);

  const NdrWeighing weighed =
      WeighNdr(ndr, results, input, locale, args, support);
  const std::optional<PropagationHint> propagation =
      verdict_internal::ReadPropagation(results, input.now);
  const bool data_disagrees = AuthoritativeDataDisagrees(results);
  const bool recursive_stale = RecursiveAnswerIsStale(results);
  std::vector<CauseSupport> ranked, secondary;
  for (auto& [cause, s] : support) {
    AssignTier(s, data_disagrees, recursive_stale);
    if (cause == v1::DNS_PROPAGATION && propagation.has_value() &&
        propagation->stale && !s.retest_after.has_value()) {
      s.retest_after = propagation->retest;
    }
    (s.tier == 3 ? secondary : ranked).push_back(s);
  }
  auto order = [](const CauseSupport& a, const CauseSupport& b) {
    if (a.tier != b.tier) return a.tier < b.tier;
    if (a.tier == 1) return TierOneOrder(a.cause) < TierOneOrder(b.cause);
    if (a.any_fail != b.any_fail) return a.any_fail;
    // Of two causes equally backed by the checks, the one the NDR names too.
    if (a.ndr_corroborates != b.ndr_corroborates) return a.ndr_corroborates;
    int pa = CausePrecedence(a.cause), pb = CausePrecedence(b.cause);
    if (pa != pb) return pa < pb;
    return a.cause < b.cause;
  };
  std::sort(ranked.begin(), ranked.end(), order);
  std::sort(secondary.begin(), secondary.end(), order);

  auto add_cause = [&](const CauseSupport& s, bool first) {
    v1::RankedCause* cause = verdict.add_causes();
    cause->set_cause(s.cause);
    cause->set_confidence(Confidence(s, verdict.partial()));
    for (const std::string& id : s.check_ids) cause->add_check_ids(id);
    TextArgs cause_args = s.args;
    for (const auto& [k, v] : args) cause_args[k] = v;
    std::vector<std::string> steps =
        verdict_internal::ConcreteSteps(s.supporting, locale, cause_args);
    if (s.cause == v1::RECIPIENT_NOT_FOUND &&
        cause_args.count("ndr_recipients") > 0) {
      steps.push_back(CatalogText("verdict.step.ndr_recipients",
                                  TextField::kMessage, locale, cause_args));
    }
    Describe(*cause, locale, cause_args, steps);
    std::string explanation = cause->explanation();
    // Say why it outranks the others, when a ranking rule lifted it.
    if (first && !s.why.empty() && ranked.size() > 1) {
      AppendSentence(explanation, CatalogText(s.why, TextField::kMessage,
                                              locale, cause_args));
    }
    if (s.ndr_corroborates && s.results > 0) {
      AppendSentence(explanation,
                     CatalogText("verdict.ndr.agrees", TextField::kMessage,
                                 locale, cause_args));
    }
    if (s.ndr_only) {
      AppendSentence(explanation,
                     CatalogText("verdict.ndr.only", TextField::kMessage,
                                 locale, cause_args));
      AppendSentence(explanation, s.confirm);
    }
    cause->set_explanation(std::move(explanation));
    for (const std::string& d : s.disagreements) cause->add_disagreements(d);
    if (s.retest_after.has_value()) {
      cause->mutable_retest_after()->set_seconds(
          absl::ToUnixSeconds(*s.retest_after));
    }
  };

  std::string summary_key;
  for (size_t i = 0; i < ranked.size(); ++i) add_cause(ranked[i], i == 0);
  if (!ranked.empty()) {
    summary_key = "verdict.summary.cause";
  } else if (concluded && !decisive_inconclusive) {
    v1::RankedCause* healthy = verdict.add_causes();
    healthy->set_cause(v1::HEALTHY);
    // An NDR the configuration no longer explains leaves some doubt.
    double confidence = verdict.partial() ? 0.7 : 0.9;
    if (!weighed.first_disagreements.empty()) confidence -= 0.2;
    healthy->set_confidence(confidence);
    for (const std::string& id : passed) healthy->add_check_ids(id);
    Describe(*healthy, locale, args);
    if (!secondary.empty()) {
      healthy->set_explanation(
          absl::StrCat(healthy->explanation(), " ",
                       CatalogText("verdict.why.secondary", TextField::kMessage,
                                   locale, args)));
    }
    summary_key = "verdict.summary.healthy";
  } else {
    v1::RankedCause* unknown = verdict.add_causes();
    unknown->set_cause(v1::UNKNOWN);
    unknown->set_confidence(0.0);
    // The checks whose results are missing are what the reader should see.
    for (const std::string& id : not_made) unknown->add_check_ids(id);
    Describe(*unknown, locale, args);
    summary_key = "verdict.summary.unknown";
  }
  for (const std::string& d : weighed.first_disagreements) {
    verdict.mutable_causes(0)->add_disagreements(d);
  }
  // Secondary findings come last whatever came first.
  for (const CauseSupport& s : secondary) add_cause(s, false);

  TextArgs summary_args = args;
  if (!ranked.empty()) {
    summary_args["cause"] = CauseTitle(ranked.front().cause, locale);
  }
  std::string summary =
      CatalogText(summary_key, TextField::kMessage, locale, summary_args);
  if (inconclusive > 0) {
    absl::StrAppend(
        &summary, CatalogText("verdict.summary.partial", TextField::kMessage,
                              locale, {{"count", absl::StrCat(inconclusive)}}));
  }
  if (input.time_budget_ran_out) {
    absl::StrAppend(&summary, CatalogText("verdict.summary.budget",
                                          TextField::kMessage, locale, {}));
  }
  verdict.set_summary(std::move(summary));
  return verdict;
}

}  // namespace ndrdiag
