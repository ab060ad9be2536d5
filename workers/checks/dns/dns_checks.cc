#include "workers/checks/dns/dns_checks.h"

namespace ndrdiag {

const std::vector<DnsCheck>& DnsChecks() {
  // The MX rules read only the MX evidence; the adapters keep their own
  // signatures (and tests) unchanged. The secondary checks wait for the
  // servers stage too: it includes the recursive NS answer that says
  // whether the domain exists at all (SkipIfNoZone).
  static const auto* const kChecks = new std::vector<DnsCheck>{
      {kCheckMxPresent, kMxStageRecursive | kMxStageAuthoritative,
       [](const DnsEvidence& e) { return CheckMxPresent(e.mx); }},
      {kCheckMxSingleRecord, kMxStageRecursive,
       [](const DnsEvidence& e) { return CheckMxSingleRecord(e.mx); }},
      {kCheckMxTargetFormat, kMxStageRecursive,
       [](const DnsEvidence& e) { return CheckMxTargetFormat(e); }},
      {kCheckMxLegacyTarget, kMxStageRecursive,
       [](const DnsEvidence& e) { return CheckMxLegacyTarget(e.mx); }},
      {kCheckMxTargetResolves, kMxStageRecursive | kMxStageTargets,
       [](const DnsEvidence& e) { return CheckMxTargetResolves(e.mx); }},
      {kCheckMxIpInEop, kMxStageRecursive | kMxStageTargets, &CheckMxIpInEop},
      {kCheckMxPriority, kMxStageRecursive, &CheckMxPriority},
      {kCheckDnssecMxMicrosoft, uint32_t{kMxStageRecursive} | kZoneStagePanel,
       &CheckDnssecMxMicrosoft},
      {kCheckVerificationTxt, kZoneStageRecords, &CheckVerificationTxt},
      {kCheckSpfO365, uint32_t{kZoneStageRecords} | kZoneStageServers,
       &CheckSpfO365},
      {kCheckAutodiscover, uint32_t{kZoneStageRecords} | kZoneStageServers,
       &CheckAutodiscover},
      {kCheckDkimSelectors, uint32_t{kZoneStageRecords} | kZoneStageServers,
       &CheckDkimSelectors},
      {kCheckAuthReachable, kZoneStageDelegation | kZoneStageServers,
       &CheckAuthReachable},
      {kCheckSoaSerialConsistency, kZoneStageServers,
       &CheckSoaSerialConsistency},
      {kCheckRrsetAuthConsistency,
       uint32_t{kMxStageRecursive} | kZoneStageServers,
       &CheckZoneRrsetConsistency},
      {kCheckNsDelegationMatch, kZoneStageDelegation | kZoneStageServers,
       &CheckNsDelegationMatch},
      {kCheckPropagationRecursive, kZoneStageServers | kZoneStagePanel,
       &CheckPropagationRecursive},
  };
  return *kChecks;
}

}  // namespace ndrdiag
