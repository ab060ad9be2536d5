// The worker runtime in-process against a real redis-server and the fake DNS
// server (as the recursive resolver and, via the same port, as the
// authoritative servers): jobs created with JobStore::Create end with the
// events and the verdict a caller must see.
#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/job_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/fake_dns_server.h"
#include "tests/support/redis_server.h"
#include "workers/checks/check_catalog.h"
#include "workers/checks/dns/mx_rules.h"
#include "workers/runtime/worker_runtime.h"

namespace ndrdiag {
namespace {

size_t DnsCheckCount() {
  size_t n = 0;
  for (const Check& check : AllChecks()) n += check.family == v1::DNS;
  return n;
}

using ::testing::HasSubstr;

using Rec = FakeDnsServer::Record;

constexpr char kOwner[] = "tester";

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok()) << redis_.Log();
    auto dns = FakeDnsServer::Start("127.0.0.1");
    ASSERT_TRUE(dns.ok()) << dns.status();
    dns_ = *std::move(dns);
    // Anything not programmed exists and has no data, like most names.
    dns_->SetDefault({.rcode = 0, .authoritative = true});
    conn_ =
        std::make_unique<RedisConnection>(redis_.endpoint(), RedisOptions{});
    store_ = std::make_unique<JobStore>(*conn_, store_options_);
  }

  void TearDown() override { StopWorker(); }

  // Waits until every check of `id` has started on the worker.
  void AwaitChecksStarted(const std::string& id) {
    const absl::Time give_up = absl::Now() + absl::Seconds(30);
    int started = 0;
    const int checks = static_cast<int>(DnsCheckCount());
    while (started < checks && absl::Now() < give_up) {
      auto events = store_->ReadEvents(id, "", 100);
      started = 0;
      if (events.ok()) {
        for (const StoredEvent& e : *events) {
          started += e.event.check_started().check_ids_size();
        }
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    ASSERT_EQ(started, checks);
  }

  // A slow.test zone whose MX answer comes late, so that a job is mid-way
  // for a while.
  void SlowZone() {
    dns_->ServeTestZone("slow.test",
                        {"0 slow-test.mail.protection.outlook.com."});
    dns_->ServeHost("slow-test.mail.protection.outlook.com", "104.47.1.4");
    dns_->Set("slow.test", DnsType::kMx,
              {.answers = {{"slow.test.", DnsType::kMx, 300,
                            "0 slow-test.mail.protection.outlook.com."}},
               .fault = FakeDnsServer::Fault::kDelay,
               .delay = absl::Milliseconds(1500)});
  }

  void StartWorker(absl::Duration publish_retry_for = absl::Seconds(30)) {
    WorkerOptions options;
    // The fake zones point at public EOP addresses: no SMTP probe may
    // follow them off loopback (tests/integration/smtp_job_test.cc covers
    // the probe on 127.0.0.1).
    options.smtp_probe = false;
    options.publish_retry_for = publish_retry_for;
    options.redis_url = redis_.url();
    options.store = store_options_;
    options.concurrency = 8;
    options.resolver.recursive_servers = {dns_->address()};
    // Longer than the budget of the silent job, so that its budget (not
    // the resolver's deadline) is what ends it.
    options.resolver.query_timeout = absl::Seconds(4);
    options.resolver.tries = 1;
    options.allow_cidrs = {"127.0.0.0/8"};
    options.consumer = "worker-test";
    options.grace_period = absl::Seconds(2);
    options.probe.authoritative_port = dns_->port();
    options.fetch_block = absl::Milliseconds(200);
    auto runtime = WorkerRuntime::Create(options);
    ASSERT_TRUE(runtime.ok()) << runtime.status();
    runtime_ = *std::move(runtime);
    thread_ = std::thread([this] { runtime_->Run(); });
  }

  void StopWorker() {
    if (runtime_ == nullptr) return;
    runtime_->RequestStop();
    thread_.join();
    runtime_.reset();
  }

  std::string Submit(const std::string& domain,
                     absl::Duration budget = absl::ZeroDuration(),
                     const std::string& locale = "en") {
    v1::DiagnosisSpec spec;
    spec.set_domain(domain);
    spec.set_locale(locale);
    // The worker's runtime is under test here, with the dns family; the
    // other families are not part of the diagnosis (no events at all).
    spec.add_families(v1::DNS);
    if (budget > absl::ZeroDuration()) {
      spec.mutable_probe_options()->mutable_time_budget()->set_seconds(
          absl::ToInt64Seconds(budget));
    }
    auto created = store_->Create(kOwner, "", spec, absl::Now());
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return "";
    auto id = JobStore::ParseName(created->diagnosis.name(), "name");
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : "";
  }

  // All events of `job_id` once the terminal one is there; fails the test
  // (and returns what there is) after `deadline`.
  std::vector<StoredEvent> AwaitEnd(
      const std::string& job_id, absl::Duration deadline = absl::Seconds(30)) {
    const absl::Time give_up = absl::Now() + deadline;
    std::vector<StoredEvent> events;
    while (absl::Now() < give_up) {
      auto read = store_->ReadEvents(job_id, "", 1000);
      if (read.ok()) {
        events = *std::move(read);
        if (!events.empty() && events.back().terminal) return events;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    ADD_FAILURE() << "job " << job_id << " did not end within "
                  << absl::FormatDuration(deadline);
    return events;
  }

  // The verdict event; checks the order of the events around it.
  static v1::Verdict CheckEvents(const std::vector<StoredEvent>& events) {
    EXPECT_GE(events.size(), 2u);
    if (events.size() < 2) return {};
    const v1::DiagnosisEvent& last = events.back().event;
    EXPECT_EQ(last.state_change().state(), v1::Diagnosis::SUCCEEDED);
    const v1::DiagnosisEvent& verdict = events[events.size() - 2].event;
    EXPECT_TRUE(verdict.has_verdict());
    // One check_started event names every check of the selected family
    // before any result; one result per such check and none for the others.
    std::set<std::string> started, finished;
    int started_events = 0;
    bool running_seen = false;
    for (const StoredEvent& e : events) {
      if (e.event.state_change().state() == v1::Diagnosis::RUNNING) {
        running_seen = true;
      }
      if (e.event.has_check_started()) {
        EXPECT_TRUE(running_seen);
        ++started_events;
        for (const std::string& id : e.event.check_started().check_ids()) {
          EXPECT_TRUE(started.insert(id).second) << id << " started twice";
        }
      }
      if (e.event.has_check_result()) {
        const std::string& id = e.event.check_result().check_id();
        EXPECT_TRUE(started.contains(id) ||
                    e.event.check_result().status() == v1::SKIPPED)
            << id << " result before start";
        EXPECT_TRUE(finished.insert(id).second) << id << " twice";
        EXPECT_FALSE(e.event.check_result().title().empty());
        EXPECT_FALSE(e.event.check_result().message().empty());
      }
    }
    EXPECT_EQ(started_events, 1);
    EXPECT_EQ(started.size(), DnsCheckCount());
    EXPECT_EQ(finished.size(), DnsCheckCount());
    return verdict.verdict();
  }

  static std::vector<v1::CheckResult> Results(
      const std::vector<StoredEvent>& events) {
    std::vector<v1::CheckResult> out;
    for (const StoredEvent& e : events) {
      if (e.event.has_check_result()) out.push_back(e.event.check_result());
    }
    return out;
  }

  TestRedisServer redis_;
  std::unique_ptr<FakeDnsServer> dns_;
  JobStoreOptions store_options_;
  std::unique_ptr<RedisConnection> conn_;
  std::unique_ptr<JobStore> store_;
  std::unique_ptr<WorkerRuntime> runtime_;
  std::thread thread_;
};

TEST_F(WorkerTest, DiagnosesHealthyTwoMxAndNonexistentDomains) {
  dns_->ServeTestZone("healthy.test",
                      {"0 healthy-test.mail.protection.outlook.com."});
  dns_->ServeHost("healthy-test.mail.protection.outlook.com", "104.47.1.1");
  dns_->ServeTestZone(
      "two-mx.test",
      {"0 two-mx-test.mail.protection.outlook.com.", "10 mx.oldisp.test."});
  dns_->ServeHost("two-mx-test.mail.protection.outlook.com", "104.47.1.2");
  dns_->ServeHost("mx.oldisp.test", "198.51.100.7");
  dns_->Set("nxdomain.test", DnsType::kMx, {.rcode = 3});
  dns_->Set("nxdomain.test", DnsType::kNs, {.rcode = 3});

  StartWorker();
  const std::string healthy = Submit("healthy.test");
  const std::string two_mx = Submit("two-mx.test");
  const std::string nxdomain = Submit("nxdomain.test");
  const std::string japanese =
      Submit("two-mx.test", absl::ZeroDuration(), "ja");

  {
    auto events = AwaitEnd(healthy);
    v1::Verdict v = CheckEvents(events);
    ASSERT_GT(v.causes_size(), 0);
    EXPECT_EQ(v.causes(0).cause(), v1::HEALTHY) << v.ShortDebugString();
    EXPECT_FALSE(v.partial()) << v.ShortDebugString();
    // Secondary findings (no SPF, autodiscover, DKIM records here) and
    // checks without their input are not PASS; every other check is.
    const std::set<std::string> secondary = {
        "dns.spf.o365", "dns.autodiscover", "dns.dkim.selectors",
        "dns.verification.txt", "dns.dnssec.mx_microsoft"};
    for (const v1::CheckResult& r : Results(events)) {
      if (secondary.contains(r.check_id()) || r.family() != v1::DNS) continue;
      EXPECT_EQ(r.status(), v1::PASS) << r.ShortDebugString();
      EXPECT_GT(r.evidence_size(), 0);
    }
  }
  {
    v1::Verdict v = CheckEvents(AwaitEnd(two_mx));
    ASSERT_GT(v.causes_size(), 0);
    EXPECT_EQ(v.causes(0).cause(), v1::MX_MULTIPLE) << v.ShortDebugString();
    EXPECT_THAT(v.causes(0).check_ids(),
                ::testing::Contains("dns.mx.single_record"));
  }
  {
    v1::Verdict v = CheckEvents(AwaitEnd(nxdomain));
    ASSERT_GT(v.causes_size(), 0);
    EXPECT_EQ(v.causes(0).cause(), v1::DOMAIN_NOT_FOUND)
        << v.ShortDebugString();
  }
  {
    v1::Verdict v = CheckEvents(AwaitEnd(japanese));
    EXPECT_THAT(v.summary(), HasSubstr("最も可能性の高い原因"));
  }
  // The job record agrees with the events.
  auto got = store_->Get(kOwner, two_mx, /*with_results=*/true);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->state(), v1::Diagnosis::SUCCEEDED);
  EXPECT_EQ(got->verdict().causes(0).cause(), v1::MX_MULTIPLE);
  EXPECT_EQ(got->results_size(), static_cast<int>(DnsCheckCount()));
  for (const v1::CheckResult& r : got->results()) {
    EXPECT_EQ(r.family(), v1::DNS) << r.check_id();
  }
  EXPECT_EQ(got->attempt(), 1);
}

TEST_F(WorkerTest, SilentResolverEndsWithinTheTimeBudgetWithPartialVerdict) {
  dns_->Set("silent.test", DnsType::kMx,
            {.fault = FakeDnsServer::Fault::kNoReply});
  dns_->Set("silent.test", DnsType::kNs,
            {.fault = FakeDnsServer::Fault::kNoReply});
  StartWorker();
  const std::string id = Submit("silent.test", absl::Seconds(1));
  auto events = AwaitEnd(id);
  v1::Verdict v = CheckEvents(events);
  EXPECT_TRUE(v.partial());
  ASSERT_GT(v.causes_size(), 0);
  EXPECT_EQ(v.causes(0).cause(), v1::UNKNOWN);
  EXPECT_THAT(v.summary(), HasSubstr("time budget ran out"));
  // The checks that need the silent answers ran out of time; others (no
  // DNS needed, or other names) may have been decided before.
  std::set<std::string> mx_checks;
  for (const MxCheck& c : MxChecks()) mx_checks.insert(std::string(c.id));
  for (const v1::CheckResult& r : Results(events)) {
    if (!mx_checks.contains(r.check_id())) continue;
    EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
    EXPECT_EQ(r.inconclusive_reason(), "time budget of 1s ran out");
  }
  EXPECT_GE(dns_->QueryCount("silent.test", DnsType::kMx), 1);
}

TEST_F(WorkerTest, RefusedAuthoritativeAddressIsInconclusiveNotSkipped) {
  // Without --allow-cidr the name server's loopback address is refused by
  // the egress policy; the recursive resolver is configuration and allowed.
  dns_->ServeTestZone("guarded.test",
                      {"0 guarded-test.mail.protection.outlook.com."});
  dns_->ServeHost("guarded-test.mail.protection.outlook.com", "104.47.1.3");
  WorkerOptions options;
  options.smtp_probe = false;  // as in StartWorker: no probe off loopback
  options.redis_url = redis_.url();
  options.store = store_options_;
  options.resolver.recursive_servers = {dns_->address()};
  options.consumer = "guarded-worker";
  options.grace_period = absl::Seconds(2);
  options.probe.authoritative_port = dns_->port();
  options.fetch_block = absl::Milliseconds(200);
  auto runtime = WorkerRuntime::Create(options);
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  runtime_ = *std::move(runtime);
  thread_ = std::thread([this] { runtime_->Run(); });

  auto events = AwaitEnd(Submit("guarded.test"));
  v1::Verdict v = CheckEvents(events);
  bool seen = false;
  for (const v1::CheckResult& r : Results(events)) {
    if (r.check_id() != "dns.rrset.auth_consistency") continue;
    seen = true;
    EXPECT_EQ(r.status(), v1::INCONCLUSIVE);
    EXPECT_THAT(r.inconclusive_reason(), HasSubstr("blocked by egress policy"));
    EXPECT_THAT(r.inconclusive_reason(), HasSubstr("--allow-cidr"));
  }
  EXPECT_TRUE(seen);
  // Only a supplementary check is missing: healthy, but partial.
  EXPECT_EQ(v.causes(0).cause(), v1::HEALTHY);
  EXPECT_TRUE(v.partial());
  // Nothing was sent to the refused address (only recursive questions).
  for (const FakeDnsServer::Received& q : dns_->received()) {
    EXPECT_TRUE(q.recursion_desired) << q.qname;
  }
}

TEST_F(WorkerTest, SurvivesARedisRestartInTheMiddleOfAJob) {
  SlowZone();
  StartWorker();
  const std::string id = Submit("slow.test");
  ASSERT_NO_FATAL_FAILURE(AwaitChecksStarted(id));
  redis_.Kill();
  // Down while the results are produced: the publisher has to retry.
  absl::SleepFor(absl::Milliseconds(2000));
  ASSERT_TRUE(redis_.Start().ok()) << redis_.Log();

  // Nothing acknowledged before the crash is lost, nothing is written twice,
  // and the job still ends with its verdict.
  v1::Verdict v = CheckEvents(AwaitEnd(id));
  ASSERT_GT(v.causes_size(), 0);
  EXPECT_EQ(v.causes(0).cause(), v1::HEALTHY) << v.ShortDebugString();
}

TEST_F(WorkerTest, GivesUpTheAttemptWhenAnEventCannotBeWritten) {
  SlowZone();
  StartWorker(/*publish_retry_for=*/absl::Milliseconds(500));
  const std::string id = Submit("slow.test");
  ASSERT_NO_FATAL_FAILURE(AwaitChecksStarted(id));
  redis_.Kill();
  // The results arrive while Redis is down and stays down past the retries:
  // the worker drops the attempt rather than skip an event.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (runtime_->jobs_in_flight() > 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(runtime_->jobs_in_flight(), 0);
  ASSERT_TRUE(redis_.Start().ok()) << redis_.Log();

  // The job is still RUNNING with no result and no verdict, and its queue
  // entry is still pending, for a reclaim to run it again.
  auto events = store_->ReadEvents(id, "", 100);
  ASSERT_TRUE(events.ok()) << events.status();
  // (Checks that need no slow answer, e.g. dns.verification.txt, may have
  // been written before Redis went away; none of the MX checks was.)
  std::set<std::string> mx_checks;
  for (const MxCheck& c : MxChecks()) mx_checks.insert(std::string(c.id));
  for (const StoredEvent& e : *events) {
    EXPECT_FALSE(e.event.has_check_result() &&
                 mx_checks.contains(e.event.check_result().check_id()))
        << e.event.ShortDebugString();
    EXPECT_FALSE(e.terminal);
  }
  auto got = store_->Get(kOwner, id, false);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->state(), v1::Diagnosis::RUNNING);
  auto pending = conn_->Command({"XPENDING", "ndrdiag:jobs", "workers"});
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_FALSE(pending->elements.empty());
  EXPECT_EQ(pending->elements[0].integer, 1);
}

TEST_F(WorkerTest, StopsWhenAskedWhileIdle) {
  StartWorker();
  runtime_->RequestStop();
  std::future<void> joined =
      std::async(std::launch::async, [this] { thread_.join(); });
  if (joined.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    // A hung stop must fail the run, not hang it.
    ADD_FAILURE() << "the worker did not stop";
    std::abort();
  }
  runtime_.reset();
}

}  // namespace
}  // namespace ndrdiag
