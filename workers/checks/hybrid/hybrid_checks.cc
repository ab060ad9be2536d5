#include "workers/checks/hybrid/hybrid_checks.h"

namespace ndrdiag {

const std::vector<Check>& HybridChecks() {
  // Snapshot-only rules need no stage; the two that read the on-premises
  // smart host's sessions wait for the smart-host stages, and the routing
  // domain's MX is looked up with the smart hosts.
  constexpr uint32_t kSmartHost = kSmartHostStageDns | kSmartHostStageSmtp;
  static const auto* const kChecks = new std::vector<Check>{
      {kCheckHybridSendConnToO365, v1::HYBRID, 0, &CheckHybridSendConnToO365},
      {kCheckHybridSendConnCert, v1::HYBRID, 0, &CheckHybridSendConnCert},
      {kCheckHybridSendConnInternetViaEop, v1::HYBRID, 0,
       &CheckHybridSendConnInternetViaEop},
      {kCheckHybridRecvConnFrontend, v1::HYBRID, kSmartHost,
       &CheckHybridRecvConnFrontend},
      {kCheckHybridConfigConsistency, v1::HYBRID, 0,
       &CheckHybridConfigConsistency},
      {kCheckHybridCoexistenceDomain, v1::HYBRID, kSmartHostStageDns,
       &CheckHybridCoexistenceDomain},
      {kCheckHybridTargetAddress, v1::HYBRID, 0, &CheckHybridTargetAddress},
      {kCheckHybridOnPremAcceptsDomains, v1::HYBRID, kSmartHost,
       &CheckHybridOnPremAcceptsDomains},
  };
  return *kChecks;
}

}  // namespace ndrdiag
