#include <string>

#include "cli/render/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/sample_diagnosis.h"

namespace ndrdiag::cli {
namespace {

using ::ndrdiag::cli::testing::SampleDiagnosis;
using ::ndrdiag::cli::testing::SampleEvents;
using ::ndrdiag::cli::testing::SampleFail;
using ::ndrdiag::cli::testing::SampleInconclusive;
using ::ndrdiag::cli::testing::SamplePass;
using ::ndrdiag::cli::testing::SampleVerdict;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(StatusWordTest, NamesEveryStatus) {
  EXPECT_EQ(StatusWord(v1::PASS), "PASS");
  EXPECT_EQ(StatusWord(v1::INFO), "INFO");
  EXPECT_EQ(StatusWord(v1::WARN), "WARN");
  EXPECT_EQ(StatusWord(v1::FAIL), "FAIL");
  EXPECT_EQ(StatusWord(v1::INCONCLUSIVE), "INCONCLUSIVE");
  EXPECT_EQ(StatusWord(v1::SKIPPED), "SKIPPED");
  EXPECT_EQ(StatusWord(v1::CHECK_STATUS_UNSPECIFIED), "UNSPECIFIED");
  EXPECT_EQ(StatusWord(static_cast<v1::CheckStatus>(99)), "UNKNOWN");
}

TEST(RenderCheckResultTest, FailShowsStatusIdTitleMessageAndFix) {
  EXPECT_EQ(RenderCheckResult(SampleFail(), "en"),
            "FAIL         dns.mx.single_record         Single MX record: "
            "contoso.com has 2 MX records; Exchange Online supports one.\n"
            "             Fix: Delete every MX record except the Exchange "
            "Online one.\n");
}

TEST(RenderCheckResultTest, PassHasNoFixLineEvenWithRemediation) {
  EXPECT_EQ(RenderCheckResult(SamplePass(), "en"),
            "PASS         dns.mx.present               MX record published: "
            "contoso.com publishes 2 MX records.\n");
}

TEST(RenderCheckResultTest, InconclusiveShowsItsReason) {
  EXPECT_EQ(RenderCheckResult(SampleInconclusive(), "en"),
            "INCONCLUSIVE dns.mx.target_resolves       MX target resolves: The "
            "address lookup of mx.old-host.example. got no answer.\n"
            "             Reason: timeout after 5s\n");
}

TEST(RenderCheckResultTest, ReasonAlreadyInTheMessageIsNotRepeated) {
  v1::CheckResult r = SampleInconclusive();
  r.set_message("No answer: timeout after 5s");
  EXPECT_THAT(RenderCheckResult(r, "en"), Not(HasSubstr("Reason:")));
}

TEST(RenderCheckResultTest, JapaneseUsesJapaneseLabels) {
  v1::CheckResult r = SampleFail();
  r.set_title("MX レコードは 1 つ");
  r.set_message("MX レコードが 2 つあります。");
  r.set_remediation("Exchange Online 以外の MX レコードを削除してください。");
  const std::string text = RenderCheckResult(r, "ja");
  EXPECT_THAT(text, HasSubstr("FAIL         dns.mx.single_record"));
  EXPECT_THAT(text,
              HasSubstr("MX レコードは 1 つ: MX レコードが 2 つあります。"));
  EXPECT_THAT(text, HasSubstr("対処: Exchange Online 以外の"));
  EXPECT_THAT(text, Not(HasSubstr("Fix:")));
}

TEST(RenderVerdictTest, RanksCausesWithConfidenceAndNumberedSteps) {
  EXPECT_EQ(RenderVerdict(SampleVerdict(), "en"),
            "Verdict: contoso.com publishes two MX records.\n"
            "  1. MX_MULTIPLE (confidence 90%)\n"
            "     Only one MX record is supported for Exchange Online.\n"
            "     Supported by: dns.mx.single_record\n"
            "     Remediation:\n"
            "       1. Delete the MX record mx.old-host.example.\n"
            "       2. Wait for the old record's TTL (1 hour) to expire.\n"
            "  2. UNKNOWN (confidence 10%)\n"
            "Partial: some checks were inconclusive or the time budget ran "
            "out; the verdict rests on partial evidence.\n");
}

TEST(RenderVerdictTest, DisagreementRetestTimeAndDocumentation) {
  v1::Verdict v;
  v1::RankedCause& c = *v.add_causes();
  c.set_cause(v1::DNS_PROPAGATION);
  c.set_confidence(0.6);
  c.add_disagreements("The NDR says relay denied, but the MX is right now.");
  c.mutable_retest_after()->set_seconds(1795806720);  // 2026-11-27 19:12 UTC
  v1::DocumentationLink& link = *c.add_documentation();
  link.set_title("Fix 5.4.1");
  link.set_url("https://learn.microsoft.com/x");
  const std::string text = RenderVerdict(v, "en");
  EXPECT_THAT(text, HasSubstr("     Disagreeing evidence: The NDR says relay "
                              "denied, but the MX is right now.\n"));
  EXPECT_THAT(text, HasSubstr("     Re-test after: 2026-11-27 19:12 UTC\n"));
  EXPECT_THAT(text, HasSubstr("     Documentation:\n       - Fix 5.4.1: "
                              "https://learn.microsoft.com/x\n"));
  EXPECT_THAT(RenderVerdict(v, "ja"), HasSubstr("再テストの目安: 2026-11-27"));
}

TEST(RenderVerdictTest, CompleteVerdictHasNoPartialNotice) {
  v1::Verdict v = SampleVerdict();
  v.set_partial(false);
  EXPECT_THAT(RenderVerdict(v, "en"), Not(HasSubstr("Partial")));
}

TEST(RenderVerdictTest, Japanese) {
  const std::string text = RenderVerdict(SampleVerdict(), "ja");
  EXPECT_THAT(text, HasSubstr("判定: contoso.com publishes two MX records.\n"));
  EXPECT_THAT(text, HasSubstr("  1. MX_MULTIPLE (確信度 90%)\n"));
  EXPECT_THAT(text, HasSubstr("     対処手順:\n       1. Delete"));
  EXPECT_THAT(text, HasSubstr("部分的な判定"));
  EXPECT_THAT(text, Not(HasSubstr("Verdict")));
  EXPECT_THAT(text, Not(HasSubstr("Remediation")));
}

TEST(RenderVerdictTest, RegionalLocaleFallsBackToItsLanguage) {
  EXPECT_THAT(RenderVerdict(SampleVerdict(), "ja-JP"), HasSubstr("判定:"));
  EXPECT_THAT(RenderVerdict(SampleVerdict(), "fr"), HasSubstr("Verdict:"));
}

TEST(RenderEventTest, EachKind) {
  const std::vector<v1::DiagnosisEvent> events = SampleEvents();
  EXPECT_EQ(RenderEvent(events[0], "en"),
            "Diagnosis diagnoses/abc123 accepted (contoso.com)\n");
  EXPECT_EQ(RenderEvent(events[1], "en"), "State: RUNNING\n");
  EXPECT_EQ(RenderEvent(events[2], "en"), "");  // check_started
  EXPECT_EQ(RenderEvent(events[4], "en"),
            RenderCheckResult(SampleFail(), "en"));
  EXPECT_EQ(RenderEvent(events[6], "en"),
            "\n" + RenderVerdict(SampleVerdict(), "en"));
  EXPECT_EQ(RenderEvent(events[7], "en"), "State: SUCCEEDED\n");
  EXPECT_EQ(RenderEvent(v1::DiagnosisEvent(), "en"), "");
}

TEST(RenderEventTest, FailureShowsItsReason) {
  const std::vector<v1::DiagnosisEvent> events =
      SampleEvents(v1::Diagnosis::FAILED);
  EXPECT_EQ(RenderEvent(events.back(), "en"),
            "State: FAILED (Reason: 3 attempts failed)\n");
  EXPECT_EQ(RenderEvent(events.back(), "ja"),
            "状態: FAILED (理由: 3 attempts failed)\n");
}

TEST(RenderDiagnosisTest, HeaderResultsInOrderThenVerdict) {
  const std::string text = RenderDiagnosis(SampleDiagnosis());
  EXPECT_THAT(text, HasSubstr("Diagnosis: diagnoses/abc123\n"
                              "Domain: contoso.com\n"
                              "State: SUCCEEDED (attempt 1)\n"
                              "Created: 2024-04-24 23:06:40 UTC\n"
                              "Finished: 2024-04-24 23:06:43 UTC\n"));
  const size_t pass = text.find("dns.mx.present");
  const size_t fail = text.find("dns.mx.single_record");
  const size_t inconclusive = text.find("dns.mx.target_resolves");
  const size_t verdict = text.find("Verdict:");
  ASSERT_NE(pass, std::string::npos);
  ASSERT_NE(verdict, std::string::npos);
  EXPECT_LT(pass, fail);
  EXPECT_LT(fail, inconclusive);
  EXPECT_LT(inconclusive, verdict);
}

TEST(RenderDiagnosisTest, FailedShowsReasonAndNoResults) {
  v1::Diagnosis d = SampleDiagnosis();
  d.clear_results();
  d.clear_verdict();
  d.set_state(v1::Diagnosis::FAILED);
  d.set_failure_reason("worker lost its lease 3 times");
  const std::string text = RenderDiagnosis(d);
  EXPECT_THAT(text, HasSubstr("Failure: worker lost its lease 3 times\n"));
  EXPECT_THAT(text, HasSubstr("(no check results)"));
  EXPECT_THAT(text, Not(HasSubstr("Verdict")));
}

TEST(RenderDiagnosisTest, UsesTheDiagnosisLocale) {
  v1::Diagnosis d = SampleDiagnosis();
  d.mutable_spec()->set_locale("ja");
  const std::string text = RenderDiagnosis(d);
  EXPECT_THAT(text, HasSubstr("診断: diagnoses/abc123\n"));
  EXPECT_THAT(text, HasSubstr("判定:"));
  EXPECT_THAT(text, Not(HasSubstr("Verdict")));
}

TEST(RenderDiagnosisListTest, RowsAndNextPageToken) {
  v1::ListDiagnosesResponse response;
  v1::Diagnosis& done = *response.add_diagnoses();
  done = SampleDiagnosis();
  done.clear_results();
  v1::Diagnosis& queued = *response.add_diagnoses();
  queued.set_name("diagnoses/def456");
  queued.mutable_spec()->set_domain("fabrikam.example");
  queued.set_state(v1::Diagnosis::QUEUED);
  response.set_next_page_token("page-2");
  EXPECT_EQ(RenderDiagnosisList(response),
            "NAME              STATE      DOMAIN            CREATED          "
            "        TOP CAUSE\n"
            "diagnoses/abc123  SUCCEEDED  contoso.com       2024-04-24 "
            "23:06:40 UTC  MX_MULTIPLE\n"
            "diagnoses/def456  QUEUED     fabrikam.example  -                "
            "        -\n"
            "More results: --page-token page-2\n");
}

TEST(RenderDiagnosisListTest, Empty) {
  EXPECT_EQ(RenderDiagnosisList(v1::ListDiagnosesResponse()),
            "(no diagnoses)\n");
}

TEST(RenderNdrReportTest, ShowsTheRecognisedFields) {
  v1::NdrReport report;
  report.set_layout("exo");
  report.set_enhanced_status("5.4.1");
  report.set_reply_code(550);
  report.set_reply_text("Relay Access Denied");
  report.add_recipients("a@contoso.com");
  report.add_recipients("b@contoso.com");
  report.add_causes(v1::DOMAIN_NOT_ACCEPTED);
  EXPECT_EQ(RenderNdrReport(report),
            "Layout: exo\n"
            "Enhanced status: 5.4.1\n"
            "Reply code: 550\n"
            "Reply text: Relay Access Denied\n"
            "Recipients: a@contoso.com, b@contoso.com\n"
            "Causes: DOMAIN_NOT_ACCEPTED\n");
}

}  // namespace
}  // namespace ndrdiag::cli
