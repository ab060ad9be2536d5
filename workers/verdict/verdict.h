// The verdict: from all check results of a diagnosis to ranked root causes.
//
// Pure: the same results always give the same verdict, in the diagnosis
// locale. Ranking:
//  - Causes come from WARN and FAIL results that name one; a cause backed by
//    any FAIL ranks above every cause backed only by WARNs.
//  - Among equals, a fixed precedence: DOMAIN_NOT_FOUND > MX_MISSING >
//    MX_LEGACY_ENDPOINT > MX_TARGET_UNRESOLVABLE > MX_MULTIPLE >
//    MX_INCORRECT > DNS_INCONSISTENT_AUTHORITATIVE > the rest (a domain that
//    does not exist explains everything below it, and so on).
//  - No cause: HEALTHY when the checks that decide deliverability were all
//    made (PASS, INFO, or WARN without a cause); UNKNOWN when one of them was
//    INCONCLUSIVE or nothing was concluded at all.
//  - partial = some check was INCONCLUSIVE or the time budget ran out.
#ifndef NDRDIAG_WORKERS_VERDICT_VERDICT_H_
#define NDRDIAG_WORKERS_VERDICT_VERDICT_H_

#include <string>
#include <vector>

#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag {

struct VerdictInput {
  std::string domain;
  std::string locale;  // "en", "ja"; unknown -> English
  bool time_budget_ran_out = false;
};

v1::Verdict ComputeVerdict(const std::vector<v1::CheckResult>& results,
                           const VerdictInput& input);

// Lower ranks first among causes of equal status; causes outside the fixed
// list share the last rank and are ordered by enum value.
int CausePrecedence(v1::RootCause cause);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_VERDICT_VERDICT_H_
