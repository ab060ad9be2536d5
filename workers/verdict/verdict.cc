#include "workers/verdict/verdict.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "workers/checks/dns/mx_rules.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag {
namespace {

constexpr v1::RootCause kPrecedence[] = {
    v1::DOMAIN_NOT_FOUND,
    v1::MX_MISSING,
    v1::MX_LEGACY_ENDPOINT,
    v1::MX_TARGET_UNRESOLVABLE,
    v1::MX_MULTIPLE,
    v1::MX_INCORRECT,
    v1::DNS_INCONSISTENT_AUTHORITATIVE,
};

// Checks that refine a verdict but do not decide whether mail can be
// delivered: when one of them could not be made, a HEALTHY verdict still
// stands (marked partial).
bool IsSupplementary(absl::string_view check_id) {
  return check_id == kCheckRrsetAuthConsistency;
}

struct CauseSupport {
  v1::RootCause cause;
  bool any_fail = false;
  int results = 0;
  std::vector<std::string> check_ids;
};

double Confidence(const CauseSupport& support, bool partial) {
  // A FAIL is a rule's firm finding; a WARN a suspicion. More results backing
  // the same cause raise confidence a little; partial evidence lowers it.
  double c = support.any_fail ? 0.9 : 0.5;
  c += 0.03 * (support.results - 1);
  if (partial) c *= 0.85;
  return std::min(c, 0.99);
}

TextArgs CauseArgs(const VerdictInput& input) {
  return {{"domain", input.domain},
          {"expected", absl::StrCat(ExoToken(input.domain),
                                    ".mail.protection.outlook.com")}};
}

void Describe(v1::RankedCause& ranked, Locale locale, const TextArgs& args) {
  std::string key =
      absl::StrCat("verdict.cause.", v1::RootCause_Name(ranked.cause()));
  if (FindCatalogEntry(key) == nullptr) key = "verdict.cause.generic";
  ranked.set_explanation(CatalogText(key, TextField::kMessage, locale, args));
  for (absl::string_view step :
       absl::StrSplit(CatalogText(key, TextField::kRemediation, locale, args),
                      '\n', absl::SkipEmpty())) {
    ranked.add_remediation(std::string(step));
  }
}

std::string CauseTitle(v1::RootCause cause, Locale locale) {
  std::string key = absl::StrCat("verdict.cause.", v1::RootCause_Name(cause));
  if (FindCatalogEntry(key) == nullptr) key = "verdict.cause.generic";
  return CatalogText(key, TextField::kTitle, locale, {});
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
  const TextArgs args = CauseArgs(input);

  std::map<v1::RootCause, CauseSupport> support;
  int inconclusive = 0;
  bool decisive_inconclusive = false;
  bool concluded = false;
  std::vector<std::string> passed, not_made;
  for (const v1::CheckResult& result : results) {
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
    s.any_fail |= result.status() == v1::FAIL;
    ++s.results;
    if (std::find(s.check_ids.begin(), s.check_ids.end(), result.check_id()) ==
        s.check_ids.end()) {
      s.check_ids.push_back(result.check_id());
    }
  }

  v1::Verdict verdict;
  verdict.set_partial(inconclusive > 0 || input.time_budget_ran_out);

  std::vector<CauseSupport> ranked;
  for (auto& [cause, s] : support) ranked.push_back(s);
  std::sort(ranked.begin(), ranked.end(),
            [](const CauseSupport& a, const CauseSupport& b) {
              if (a.any_fail != b.any_fail) return a.any_fail;
              int pa = CausePrecedence(a.cause), pb = CausePrecedence(b.cause);
              if (pa != pb) return pa < pb;
              return a.cause < b.cause;
            });
  for (const CauseSupport& s : ranked) {
    v1::RankedCause* cause = verdict.add_causes();
    cause->set_cause(s.cause);
    cause->set_confidence(Confidence(s, verdict.partial()));
    for (const std::string& id : s.check_ids) cause->add_check_ids(id);
    Describe(*cause, locale, args);
  }

  std::string summary_key;
  if (!ranked.empty()) {
    summary_key = "verdict.summary.cause";
  } else if (concluded && !decisive_inconclusive) {
    v1::RankedCause* healthy = verdict.add_causes();
    healthy->set_cause(v1::HEALTHY);
    healthy->set_confidence(verdict.partial() ? 0.7 : 0.9);
    for (const std::string& id : passed) healthy->add_check_ids(id);
    Describe(*healthy, locale, args);
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
