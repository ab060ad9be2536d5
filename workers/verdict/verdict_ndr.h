// Internal to workers/verdict: what the NDR adds to the causes the checks
// found (verdict.h, "The NDR"): corroboration, causes only the NDR names, and
// the disagreements it raises, with DNS_PROPAGATION put first when caches
// may still hold the record the NDR complained about.
#ifndef NDRDIAG_WORKERS_VERDICT_VERDICT_NDR_H_
#define NDRDIAG_WORKERS_VERDICT_VERDICT_NDR_H_

#include <map>
#include <string>
#include <vector>

#include "ndrdiag/v1/check.pb.h"
#include "workers/i18n/catalog.h"
#include "workers/verdict/cause_support.h"
#include "workers/verdict/ndr_weighing.h"
#include "workers/verdict/verdict.h"

namespace ndrdiag::verdict_internal {

struct NdrWeighing {
  // Disagreements for the first cause when no cause of their own takes them.
  std::vector<std::string> first_disagreements;
};

// Updates `support` (keyed by cause) with what the NDR says.
NdrWeighing WeighNdr(const NdrFacts& ndr,
                     const std::vector<v1::CheckResult>& results,
                     const VerdictInput& input, Locale locale,
                     const TextArgs& base_args,
                     std::map<v1::RootCause, CauseSupport>& support);

}  // namespace ndrdiag::verdict_internal

#endif  // NDRDIAG_WORKERS_VERDICT_VERDICT_NDR_H_
