// The conn.* rules on snapshots shaped like raw Windows PowerShell
// `ConvertTo-Json` output (one-element arrays unrolled to a value, "True"
// strings, "\/Date(...)\/" dates, extra properties), loaded with the
// service's own loader (common/tenant_snapshot.h): the rules must read what
// an administrator really uploads.
#include <string>

#include "common/tenant_snapshot.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/workers/checks/connector/connector_fixtures.h"
#include "workers/checks/connector/connector_checks.h"

namespace ndrdiag {
namespace {

using testing::Evidence;
using testing::ExpectLocalized;
using testing::SetLiveMx;

v1::TenantSnapshot Load(const std::string& json) {
  absl::StatusOr<v1::TenantSnapshot> snapshot = ParseTenantSnapshotJson(json);
  EXPECT_TRUE(snapshot.ok()) << snapshot.status();
  return snapshot.ok() ? *snapshot : v1::TenantSnapshot();
}

// §5 scenario 22 as PowerShell 5.1 writes it.
TEST(PowerShellSnapshotTest, Scenario22) {
  const v1::TenantSnapshot snapshot = Load(R"json({
    "capturedAt": "\/Date(1795000000000)\/",
    "exo": {
      "acceptedDomains": {"Name": "contoso.com", "DomainName": "contoso.com",
                          "DomainType": "Authoritative", "Default": "True"},
      "inboundConnectors": {"value": [], "Count": 0}
    },
    "onPremises": {
      "sendConnectors": {"Name": "Outbound to Internet", "Enabled": "True",
        "AddressSpaces": "SMTP:*;1",
        "SmartHosts": "contoso-com.mail.protection.outlook.com",
        "DNSRoutingEnabled": "False", "MaxMessageSize": "35 MB (36,700,160 bytes)"}
    }
  })json");
  const v1::CheckResult r = CheckConnInboundOnPremExists(Evidence(&snapshot));
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(), "conn.inbound.onprem_exists.fail_missing");
  ExpectLocalized(r);
}

// §5 scenario 35 with PowerShell 7 output.
TEST(PowerShellSnapshotTest, Scenario35) {
  const v1::TenantSnapshot snapshot = Load(R"json({
    "capturedAt": "2026-11-27T09:00:00.1234567+00:00",
    "exo": {
      "acceptedDomains": [{"Name": "contoso.com", "DomainName": "contoso.com",
                           "DomainType": "InternalRelay", "Default": true}],
      "outboundConnectors": [{"Name": "Outbound to 5f3c", "Enabled": true,
        "ConnectorType": "OnPremises", "RecipientDomains": "contoso.com",
        "SmartHosts": [], "UseMXRecord": true, "TlsSettings": null,
        "Identity": "Outbound to 5f3c"}]
    }
  })json");
  DiagnosisEvidence e = Evidence(&snapshot);
  SetLiveMx(e, "contoso-com.mail.protection.outlook.com", {"104.47.1.1"});
  const v1::CheckResult r = CheckConnOutboundOnPrem(e);
  EXPECT_EQ(r.status(), v1::FAIL);
  EXPECT_EQ(r.message_key(), "conn.outbound.onprem.fail_loop");
}

}  // namespace
}  // namespace ndrdiag
