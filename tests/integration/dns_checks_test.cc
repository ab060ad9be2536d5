// The dns family end to end on one event loop: a DiagnosisJob against fake
// DNS servers playing the recursive resolver (127.0.0.1), the TLD
// (127.0.0.2), the zone's two name servers (127.0.0.3/.4) and a panel
// resolver (127.0.0.5), all on one port. Covers a lame server, split
// serials, propagation with its ETA, and dead servers within the budget.
#include <map>
#include <memory>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/fake_dns_server.h"
#include "workers/checks/check_catalog.h"
#include "workers/checks/dns/zone_answers.h"
#include "workers/dns/dns_resolver.h"
#include "workers/loop/event_loop.h"
#include "workers/net/egress_policy.h"
#include "workers/runtime/diagnosis_job.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using Rec = FakeDnsServer::Record;
using Fault = FakeDnsServer::Fault;

constexpr char kDomain[] = "contoso.test";
constexpr char kExo[] = "0 contoso-test.mail.protection.outlook.com.";
constexpr char kOld[] = "10 mail.contoso.test.";

std::string Soa(uint32_t serial) {
  return absl::StrCat("ns1.contoso.test. hostmaster.contoso.test. ", serial,
                      " 3600 600 1209600 3600");
}

// Collects what a job publishes; stops the loop on Finish.
class Sink : public JobEventSink {
 public:
  explicit Sink(EventLoop& loop) : loop_(loop) {}
  void Append(const JobLeasePtr&, v1::DiagnosisEvent event) override {
    if (event.has_check_result()) {
      results[event.check_result().check_id()] = event.check_result();
    }
  }
  void Finish(const JobLeasePtr&, v1::Diagnosis::State s, const v1::Verdict* v,
              std::string) override {
    state = s;
    if (v != nullptr) verdict = *v;
    finished = true;
    loop_.Stop();
  }
  std::map<std::string, v1::CheckResult> results;
  v1::Verdict verdict;
  v1::Diagnosis::State state = v1::Diagnosis::STATE_UNSPECIFIED;
  bool finished = false;

 private:
  EventLoop& loop_;
};

class DnsChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // All servers share one port (the probes ask every authoritative
    // address on `authoritative_port`); retry if another process holds it
    // on one of the addresses.
    for (int attempt = 0; attempt < 20 && servers_.empty(); ++attempt) {
      auto first = FakeDnsServer::Start("127.0.0.1");
      ASSERT_TRUE(first.ok()) << first.status();
      const uint16_t port = (*first)->port();
      std::vector<std::unique_ptr<FakeDnsServer>> all;
      all.push_back(*std::move(first));
      for (const char* ip :
           {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"}) {
        auto s = FakeDnsServer::Start(ip, port);
        if (!s.ok()) break;
        all.push_back(*std::move(s));
      }
      if (all.size() == 5) servers_ = std::move(all);
    }
    ASSERT_EQ(servers_.size(), 5u);
    for (auto& s : servers_)
      s->SetDefault({.rcode = 0, .authoritative = false});
    ProgramDelegation();
  }

  FakeDnsServer& recursive() { return *servers_[0]; }
  FakeDnsServer& tld() { return *servers_[1]; }
  FakeDnsServer& ns1() { return *servers_[2]; }
  FakeDnsServer& ns2() { return *servers_[3]; }
  FakeDnsServer& panel() { return *servers_[4]; }
  uint16_t port() const { return servers_[0]->port(); }

  void ProgramDelegation() {
    const std::string d = kDomain;
    // The recursive resolver: the parent zone and the names of servers.
    recursive().Set(
        "test", DnsType::kNs,
        {.authoritative = false,
         .answers = {{"test.", DnsType::kNs, 3600, "ns.tld.test."}}});
    recursive().Set(
        "ns.tld.test", DnsType::kA,
        {.answers = {{"ns.tld.test.", DnsType::kA, 3600, "127.0.0.2"}}});
    recursive().Set(
        d, DnsType::kNs,
        {.answers = {{d + ".", DnsType::kNs, 3600, "ns1.contoso.test."},
                     {d + ".", DnsType::kNs, 3600, "ns2.contoso.test."}}});
    recursive().Set(
        "ns1.contoso.test", DnsType::kA,
        {.answers = {{"ns1.contoso.test.", DnsType::kA, 3600, "127.0.0.3"}}});
    recursive().Set(
        "ns2.contoso.test", DnsType::kA,
        {.answers = {{"ns2.contoso.test.", DnsType::kA, 3600, "127.0.0.4"}}});
    recursive().Set("contoso-test.mail.protection.outlook.com", DnsType::kA,
                    {.answers = {{"contoso-test.mail.protection.outlook.com.",
                                  DnsType::kA, 10, "40.107.1.1"}}});
    // The TLD refers (AA=0, NS in the authority section).
    tld().Set(
        d, DnsType::kNs,
        {.authoritative = false,
         .authority = {{d + ".", DnsType::kNs, 86400, "ns1.contoso.test."},
                       {d + ".", DnsType::kNs, 86400, "ns2.contoso.test."}}});
  }

  // A zone server serving `serial` and `mx`.
  void Zone(FakeDnsServer& s, uint32_t serial, const std::string& mx) {
    const std::string d = kDomain;
    s.SetDefault({.rcode = 0,
                  .authoritative = true,
                  .authority = {{d + ".", DnsType::kSoa, 3600, Soa(serial)}}});
    s.Set(d, DnsType::kSoa,
          {.answers = {{d + ".", DnsType::kSoa, 3600, Soa(serial)}}});
    s.Set(d, DnsType::kNs,
          {.answers = {{d + ".", DnsType::kNs, 3600, "ns1.contoso.test."},
                       {d + ".", DnsType::kNs, 3600, "ns2.contoso.test."}}});
    s.Set(d, DnsType::kMx, {.answers = {{d + ".", DnsType::kMx, 3600, mx}}});
  }
  void Silent(FakeDnsServer& s) { s.SetDefault({.fault = Fault::kNoReply}); }
  void RecursiveMx(FakeDnsServer& s, const std::string& mx, uint32_t ttl) {
    s.Set(kDomain, DnsType::kMx,
          {.authoritative = false,
           .answers = {{std::string(kDomain) + ".", DnsType::kMx, ttl, mx}}});
  }

  // Runs one diagnosis to its end (or a 60 s safety deadline).
  Sink Run(absl::Duration budget = absl::Seconds(20),
           absl::Duration query_timeout = absl::Milliseconds(400)) {
    EventLoopPtr loop = NewEpollEventLoop();
    absl::StatusOr<EgressPolicy> egress = EgressPolicy::Create({"127.0.0.0/8"});
    EXPECT_TRUE(egress.ok());
    ResolverOptions ro;
    ro.recursive_servers = {recursive().address()};
    ro.query_timeout = query_timeout;
    ro.tries = 2;
    auto resolver = NewAresResolver(*loop, *egress, ro);
    EXPECT_TRUE(resolver.ok()) << resolver.status();
    ResolverOptions po;
    po.recursive_servers = {panel().address()};
    po.query_timeout = query_timeout;
    auto panel_resolver = NewAresResolver(*loop, *egress, po);
    EXPECT_TRUE(panel_resolver.ok()) << panel_resolver.status();
    JobEnvironment env;
    env.loop = loop.get();
    env.resolver = resolver->get();
    env.panel = {panel_resolver->get()};
    env.probe.authoritative_port = port();
    env.probe.panel_resolvers = {panel().address()};
    env.probe.panel_query_timeout = query_timeout;
    auto lease = std::make_shared<JobLease>();
    lease->job_id = "job";
    lease->attempt = 1;
    lease->spec.set_domain(kDomain);
    lease->spec.mutable_probe_options()->mutable_time_budget()->set_seconds(
        absl::ToInt64Seconds(budget));
    Sink sink(*loop);
    std::unique_ptr<DiagnosisJob> job;
    loop->Post([&] {
      job = std::make_unique<DiagnosisJob>(lease, env, sink);
      job->Start();
    });
    // Safety net: a broken job fails the test instead of hanging it.
    loop->AddTimer(absl::Seconds(60), [&] { loop->Stop(); });
    started_ = absl::Now();
    loop->Run();
    elapsed_ = absl::Now() - started_;
    EXPECT_TRUE(sink.finished) << "the diagnosis did not finish";
    job.reset();
    return sink;
  }

  std::vector<std::unique_ptr<FakeDnsServer>> servers_;
  absl::Time started_;
  absl::Duration elapsed_;
};

