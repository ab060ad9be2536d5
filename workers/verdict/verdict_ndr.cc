#include "workers/verdict/verdict_ndr.h"

#include <algorithm>
#include <optional>

#include "workers/checks/dns/dns_checks.h"

namespace ndrdiag::verdict_internal {

NdrWeighing WeighNdr(const NdrFacts& ndr,
                     const std::vector<v1::CheckResult>& results,
                     const VerdictInput& input, Locale locale,
                     const TextArgs& base_args,
                     std::map<v1::RootCause, CauseSupport>& support) {
  NdrWeighing out;
  if (!ndr.present) return out;
  std::vector<std::string> contradicted, passing;
  bool corroborated = false, unchecked = false;
  for (size_t i = 0; i < ndr.causes.size(); ++i) {
    const v1::RootCause cause = ndr.causes[i];
    const CauseCheckState state = CheckStateOf(cause, results);
    if (state.state == CauseCheck::kSupported) {
      CauseSupport& s = support[cause];
      s.ndr_corroborates = true;
      AddCheckId(s, kNdrClassifyId);
      corroborated = true;
    } else if (state.state == CauseCheck::kContradicted) {
      contradicted.push_back(CauseTitle(cause, locale));
      for (const std::string& id : state.passed) {
        if (std::find(passing.begin(), passing.end(), id) == passing.end()) {
          passing.push_back(id);
        }
      }
    } else if (support.find(cause) == support.end()) {
      unchecked = true;
      CauseSupport& s = support[cause];
      s.cause = cause;
      s.ndr_only = true;
      s.ndr_rank = static_cast<int>(i);
      AddCheckId(s, kNdrClassifyId);
      s.confirm =
          CatalogText(state.confirm_key, TextField::kMessage, locale,
                      {{"checks", JoinLocalized(state.not_made, locale)}});
      if (state.not_made.empty()) s.confirm.clear();
    }
  }
  if (contradicted.empty() || corroborated) return out;

  // The NDR names causes the checks rule out now.
  TextArgs args = base_args;
  args["ndr_causes"] = JoinLocalized(contradicted, locale);
  args["checks"] = CheckNames(passing, locale);
  std::vector<std::string> said = {
      CatalogText("verdict.disagree.ndr", TextField::kMessage, locale, args)};
  const std::optional<PropagationHint> prop =
      ReadPropagation(results, input.now);
  if (prop.has_value()) {
    // Caches that may still hold the old MX explain an NDR the zone no
    // longer deserves: propagation comes first.
    args["retest"] = prop->retest_text;
    args["changed"] = prop->changed_text;
    args["ttl"] = prop->ttl;
    said.push_back(CatalogText(prop->stale
                                   ? "verdict.disagree.propagation_stale"
                                   : "verdict.disagree.propagation_recent",
                               TextField::kMessage, locale, args));
    CauseSupport& s = support[v1::DNS_PROPAGATION];
    if (s.results == 0) {
      s.cause = v1::DNS_PROPAGATION;
      s.ndr_only = false;
      s.confidence = 0.5;
      s.args = {{"eta", prop->retest_text}};
      AddCheckId(s, kCheckPropagationRecursive);
    }
    AddCheckId(s, kNdrClassifyId);
    s.ndr_explained = true;
    s.tier = 1;
    if (s.why.empty()) s.why = "verdict.why.ndr_propagation";
    s.disagreements = std::move(said);
    s.retest_after = prop->retest;
    return out;
  }
  if (!unchecked) {
    said.push_back(CatalogText("verdict.disagree.fixed", TextField::kMessage,
                               locale, args));
  }
  out.first_disagreements = std::move(said);
  return out;
}

}  // namespace ndrdiag::verdict_internal
