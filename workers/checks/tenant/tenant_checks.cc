#include "workers/checks/tenant/tenant_checks.h"

#include "workers/checks/dns/mx_evidence.h"
#include "workers/checks/dns/zone_evidence.h"

namespace ndrdiag {

const std::vector<Check>& TenantChecks() {
  // Rules that read only the snapshot (and the spec) need no stage; the two
  // that compare with live DNS wait for the answers they compare.
  static const auto* const kChecks = new std::vector<Check>{
      {kCheckTenantDomainVerified, v1::TENANT, 0, &CheckTenantDomainVerified},
      {kCheckTenantDomainEmailService, v1::TENANT, 0,
       &CheckTenantDomainEmailService},
      {kCheckTenantDomainAccepted, v1::TENANT, 0, &CheckTenantDomainAccepted},
      {kCheckTenantDomainType, v1::TENANT, 0, &CheckTenantDomainType},
      {kCheckTenantDnsRecordsMatch, v1::TENANT,
       uint32_t{kMxStageRecursive} | kZoneStageRecords,
       &CheckTenantDnsRecordsMatch},
      {kCheckTenantDnssecStatus, v1::TENANT, kMxStageRecursive,
       &CheckTenantDnssecStatus},
      {kCheckTenantServiceHealth, v1::TENANT, 0, &CheckTenantServiceHealth},
      {kCheckTenantRecipientDbeb, v1::TENANT, 0, &CheckTenantRecipientDbeb},
  };
  return *kChecks;
}

}  // namespace ndrdiag
