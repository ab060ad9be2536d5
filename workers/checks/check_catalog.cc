#include "workers/checks/check_catalog.h"

#include "workers/checks/connector/connector_checks.h"
#include "workers/checks/dns/dns_checks.h"
#include "workers/checks/hybrid/hybrid_checks.h"
#include "workers/checks/ndr/ndr_checks.h"
#include "workers/checks/smtp/smtp_checks.h"
#include "workers/checks/tenant/tenant_checks.h"

namespace ndrdiag {

const std::vector<Check>& AllChecks() {
  static const auto* const kChecks = [] {
    auto* checks = new std::vector<Check>;
    for (const DnsCheck& dns : DnsChecks()) {
      auto rule = dns.rule;
      checks->push_back({dns.id, v1::DNS, dns.needs,
                         [rule](const DiagnosisEvidence& evidence) {
                           return rule(evidence.dns);
                         }});
    }
    for (const auto* family :
         {&SmtpChecks(), &TenantChecks(), &ConnectorChecks(), &HybridChecks(),
          &NdrChecks()}) {
      checks->insert(checks->end(), family->begin(), family->end());
    }
    return checks;
  }();
  return *kChecks;
}

}  // namespace ndrdiag
