// The ndr.classify and ndr.who_rejected rules of CHECKS.md §1 over a parsed
// NDR: which root causes the NDR points to (first matching rule wins, most
// specific cause first; UNKNOWN when no rule matches) and who rejected the
// message ("exchange-online", "external", "generating").
#ifndef NDRDIAG_COMMON_NDR_NDR_CLASSIFY_H_
#define NDRDIAG_COMMON_NDR_NDR_CLASSIFY_H_

#include "ndrdiag/v1/ndr.pb.h"

namespace ndrdiag {

// Fills report->rejected_by and report->sender_side and replaces
// report->causes.
void ClassifyNdr(v1::NdrReport* report);

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_NDR_NDR_CLASSIFY_H_
