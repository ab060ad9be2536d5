// Workers that freeze, are cancelled while waiting on DNS, or stop: the
// lease protocol seen from real workers (the ndrdiag-worker binary and the
// runtime in-process) against a real redis-server and the fake DNS server,
// whose delayed answers keep an attempt busy for as long as a test needs.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/job_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/fake_dns_server.h"
#include "tests/support/redis_server.h"
#include "workers/runtime/worker_runtime.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using v1::Diagnosis;

constexpr char kOwner[] = "tester";

// A child process (the real worker binary) with its stderr in a file.
class Child {
 public:
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  absl::Status Spawn(std::vector<std::string> args, const std::string& log) {
    log_ = log;
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ < 0) return absl::InternalError("fork failed");
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    return absl::OkStatus();
  }
  void Signal(int sig) { kill(pid_, sig); }
  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Waits until the log contains `text`; false after `deadline`.
  bool AwaitLog(const std::string& text, absl::Duration deadline) const {
    const absl::Time give_up = absl::Now() + deadline;
    while (absl::Now() < give_up) {
      if (absl::StrContains(Log(), text)) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }
  // The exit status, or -1 if it did not exit within `deadline`.
  int AwaitExit(absl::Duration deadline) {
    const absl::Time give_up = absl::Now() + deadline;
    while (absl::Now() < give_up) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  std::string log_;
};

class WorkerCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok()) << redis_.Log();
    auto dns = FakeDnsServer::Start("127.0.0.1");
    ASSERT_TRUE(dns.ok()) << dns.status();
    dns_ = *std::move(dns);
    dns_->SetDefault({.rcode = 0, .authoritative = true});
    conn_ =
        std::make_unique<RedisConnection>(redis_.endpoint(), RedisOptions{});
    store_ = std::make_unique<JobStore>(*conn_, JobStoreOptions{});
  }

  void TearDown() override {
    for (auto& w : workers_) w.runtime->RequestStop();
    for (auto& w : workers_) w.thread.join();
  }

  // A zone whose MX answer comes after `delay` (NS and the rest at once).
  void SlowZone(const std::string& domain, absl::Duration delay) {
    const std::string mx = "0 " + domain + ".mail.protection.outlook.com.";
    dns_->Set(
        domain, DnsType::kMx,
        {.answers = {{domain + ".", DnsType::kMx, 300, mx}},
         .fault = delay > absl::ZeroDuration() ? FakeDnsServer::Fault::kDelay
                                               : FakeDnsServer::Fault::kNone,
         .delay = delay});
  }

  WorkerOptions Options(const std::string& consumer, absl::Duration lease) {
    WorkerOptions o;
    o.smtp_probe = false;  // durability, not probing
    o.redis_url = redis_.url();
    o.store.lease = lease;
    o.concurrency = 4;
    o.resolver.recursive_servers = {dns_->address()};
    o.resolver.query_timeout = absl::Seconds(100);
    o.resolver.tries = 1;
    o.allow_cidrs = {"127.0.0.0/8"};
    o.consumer = consumer;
    o.grace_period = absl::Milliseconds(300);
    o.probe.authoritative_port = dns_->port();
    o.fetch_block = absl::Milliseconds(100);
    o.max_time_budget = absl::Seconds(110);
    return o;
  }

  struct InProcess {
    std::unique_ptr<WorkerRuntime> runtime;
    std::thread thread;
  };
  WorkerRuntime* StartInProcess(WorkerOptions options) {
    auto runtime = WorkerRuntime::Create(std::move(options));
    EXPECT_TRUE(runtime.ok()) << runtime.status();
    if (!runtime.ok()) return nullptr;
    workers_.push_back({*std::move(runtime), std::thread()});
    WorkerRuntime* r = workers_.back().runtime.get();
    workers_.back().thread = std::thread([r] { r->Run(); });
    return r;
  }
  void StopInProcess(WorkerRuntime* r) {
    for (auto it = workers_.begin(); it != workers_.end(); ++it) {
      if (it->runtime.get() != r) continue;
      r->RequestStop();
      it->thread.join();
      workers_.erase(it);
      return;
    }
  }

  std::string Submit(const std::string& domain, absl::Duration budget) {
    v1::DiagnosisSpec spec;
    spec.set_domain(domain);
    spec.set_locale("en");
    spec.mutable_probe_options()->mutable_time_budget()->set_seconds(
        absl::ToInt64Seconds(budget));
    auto created = store_->Create(kOwner, "", spec, absl::Now());
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return "";
    return *JobStore::ParseName(created->diagnosis.name(), "name");
  }

  std::vector<StoredEvent> Events(const std::string& id) {
    auto events = store_->ReadEvents(id, "", 10000);
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<StoredEvent>{};
  }

  // Waits until `id` has a check_started event of `attempt`.
  bool AwaitRunning(const std::string& id, int attempt,
                    absl::Duration deadline = absl::Seconds(30)) {
    const absl::Time give_up = absl::Now() + deadline;
    while (absl::Now() < give_up) {
      for (const StoredEvent& e : Events(id)) {
        if (e.event.has_check_started() && e.event.attempt() == attempt) {
          return true;
        }
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }

  std::vector<StoredEvent> AwaitEnd(const std::string& id,
                                    absl::Duration deadline) {
    const absl::Time give_up = absl::Now() + deadline;
    std::vector<StoredEvent> events;
    while (absl::Now() < give_up) {
      events = Events(id);
      if (!events.empty() && events.back().terminal) return events;
      absl::SleepFor(absl::Milliseconds(50));
    }
    ADD_FAILURE() << "job " << id << " did not end within "
                  << absl::FormatDuration(deadline);
    return events;
  }

  std::string HashField(const std::string& id, const std::string& field) {
    auto r = conn_->Command({"HGET", "ndrdiag:job:" + id, field});
    return r.ok() ? r->str : "";
  }

  TestRedisServer redis_;
  std::unique_ptr<FakeDnsServer> dns_;
  std::unique_ptr<RedisConnection> conn_;
  std::unique_ptr<JobStore> store_;
  std::vector<InProcess> workers_;
};

TEST_F(WorkerCrashTest, FrozenWorkerCannotPublishAfterItsLeaseWasTakenOver) {
  // Attempt 1's MX answer comes late, so it is mid-way when frozen.
  SlowZone("frozen.test", absl::Seconds(3));
  const std::string dir = redis_.dir();
  Child frozen;
  ASSERT_TRUE(frozen
                  .Spawn({NDRDIAG_BINARY_DIR "/bin/ndrdiag-worker", "--redis",
                          redis_.url(), "--resolver", dns_->address(),
                          "--allow-cidr", "127.0.0.0/8", "--consumer",
                          "frozen-worker", "--lease", "1s", "--grace-period",
                          "1s", "--query-timeout", "100s", "--query-tries", "1",
                          "--authoritative-port", absl::StrCat(dns_->port()),
                          // No fixed ports: tests run side by side.
                          "--metrics-listen", "", "--health-listen", ""},
                         dir + "/frozen-worker.log")
                  .ok());
  const std::string id = Submit("frozen.test", absl::Seconds(60));
  ASSERT_TRUE(AwaitRunning(id, 1)) << frozen.Log();
  frozen.Signal(SIGSTOP);

  // Another worker takes the job over once the lease has expired, and
  // finishes it (its own MX answer also takes 3 s).
  StartInProcess(Options("rescuer", absl::Seconds(1)));
  std::vector<StoredEvent> events = AwaitEnd(id, absl::Seconds(60));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().event.attempt(), 2);
  EXPECT_EQ(events.back().event.state_change().state(), Diagnosis::SUCCEEDED);
  EXPECT_EQ(HashField(id, "attempt.1.end"),
            "lease expired on worker frozen-worker");

  // Thawed, the frozen worker gets its answer and tries to go on: it is
  // fenced, and publishes nothing.
  frozen.Signal(SIGCONT);
  EXPECT_TRUE(frozen.AwaitLog("fenced", absl::Seconds(30))) << frozen.Log();
  frozen.Signal(SIGTERM);
  EXPECT_EQ(frozen.AwaitExit(absl::Seconds(30)), 0) << frozen.Log();

  std::vector<StoredEvent> after = Events(id);
  EXPECT_EQ(after.size(), events.size());
  int terminals = 0, verdicts = 0;
  bool attempt2_seen = false;
  for (const StoredEvent& e : after) {
    terminals += e.terminal;
    if (e.event.has_verdict()) {
      ++verdicts;
      EXPECT_EQ(e.event.attempt(), 2);
    }
    if (e.event.attempt() == 2) attempt2_seen = true;
    if (attempt2_seen) {
      EXPECT_EQ(e.event.attempt(), 2) << "attempt 1 wrote after the takeover: "
                                      << e.event.ShortDebugString();
    }
  }
  EXPECT_EQ(terminals, 1);
  EXPECT_EQ(verdicts, 1);
  auto d = store_->Get(kOwner, id, false);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->attempt(), 2);
  EXPECT_EQ(d->state(), Diagnosis::SUCCEEDED);
}

