#include "workers/checks/connector/connector_checks.h"

#include "workers/checks/dns/mx_evidence.h"

namespace ndrdiag {

const std::vector<Check>& ConnectorChecks() {
  // Snapshot-only rules need no stage. conn.outbound.onprem reads the live
  // MX (and its addresses) for the loop test; the smart-host rules read the
  // smart-host stages.
  static const auto* const kChecks = new std::vector<Check>{
      {kCheckConnInboundOnPremExists, v1::CONNECTOR, 0,
       &CheckConnInboundOnPremExists},
      {kCheckConnInboundCertMatch, v1::CONNECTOR, 0,
       &CheckConnInboundCertMatch},
      {kCheckConnInboundIpMatch, v1::CONNECTOR, 0, &CheckConnInboundIpMatch},
      {kCheckConnInboundPartnerLockdown, v1::CONNECTOR, 0,
       &CheckConnInboundPartnerLockdown},
      {kCheckConnOutboundOnPrem, v1::CONNECTOR,
       kMxStageRecursive | kMxStageTargets, &CheckConnOutboundOnPrem},
      {kCheckConnOutboundSmartHostDns, v1::CONNECTOR, kSmartHostStageDns,
       &CheckConnOutboundSmartHostDns},
      {kCheckConnOutboundSmartHostSmtp, v1::CONNECTOR,
       kSmartHostStageDns | kSmartHostStageSmtp,
       &CheckConnOutboundSmartHostSmtp},
      {kCheckConnOutboundTls, v1::CONNECTOR, 0, &CheckConnOutboundTls},
  };
  return *kChecks;
}

}  // namespace ndrdiag
