// Concrete remediation steps: the values to publish or set, read from the
// results that support a cause (connector names, certificate names, the
// tenant's MX value, the recipient to sync).
//
// Each rule outcome that names something fixable maps to one step text
// (verdict.step.* in the catalogue) filled with that result's arguments; a
// step whose placeholders the result does not fill is left out rather than
// shown with "{connector}" in it. Pure.
#ifndef NDRDIAG_WORKERS_VERDICT_REMEDIATION_STEPS_H_
#define NDRDIAG_WORKERS_VERDICT_REMEDIATION_STEPS_H_

#include <string>
#include <vector>

#include "ndrdiag/v1/check.pb.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag::verdict_internal {

// The MX target to publish for `domain`: the tenant's own value
// (serviceConfigurationRecords or ExpectedMxRecord, as dns.mx.target_format
// or tenant.dns_records_match report it) when a snapshot gave one, else
// <d->.mail.protection.outlook.com.
std::string ExpectedMxTarget(const std::vector<v1::CheckResult>& results,
                             const std::string& domain);
// Its preference: 10 for a DNSSEC (*.mx.microsoft) target, else 0.
std::string ExpectedMxPreference(const std::string& target);

// The steps for the results supporting one cause, in result order, without
// repeats. `base` adds arguments every step may use (domain, ndr_*).
std::vector<std::string> ConcreteSteps(
    const std::vector<const v1::CheckResult*>& supporting, Locale locale,
    const TextArgs& base);

// The step keys (for the catalogue test).
std::vector<std::string> StepKeys();

}  // namespace ndrdiag::verdict_internal

#endif  // NDRDIAG_WORKERS_VERDICT_REMEDIATION_STEPS_H_