TEST_F(DnsChecksTest, HealthyZonePassesTheZoneChecks) {
  Zone(ns1(), 7, kExo);
  Zone(ns2(), 7, kExo);
  RecursiveMx(recursive(), kExo, 3600);
  RecursiveMx(panel(), kExo, 3600);
  Sink s = Run();
  EXPECT_EQ(s.results.size(), AllChecks().size());
  for (const char* id :
       {"dns.auth.reachable", "dns.soa.serial_consistency",
        "dns.rrset.auth_consistency", "dns.ns.delegation_match",
        "dns.propagation.recursive", "dns.mx.ip_in_eop"}) {
    EXPECT_EQ(s.results[id].status(), v1::PASS)
        << id << ": " << s.results[id].ShortDebugString();
  }
  EXPECT_EQ(s.verdict.causes(0).cause(), v1::HEALTHY)
      << s.verdict.ShortDebugString();
}

TEST_F(DnsChecksTest, LameServerIsNamed) {
  Zone(ns1(), 7, kExo);
  Silent(ns2());
  RecursiveMx(recursive(), kExo, 3600);
  RecursiveMx(panel(), kExo, 3600);
  Sink s = Run();
  const v1::CheckResult& r = s.results["dns.auth.reachable"];
  EXPECT_EQ(r.status(), v1::FAIL) << r.ShortDebugString();
  EXPECT_THAT(r.message(), HasSubstr("ns2.contoso.test (127.0.0.4)"));
  EXPECT_EQ(s.verdict.causes(0).cause(), v1::DNS_LAME_DELEGATION);
}

TEST_F(DnsChecksTest, SplitSerialsNameServersAndSerials) {
  Zone(ns1(), 2024060102, kExo);
  Zone(ns2(), 2024053001, kOld);
  RecursiveMx(recursive(), kOld, 3600);
  RecursiveMx(panel(), kOld, 3600);
  Sink s = Run();
  const v1::CheckResult& soa = s.results["dns.soa.serial_consistency"];
  EXPECT_EQ(soa.status(), v1::FAIL) << soa.ShortDebugString();
  EXPECT_THAT(soa.message(),
              HasSubstr("ns2.contoso.test (127.0.0.4): 2024053001"));
  EXPECT_THAT(soa.message(),
              HasSubstr("ns1.contoso.test (127.0.0.3): 2024060102"));
  EXPECT_EQ(s.verdict.causes(0).cause(), v1::DNS_INCONSISTENT_AUTHORITATIVE)
      << s.verdict.ShortDebugString();
}

