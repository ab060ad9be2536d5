// How the verdict weighs a pasted NDR against the checks.
//
// An NDR is an indication, not a verified fault: it says what one server
// answered at one moment. For each cause the NDR points to (ndr.classify),
// this module tells whether the checks that test that cause were made and
// what they found: supported (some check found the cause: the NDR
// corroborates it), contradicted (a deciding check passes and none found
// it: the evidence disagrees, named in the verdict), or unchecked (nothing
// could test it: the NDR alone names it, with what would confirm it). It
// also reads what dns.propagation.recursive says about caches, to tell a
// disagreement that looks like propagation (and when to re-test) from a
// configuration that was fixed after the NDR.
//
// Pure functions of the results, the parsed NDR and the verdict's clock.
#ifndef NDRDIAG_WORKERS_VERDICT_NDR_WEIGHING_H_
#define NDRDIAG_WORKERS_VERDICT_NDR_WEIGHING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/ndr.pb.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag::verdict_internal {

inline constexpr char kNdrClassifyId[] = "ndr.classify";

// ndr.* results: weighed here, never counted as checks of the configuration.
bool IsNdrResult(const v1::CheckResult& r);

// What the verdict needs from the NDR.
struct NdrFacts {
  bool present = false;  // an NDR was parsed and classified with a cause
  // Causes the NDR points to, most specific first, without UNKNOWN.
  std::vector<v1::RootCause> causes;
  // ndr_reply, ndr_server (the server that rejected), ndr_rejected_by
  // (exchange-online | external | generating), ndr_generating,
  // ndr_recipients, ndr_recipient (the first).
  TextArgs args;
};

// From the parsed report when given, else from the ndr.classify result.
NdrFacts ReadNdr(const std::vector<v1::CheckResult>& results,
                 const v1::NdrReport* ndr);

enum class CauseCheck { kUnchecked, kSupported, kContradicted };

struct CauseCheckState {
  CauseCheck state = CauseCheck::kUnchecked;
  // Deciding checks that passed (contradicted) or could not be made.
  std::vector<std::string> passed;
  std::vector<std::string> not_made;
  // verdict.confirm.* key: what evidence would confirm an unchecked cause.
  std::string confirm_key;
};

// Whether the results (NDR results excluded) test `cause`.
CauseCheckState CheckStateOf(v1::RootCause cause,
                             const std::vector<v1::CheckResult>& results);

// What dns.propagation.recursive says about caches that may still serve an
// old MX: stale panel resolvers (WARN), or a zone changed so recently that
// resolvers outside the panel (the sender's) may (PASS with the change
// time). `retest` is when the last of them expires, rounded up to the
// minute, from the remaining TTL and `now`.
struct PropagationHint {
  bool stale = false;   // panel resolvers serve the old answer
  bool recent = false;  // the zone changed within the record's TTL
  absl::Time retest;
  std::string retest_text;   // "06:00 UTC", with the date when not today
  std::string changed_text;  // "2026-11-27 18:00 UTC" (recent only)
  std::string ttl;           // seconds (recent only)
};
std::optional<PropagationHint> ReadPropagation(
    const std::vector<v1::CheckResult>& results, absl::Time now);

// "HH:MM UTC" when `t` falls on the UTC day of `now`, else
// "YYYY-MM-DD HH:MM UTC".
std::string FormatRetest(absl::Time t, absl::Time now);

}  // namespace ndrdiag::verdict_internal

#endif  // NDRDIAG_WORKERS_VERDICT_NDR_WEIGHING_H_
