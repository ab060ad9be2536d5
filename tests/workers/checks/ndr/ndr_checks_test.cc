#include "workers/checks/ndr/ndr_checks.h"

#include "common/ndr/ndr_parser.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

DiagnosisEvidence WithNdr(const std::string& text) {
  DiagnosisEvidence e;
  e.domain = "contoso.com";
  e.ndr_given = true;
  absl::StatusOr<v1::NdrReport> report = ParseNdr(text);
  if (report.ok()) {
    e.ndr = *report;
  } else {
    e.ndr_error = std::string(report.status().message());
  }
  return e;
}

constexpr char kKb2827473[] =
    "Delivery has failed to these recipients or groups:\n\n"
    "heidi@fabrikam.com\n\n"
    "Diagnostic information for administrators:\n\n"
    "Generating server: EX01.contoso.local\n\n"
    "heidi@fabrikam.com\n"
    "contoso-com.mail.protection.outlook.com\n"
    "Remote Server returned '550 5.4.1 Relay Access Denied'\n";

TEST(NdrChecksTest, NoNdrSkipsAll) {
  DiagnosisEvidence e;
  for (const Check& check : NdrChecks()) {
    v1::CheckResult r = check.rule(e);
    EXPECT_EQ(r.status(), v1::SKIPPED) << check.id;
    EXPECT_EQ(r.family(), v1::NDR);
    EXPECT_EQ(r.inconclusive_reason(), "no NDR text given");
  }
}

TEST(NdrChecksTest, UnparseableFailsParseAndSkipsTheRest) {
  DiagnosisEvidence e = WithNdr("my mail bounced, please help");
  v1::CheckResult parse = CheckNdrParse(e);
  EXPECT_EQ(parse.status(), v1::FAIL);
  EXPECT_EQ(parse.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
  EXPECT_EQ(parse.message_key(), "ndr.parse.fail_unparseable");
  EXPECT_NE(parse.message_args().at("error"), "");
  EXPECT_EQ(CheckNdrClassify(e).status(), v1::SKIPPED);
  EXPECT_EQ(CheckNdrWhoRejected(e).status(), v1::SKIPPED);
}

TEST(NdrChecksTest, Kb2827473PointsToTheInboundConnector) {
  DiagnosisEvidence e = WithNdr(kKb2827473);
  v1::CheckResult parse = CheckNdrParse(e);
  EXPECT_EQ(parse.status(), v1::PASS);
  EXPECT_EQ(parse.message_args().at("enhanced_status"), "5.4.1");
  EXPECT_EQ(parse.message_args().at("reply_code"), "550");
  EXPECT_EQ(parse.message_args().at("generating_server"), "EX01.contoso.local");
  EXPECT_EQ(parse.message_args().at("recipients"), "heidi@fabrikam.com");

  v1::CheckResult classify = CheckNdrClassify(e);
  EXPECT_EQ(classify.status(), v1::WARN);
  EXPECT_EQ(classify.cause(), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_EQ(classify.message_args().at("causes"),
            "CONNECTOR_MISCONFIGURED, HYBRID_SEND_CONNECTOR");
  EXPECT_EQ(classify.message_args().at("families"),
            "connector, hybrid, tenant");
  EXPECT_EQ(classify.message_args().at("reply"),
            "550 5.4.1 Relay Access Denied");

  v1::CheckResult who = CheckNdrWhoRejected(e);
  EXPECT_EQ(who.status(), v1::INFO);
  EXPECT_EQ(who.message_args().at("rejected_by"), "exchange-online");
  EXPECT_EQ(who.message_args().at("server"),
            "contoso-com.mail.protection.outlook.com");
}

TEST(NdrChecksTest, NoRuleIsInfo) {
  DiagnosisEvidence e = WithNdr(
      "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'");
  v1::CheckResult classify = CheckNdrClassify(e);
  EXPECT_EQ(classify.status(), v1::INFO);
  EXPECT_EQ(classify.message_key(), "ndr.classify.info_no_rule");
  EXPECT_EQ(classify.cause(), v1::ROOT_CAUSE_UNSPECIFIED);
}

}  // namespace
}  // namespace ndrdiag
