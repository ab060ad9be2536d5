// Internal to workers/verdict: what backs one cause while the verdict is
// being ranked, and the helpers that name causes and checks in a sentence.
#ifndef NDRDIAG_WORKERS_VERDICT_CAUSE_SUPPORT_H_
#define NDRDIAG_WORKERS_VERDICT_CAUSE_SUPPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ndrdiag/v1/check.pb.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag::verdict_internal {

struct CauseSupport {
  v1::RootCause cause = v1::ROOT_CAUSE_UNSPECIFIED;
  bool any_fail = false;
  int results = 0;
  std::vector<std::string> check_ids;
  std::vector<const v1::CheckResult*> supporting;
  TextArgs args;  // message arguments of the strongest supporting result
  // Tier of the ranking (verdict.h): 0 domain, 1 authoritative DNS, 2 the
  // rest, 3 secondary findings.
  int tier = 2;
  std::string why;  // verdict.why.* key when the tier lifted it
  // The NDR points to this cause too (a check found it as well).
  bool ndr_corroborates = false;
  // Only the NDR points to it: nothing could test it. ndr_rank is its place
  // in the NDR's list (0 = the most specific).
  bool ndr_only = false;
  int ndr_rank = 0;
  // The NDR disagrees with the configuration and this cause (propagation)
  // explains why.
  bool ndr_explained = false;
  std::string confirm;  // what would confirm an NDR-only cause (localized)
  // Set instead of the computed confidence (propagation inferred from an
  // NDR that disagrees with a zone changed recently).
  std::optional<double> confidence;
  // Named disagreements and the re-test time attached to this cause.
  std::vector<std::string> disagreements;
  std::optional<absl::Time> retest_after;
};

void AddCheckId(CauseSupport& s, absl::string_view id);

// verdict.cause.<CAUSE>, or verdict.cause.generic when it has no entry.
std::string CauseKey(v1::RootCause cause);
std::string CauseTitle(v1::RootCause cause, Locale locale);
// ", " in English, "、" in Japanese.
std::string JoinLocalized(const std::vector<std::string>& items, Locale locale);
// Check titles with their ids ("MX points to Exchange Online
// (dns.mx.target_format)"), joined for a sentence.
std::string CheckNames(const std::vector<std::string>& ids, Locale locale);

}  // namespace ndrdiag::verdict_internal

#endif  // NDRDIAG_WORKERS_VERDICT_CAUSE_SUPPORT_H_
