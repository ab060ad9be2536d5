// The ndr.classify rules in order (first match wins) and ndr.who_rejected.
#include "common/ndr/ndr_classify.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using ::testing::ElementsAre;

v1::NdrReport Report(const std::string& status, const std::string& reply,
                     const std::string& generating, const std::string& remote,
                     const std::string& eop_node = "") {
  v1::NdrReport r;
  r.set_enhanced_status(status);
  r.set_reply_text(reply);
  r.set_generating_server(generating);
  r.set_remote_server(remote);
  r.set_eop_node(eop_node);
  ClassifyNdr(&r);
  return r;
}

TEST(ClassifyNdrTest, WhoRejected) {
  EXPECT_EQ(
      Report("5.4.1", "", "", "x.mail.protection.outlook.com").rejected_by(),
      "exchange-online");
  EXPECT_EQ(Report("5.4.1", "", "", "AB1PR01MB1.namprd01.prod.outlook.com")
                .rejected_by(),
            "exchange-online");
  EXPECT_EQ(Report("5.4.1", "", "", "mx.example.net").rejected_by(),
            "external");
  EXPECT_EQ(Report("5.4.1", "", "a.prod.outlook.com", "").rejected_by(),
            "generating");
}

TEST(ClassifyNdrTest, RulesInOrder) {
  const std::string eop = "x.mail.protection.outlook.com";
  const std::string exo = "AB1PR01MB1.namprd01.prod.outlook.com";
  EXPECT_THAT(Report("5.4.1",
                     "550 5.4.1 Recipient address rejected: Access denied. "
                     "AS(201806281)",
                     exo, eop)
                  .causes(),
              ElementsAre(v1::RECIPIENT_NOT_FOUND));
  EXPECT_THAT(Report("5.7.64",
                     "550 5.7.64 TenantAttribution; Relay Access Denied ATTR36",
                     "ex.local", eop)
                  .causes(),
              ElementsAre(v1::HYBRID_CERTIFICATE, v1::CONNECTOR_MISCONFIGURED));
  EXPECT_THAT(
      Report("5.7.64", "550 5.7.64 TenantAttribution; Relay Access Denied",
             "ex.local", eop)
          .causes(),
      ElementsAre(v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_SEND_CONNECTOR));
  EXPECT_THAT(Report("4.4.62",
                     "451 4.4.62 Mail sent to the wrong Office 365 region. "
                     "ATTR35",
                     exo, eop)
                  .causes(),
              ElementsAre(v1::MX_LEGACY_ENDPOINT));
  EXPECT_THAT(
      Report("5.4.1", "550 5.4.1 Relay Access Denied", exo, eop).causes(),
      ElementsAre(v1::DOMAIN_NOT_ACCEPTED, v1::MX_INCORRECT));
  EXPECT_THAT(
      Report("5.4.1", "550 5.4.1 Relay Access Denied", "ex01.contoso.local",
             eop)
          .causes(),
      ElementsAre(v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_SEND_CONNECTOR));
  EXPECT_THAT(Report("5.4.1", "550 5.4.1 Relay Access Denied", exo,
                     "mx.oldhost.example")
                  .causes(),
              ElementsAre(v1::MX_INCORRECT));
  EXPECT_THAT(
      Report("4.4.316", "550 4.4.316 Connection refused", exo, "").causes(),
      ElementsAre(v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_RECEIVE_CONNECTOR));
  EXPECT_THAT(
      Report("4.7.320", "", exo, "").causes(),
      ElementsAre(v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_RECEIVE_CONNECTOR));
  EXPECT_THAT(
      Report("5.4.6", "554 5.4.6 Routing loop detected", exo, "").causes(),
      ElementsAre(v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_ROUTING_DOMAIN));
  EXPECT_THAT(
      Report("5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound", exo, eop)
          .causes(),
      ElementsAre(v1::UNKNOWN));
  // A bare relay refusal that names no server: the seed article's causes.
  EXPECT_THAT(Report("5.4.1", "550 5.4.1 Relay Access Denied", "", "").causes(),
              ElementsAre(v1::MX_INCORRECT, v1::DOMAIN_NOT_ACCEPTED,
                          v1::DNS_PROPAGATION, v1::CONNECTOR_MISCONFIGURED,
                          v1::SERVICE_INCIDENT));
}

}  // namespace
}  // namespace ndrdiag