TEST_F(WorkerCrashTest, CancelWhileWaitingOnDnsIsSeenWithinAHeartbeat) {
  // The MX answer would take far longer than the test waits: only a
  // heartbeat can tell the job about the cancel.
  SlowZone("stuck.test", absl::Seconds(90));
  StartInProcess(Options("w1", absl::Milliseconds(1500)));
  const std::string id = Submit("stuck.test", absl::Seconds(100));
  ASSERT_TRUE(AwaitRunning(id, 1));
  auto cancelled = store_->Cancel(kOwner, id, absl::Now());
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->state(), Diagnosis::RUNNING);

  std::vector<StoredEvent> events = AwaitEnd(id, absl::Seconds(20));
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.back().event.state_change().state(), Diagnosis::CANCELLED);
  EXPECT_EQ(events.back().event.attempt(), 1);
  const v1::DiagnosisEvent& verdict = events[events.size() - 2].event;
  ASSERT_TRUE(verdict.has_verdict());
  EXPECT_TRUE(verdict.verdict().partial());
  auto d = store_->Get(kOwner, id, true);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->state(), Diagnosis::CANCELLED);
  EXPECT_EQ(HashField(id, "attempt.1.end"),
            "CANCELLED: cancelled by the caller");
}

TEST_F(WorkerCrashTest, StoppingWorkerHandsBackWhatItCannotFinish) {
  SlowZone("long.test", absl::Seconds(90));
  // A lease far longer than the test waits: only the hand-back lets the
  // second worker take the job over in time.
  const absl::Duration lease = absl::Seconds(120);
  WorkerRuntime* first = StartInProcess(Options("first", lease));
  const std::string id = Submit("long.test", absl::Seconds(100));
  ASSERT_TRUE(AwaitRunning(id, 1));
  StopInProcess(first);  // grace period 300 ms, then hand back

  EXPECT_EQ(HashField(id, "attempt.1.end"),
            "handed back by worker first at shutdown");
  auto pending =
      conn_->Command({"XPENDING", "ndrdiag:jobs", "workers", "-", "+", "10"});
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->elements.size(), 1u);
  EXPECT_GE(pending->elements[0].elements[2].integer,
            absl::ToInt64Milliseconds(lease));

  SlowZone("long.test", absl::ZeroDuration());
  StartInProcess(Options("second", lease));
  std::vector<StoredEvent> events = AwaitEnd(id, absl::Seconds(30));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().event.state_change().state(), Diagnosis::SUCCEEDED);
  EXPECT_EQ(events.back().event.attempt(), 2);
  EXPECT_EQ(HashField(id, "handbacks"), "1");
}

}  // namespace
}  // namespace ndrdiag
