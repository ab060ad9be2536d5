// JobObserver: forwards every event unchanged and counts jobs and checks;
// the counting probes' outcome labels.
#include "workers/runtime/job_observer.h"

#include <memory>
#include <string>
#include <vector>

#include "common/metrics_server.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "tests/support/http_scrape.h"
#include "workers/runtime/counting_probes.h"
#include "workers/runtime/worker_metrics.h"

namespace ndrdiag {
namespace {

class RecordingSink : public JobEventSink {
 public:
  void Append(const JobLeasePtr& lease, v1::DiagnosisEvent event) override {
    events.push_back(std::move(event));
  }
  void Finish(const JobLeasePtr& lease, v1::Diagnosis::State state,
              const v1::Verdict* verdict, std::string reason) override {
    finished_state = state;
    finished_reason = std::move(reason);
  }
  std::vector<v1::DiagnosisEvent> events;
  v1::Diagnosis::State finished_state = v1::Diagnosis::STATE_UNSPECIFIED;
  std::string finished_reason;
};

double Value(const std::string& name,
             const std::map<std::string, std::string>& labels = {}) {
  const std::string text =
      prometheus::TextSerializer().Serialize(AllMetrics()->Collect());
  return std::max(0.0, SampleSum(text, name, labels));
}

v1::DiagnosisEvent Started(const std::vector<std::string>& ids) {
  v1::DiagnosisEvent e;
  for (const std::string& id : ids)
    e.mutable_check_started()->add_check_ids(id);
  return e;
}

v1::DiagnosisEvent Result(const std::string& id, v1::CheckStatus status) {
  v1::DiagnosisEvent e;
  e.mutable_check_result()->set_check_id(id);
  e.mutable_check_result()->set_status(status);
  return e;
}

TEST(JobObserverTest, ForwardsEventsAndCountsJobsAndChecks) {
  WorkerMetrics::Get();
  const double started = Value("ndrdiag_jobs_started_total");
  const double finished =
      Value("ndrdiag_jobs_finished_total",
            {{"state", "SUCCEEDED"}, {"cause", "MX_MISSING"}});
  const double fail = Value("ndrdiag_check_results_total",
                            {{"check_id", "test.check"}, {"status", "FAIL"}});
  const double skipped =
      Value("ndrdiag_check_results_total",
            {{"check_id", "test.skipped"}, {"status", "SKIPPED"}});
  const double timed = Value("ndrdiag_check_duration_seconds_count",
                             {{"check_id", "test.check"}});
  const double skipped_timed = Value("ndrdiag_check_duration_seconds_count",
                                     {{"check_id", "test.skipped"}});
  const double pass_timed = Value("ndrdiag_check_duration_seconds_count",
                                  {{"check_id", "test.pass"}});
  const double job_timed =
      Value("ndrdiag_job_duration_seconds_count", {{"state", "SUCCEEDED"}});

  RecordingSink sink;
  JobObserver observer(sink);
  auto lease = std::make_shared<JobLease>();
  lease->job_id = "job1";
  lease->attempt = 1;
  observer.Started(*lease);
  observer.Append(lease, Result("test.skipped", v1::SKIPPED));
  observer.Append(lease, Started({"test.check", "test.pass"}));
  observer.Append(lease, Result("test.check", v1::FAIL));
  observer.Append(lease, Result("test.pass", v1::PASS));
  v1::Verdict verdict;
  verdict.add_causes()->set_cause(v1::MX_MISSING);
  observer.Finish(lease, v1::Diagnosis::SUCCEEDED, &verdict, "why");

  ASSERT_EQ(sink.events.size(), 4u);
  EXPECT_EQ(sink.events[1].check_started().check_ids_size(), 2);
  EXPECT_EQ(sink.events[2].check_result().status(), v1::FAIL);
  EXPECT_EQ(sink.finished_state, v1::Diagnosis::SUCCEEDED);
  EXPECT_EQ(sink.finished_reason, "why");

  EXPECT_EQ(Value("ndrdiag_jobs_started_total"), started + 1);
  EXPECT_EQ(Value("ndrdiag_check_results_total",
                  {{"check_id", "test.check"}, {"status", "FAIL"}}),
            fail + 1);
  EXPECT_EQ(Value("ndrdiag_check_results_total",
                  {{"check_id", "test.skipped"}, {"status", "SKIPPED"}}),
            skipped + 1);
  EXPECT_EQ(Value("ndrdiag_check_duration_seconds_count",
                  {{"check_id", "test.check"}}),
            timed + 1);
  // Every check the one started event names is timed.
  EXPECT_EQ(Value("ndrdiag_check_duration_seconds_count",
                  {{"check_id", "test.pass"}}),
            pass_timed + 1);
  // A check that never started has no duration.
  EXPECT_EQ(Value("ndrdiag_check_duration_seconds_count",
                  {{"check_id", "test.skipped"}}),
            skipped_timed);
  // Finished counts only once the terminal state is written.
  EXPECT_EQ(Value("ndrdiag_jobs_finished_total",
                  {{"state", "SUCCEEDED"}, {"cause", "MX_MISSING"}}),
            finished);
  observer.Written(JobKey(*lease));
  EXPECT_EQ(Value("ndrdiag_jobs_finished_total",
                  {{"state", "SUCCEEDED"}, {"cause", "MX_MISSING"}}),
            finished + 1);
  EXPECT_EQ(
      Value("ndrdiag_job_duration_seconds_count", {{"state", "SUCCEEDED"}}),
      job_timed + 1);
  // Written twice (it cannot be, but) or after Ended: nothing more.
  observer.Ended(JobKey(*lease));
  observer.Written(JobKey(*lease));
  EXPECT_EQ(Value("ndrdiag_jobs_finished_total",
                  {{"state", "SUCCEEDED"}, {"cause", "MX_MISSING"}}),
            finished + 1);
}

TEST(CountingProbesTest, DnsOutcomeLabels) {
  v1::DnsExchange e;
  e.set_rcode("NXDOMAIN");
  EXPECT_EQ(DnsOutcome(e), "NXDOMAIN");
  e.set_rcode("");
  EXPECT_EQ(DnsOutcome(e), "error");
  e.set_error("timeout");
  EXPECT_EQ(DnsOutcome(e), "timeout");
  e.set_error("blocked by egress policy: 10.0.0.1 is private");
  EXPECT_EQ(DnsOutcome(e), "blocked");
  e.set_error("malformed response");
  EXPECT_EQ(DnsOutcome(e), "error");
}

TEST(CountingProbesTest, SmtpOutcomeLabelsAreSnakeCase) {
  EXPECT_STREQ(SmtpOutcomeLabel(SmtpOutcome::kCompleted), "completed");
  EXPECT_STREQ(SmtpOutcomeLabel(SmtpOutcome::kRateLimited), "rate_limited");
  EXPECT_STREQ(SmtpOutcomeLabel(SmtpOutcome::kTlsFailed), "tls_failed");
}

}  // namespace
}  // namespace ndrdiag