TEST_F(DnsChecksTest, PropagationGivesAnEta) {
  const uint32_t serial =
      static_cast<uint32_t>(absl::ToUnixSeconds(absl::Now() - absl::Hours(2)));
  Zone(ns1(), serial, kExo);
  Zone(ns2(), serial, kExo);
  RecursiveMx(recursive(), kExo, 3600);
  RecursiveMx(panel(), kOld, 64800);
  const absl::Time before = absl::Now();
  Sink s = Run();
  const v1::CheckResult& r = s.results["dns.propagation.recursive"];
  EXPECT_EQ(r.status(), v1::WARN) << r.ShortDebugString();
  EXPECT_EQ(r.cause(), v1::DNS_PROPAGATION);
  // now + 64800 s, to the minute, shown as UTC.
  const std::string lo = FormatUtc(before + absl::Seconds(64800));
  const std::string hi = FormatUtc(absl::Now() + absl::Seconds(64800));
  const std::string eta = r.message_args().at("eta");
  EXPECT_TRUE(eta == lo || eta == hi) << eta;
  EXPECT_THAT(r.message(), HasSubstr(eta));
  EXPECT_THAT(r.message(), HasSubstr("127.0.0.5"));
  EXPECT_EQ(s.verdict.causes(0).cause(), v1::DNS_PROPAGATION);
  EXPECT_THAT(s.verdict.causes(0).explanation(), HasSubstr(eta));
}

TEST_F(DnsChecksTest, AllServersDeadFinishesInsideTheBudgetNamingThem) {
  Silent(ns1());
  Silent(ns2());
  // What a real resolver says when no authoritative server answers.
  recursive().Set(kDomain, DnsType::kMx, {.rcode = 2, .authoritative = false});
  panel().SetDefault({.rcode = 2, .authoritative = false});
  Sink s = Run(absl::Seconds(20));
  EXPECT_LT(elapsed_, absl::Seconds(20));
  EXPECT_FALSE(absl::StrContains(s.verdict.summary(), "time budget"));
  const v1::CheckResult& r = s.results["dns.auth.reachable"];
  EXPECT_EQ(r.status(), v1::INCONCLUSIVE) << r.ShortDebugString();
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr(ns1().address()));
  EXPECT_THAT(r.inconclusive_reason(), HasSubstr(ns2().address()));
  EXPECT_EQ(s.results["dns.mx.present"].status(), v1::INCONCLUSIVE);
  EXPECT_EQ(s.verdict.causes(0).cause(), v1::UNKNOWN);
}

// A *.mx.microsoft target that one panel resolver fails on (SERVFAIL, what a
// validator answers for a bogus name) while the main resolver answers it:
// the probe asks every panel resolver for the target's A, and the DNSSEC
// check reads that as bogus.
TEST_F(DnsChecksTest, BogusDaneTargetFailsTheDnssecCheck) {
  const std::string dane = "10 contoso-test.e-v1.mx.microsoft.";
  const std::string target = "contoso-test.e-v1.mx.microsoft";
  Zone(ns1(), 7, dane);
  Zone(ns2(), 7, dane);
  RecursiveMx(recursive(), dane, 3600);
  RecursiveMx(panel(), dane, 3600);
  recursive().Set(target, DnsType::kA,
                  {.authoritative = false,
                   .answers = {{target + ".", DnsType::kA, 10, "40.93.1.1"}}});
  panel().Set(target, DnsType::kA, {.rcode = 2, .authoritative = false});
  Sink s = Run();
  const v1::CheckResult& r = s.results["dns.dnssec.mx_microsoft"];
  EXPECT_EQ(r.status(), v1::FAIL) << r.ShortDebugString();
  bool asked = false;
  for (const FakeDnsServer::Received& q : panel().received()) {
    asked = asked || (q.qname == target + "." && q.qtype == 1);
  }
  EXPECT_TRUE(asked) << "the panel resolver was not asked for the target's A";
}

TEST_F(DnsChecksTest, BudgetShorterThanTheTimeoutsStillFinishes) {
  Silent(ns1());
  Silent(ns2());
  recursive().Set(kDomain, DnsType::kMx, {.rcode = 2, .authoritative = false});
  Sink s = Run(absl::Seconds(1), absl::Seconds(2));
  EXPECT_TRUE(s.verdict.partial());
  EXPECT_EQ(s.results.size(), AllChecks().size());
  EXPECT_EQ(s.results["dns.auth.reachable"].status(), v1::INCONCLUSIVE);
}

}  // namespace
}  // namespace ndrdiag
