// The catalogue of checks the diagnosis job runs (shared CHECKS.md §1), in
// catalogue order: the dns family, the SMTP probe, the tenant snapshot, the
// connectors, the hybrid side and the NDR. One table, so the job, the CLI's
// listing and the tests agree on which checks exist and what each needs.
// (The job runs and reports families in the order the NDR suggests:
// workers/checks/ndr/ndr_steering.h.)
#ifndef NDRDIAG_WORKERS_CHECKS_CHECK_CATALOG_H_
#define NDRDIAG_WORKERS_CHECKS_CHECK_CATALOG_H_

#include <vector>

#include "workers/checks/diagnosis_evidence.h"

namespace ndrdiag {

const std::vector<Check>& AllChecks();

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_CHECK_CATALOG_H_
