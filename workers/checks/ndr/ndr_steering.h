// How the NDR steers a diagnosis: which check families examine the causes
// an NDR points to, so the job starts those first and a reader sees their
// results first. Pure.
//
// Promises: the NDR family always comes first; then the families of the
// NDR's causes in the order of its causes; then every other family in
// catalogue order. Without an NDR (or with no cause) the order is the
// catalogue's. Every family appears exactly once.
#ifndef NDRDIAG_WORKERS_CHECKS_NDR_NDR_STEERING_H_
#define NDRDIAG_WORKERS_CHECKS_NDR_NDR_STEERING_H_

#include <vector>

#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/ndr.pb.h"

namespace ndrdiag {

// The families whose checks can confirm or rule out `cause`, most direct
// first (e.g. DOMAIN_NOT_ACCEPTED -> TENANT, SMTP).
std::vector<v1::CheckFamily> FamiliesForCause(v1::RootCause cause);

// Every selectable family in the order the diagnosis should run them.
// `ndr` may be nullptr.
std::vector<v1::CheckFamily> FamilyOrder(const v1::NdrReport* ndr);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_NDR_NDR_STEERING_H_
