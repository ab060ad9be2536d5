// The frontend in-process on a free port, a real redis-server, and a
// generated gRPC stub as the client. The worker is simulated with JobStore
// (Fetch/Start/Append/Finish), so these tests prove what the API promises
// without DNS in the way.
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/job_store.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ndrdiag/v1/diagnosis_service.grpc.pb.h"
#include "service/frontend.h"
#include "tests/support/grpc_health.h"
#include "tests/support/redis_server.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using v1::Diagnosis;
using v1::DiagnosisEvent;

constexpr absl::Duration kDeadline = absl::Seconds(30);

std::chrono::system_clock::time_point DeadlineIn(absl::Duration d) {
  return absl::ToChronoTime(absl::Now() + d);
}

// The events of one stream message.
void AppendEvents(const DiagnosisEvent& e, std::vector<DiagnosisEvent>& out) {
  out.push_back(e);
}
void AppendEvents(const v1::DiagnosisEventBatch& b,
                  std::vector<DiagnosisEvent>& out) {
  out.insert(out.end(), b.events().begin(), b.events().end());
}

// A WatchDiagnosis or RunDiagnosis call (Message = DiagnosisEvent) or one of
// their *Batched forms (Message = DiagnosisEventBatch) on gRPC's callback
// API, so that a test can hold hundreds open without a thread each.
template <typename Message>
class BasicStreamCall : public grpc::ClientReadReactor<Message> {
 public:
  static constexpr bool kBatched =
      std::is_same_v<Message, v1::DiagnosisEventBatch>;

  explicit BasicStreamCall(const std::string& owner) {
    if (!owner.empty()) context_.AddMetadata("x-ndrdiag-owner", owner);
    context_.set_deadline(DeadlineIn(absl::Seconds(120)));
  }
  void StartWatch(v1::DiagnosisService::Stub& stub, const std::string& name,
                  const std::string& after = "") {
    watch_.set_name(name);
    watch_.set_after_event_id(after);
    if constexpr (kBatched) {
      stub.async()->WatchDiagnosisBatched(&context_, &watch_, this);
    } else {
      stub.async()->WatchDiagnosis(&context_, &watch_, this);
    }
    Begin();
  }
  void StartRun(v1::DiagnosisService::Stub& stub,
                const v1::DiagnosisSpec& spec) {
    *run_.mutable_spec() = spec;
    if constexpr (kBatched) {
      stub.async()->RunDiagnosisBatched(&context_, &run_, this);
    } else {
      stub.async()->RunDiagnosis(&context_, &run_, this);
    }
    Begin();
  }
  // A test that fails early must not leave the call running on a dead
  // reactor.
  ~BasicStreamCall() override {
    context_.TryCancel();
    WaitDone();
  }
  void Cancel() { context_.TryCancel(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    {
      absl::MutexLock lock(&mu_);
      AppendEvents(incoming_, events_);
      ++messages_;
    }
    this->StartRead(&incoming_);
  }
  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }

  bool WaitForEvents(size_t n) {
    absl::MutexLock lock(&mu_);
    want_ = n;
    return mu_.AwaitWithTimeout(
        absl::Condition(this, &BasicStreamCall::HasWanted), kDeadline);
  }
  bool WaitDone() {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&done_), kDeadline);
  }
  std::vector<DiagnosisEvent> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  std::vector<std::string> ids() {
    std::vector<std::string> out;
    for (const DiagnosisEvent& e : events()) out.push_back(e.event_id());
    return out;
  }
  grpc::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }
  // Stream messages received (events, or batches of them).
  int messages() {
    absl::MutexLock lock(&mu_);
    return messages_;
  }

 private:
  void Begin() {
    this->StartRead(&incoming_);
    this->StartCall();
  }
  bool HasWanted() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return events_.size() >= want_ || done_;
  }

  grpc::ClientContext context_;
  v1::WatchDiagnosisRequest watch_;
  v1::RunDiagnosisRequest run_;
  Message incoming_;
  mutable absl::Mutex mu_;
  std::vector<DiagnosisEvent> events_ ABSL_GUARDED_BY(mu_);
  int messages_ ABSL_GUARDED_BY(mu_) = 0;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  size_t want_ ABSL_GUARDED_BY(mu_) = 0;
};
using StreamCall = BasicStreamCall<DiagnosisEvent>;
using BatchedStreamCall = BasicStreamCall<v1::DiagnosisEventBatch>;

int ProcessThreads() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    int n = 0;
    if (absl::StartsWith(line, "Threads:") &&
        absl::SimpleAtoi(line.substr(8), &n)) {
      return n;
    }
  }
  return -1;
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    FrontendOptions options;
    options.listen = "127.0.0.1:0";
    options.redis_url = redis_.url();
    options.store_threads = 4;
    options.redis.max_backoff = absl::Milliseconds(200);
    options.health_interval = absl::Milliseconds(100);
    options.shutdown_grace = absl::Seconds(2);
    absl::StatusOr<FrontendPtr> frontend = Frontend::Start(options);
    ASSERT_TRUE(frontend.ok()) << frontend.status();
    frontend_ = *std::move(frontend);
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", frontend_->port()),
                            grpc::InsecureChannelCredentials());
    stub_ = v1::DiagnosisService::NewStub(channel_);

    RedisOptions fast;
    fast.max_backoff = absl::Milliseconds(200);
    worker_conn_ = std::make_unique<RedisConnection>(redis_.endpoint(), fast);
    worker_ = std::make_unique<JobStore>(*worker_conn_, worker_options_);
    ASSERT_TRUE(worker_->EnsureGroup().ok());
  }

  void TearDown() override {
    if (frontend_ != nullptr) frontend_->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> Context(
      const std::string& owner = "alice", absl::Duration deadline = kDeadline) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!owner.empty()) context->AddMetadata("x-ndrdiag-owner", owner);
    context->set_deadline(DeadlineIn(deadline));
    return context;
  }

  grpc::Status Create(const std::string& domain, Diagnosis* out,
                      const std::string& owner = "alice",
                      const std::string& request_id = "",
                      absl::Duration deadline = kDeadline) {
    v1::CreateDiagnosisRequest request;
    request.set_request_id(request_id);
    request.mutable_spec()->set_domain(domain);
    return stub_->CreateDiagnosis(Context(owner, deadline).get(), request, out);
  }

  Diagnosis MustCreate(const std::string& domain = "contoso.com",
                       const std::string& owner = "alice") {
    Diagnosis d;
    grpc::Status s = Create(domain, &d, owner);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return d;
  }

  grpc::Status Get(const std::string& name, Diagnosis* out,
                   const std::string& owner = "alice") {
    v1::GetDiagnosisRequest request;
    request.set_name(name);
    return stub_->GetDiagnosis(Context(owner).get(), request, out);
  }

  // The health status of `service` (1 SERVING, 2 NOT_SERVING), or -1.
  int Health(const std::string& service) {
    return CheckGrpcHealth(channel_, service);
  }

  bool WaitForHealth(int want) {
    const absl::Time end = absl::Now() + kDeadline;
    while (absl::Now() < end) {
      if (Health("") == want && Health("ndrdiag.v1.DiagnosisService") == want) {
        return true;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  // Takes `job_id` out of the queue and starts it, like a worker would; jobs
  // queued before it are started on the way and kept for later calls.
  JobLease StartJob(const std::string& job_id) {
    for (int round = 0; round < 200; ++round) {
      auto it = leases_.find(job_id);
      if (it != leases_.end()) return it->second;
      absl::StatusOr<std::vector<QueueEntry>> entries =
          worker_->Fetch("w1", 100, absl::Milliseconds(100));
      if (!entries.ok()) {
        absl::SleepFor(absl::Milliseconds(50));
        continue;
      }
      for (const QueueEntry& entry : *entries) {
        absl::StatusOr<std::optional<JobLease>> lease =
            worker_->Start(entry, "worker-1", absl::Now());
        EXPECT_TRUE(lease.ok()) << lease.status();
        if (lease.ok() && lease->has_value()) leases_[entry.job_id] = **lease;
      }
    }
    ADD_FAILURE() << "job " << job_id << " never came out of the queue";
    return {};
  }

  void AppendCheck(const JobLease& lease, const std::string& check_id) {
    DiagnosisEvent started;
    started.mutable_check_started()->add_check_ids(check_id);
    ASSERT_TRUE(worker_->Append(lease, started, absl::Now()).ok());
    DiagnosisEvent result;
    result.mutable_check_result()->set_check_id(check_id);
    result.mutable_check_result()->set_status(v1::PASS);
    ASSERT_TRUE(worker_->Append(lease, result, absl::Now()).ok());
  }

  void Succeed(const JobLease& lease) {
    v1::Verdict verdict;
    verdict.add_causes()->set_cause(v1::HEALTHY);
    verdict.set_summary("healthy");
    ASSERT_TRUE(
        worker_->Finish(lease, Diagnosis::SUCCEEDED, &verdict, "", absl::Now())
            .ok());
  }

  // Runs a whole job: start, two checks, verdict.
  void RunJob(const std::string& job_id) {
    const JobLease lease = StartJob(job_id);
    AppendCheck(lease, "dns.mx.present");
    AppendCheck(lease, "dns.mx.single_record");
    Succeed(lease);
  }

  std::vector<std::string> StoredIds(const std::string& job_id) {
    absl::StatusOr<std::vector<StoredEvent>> events =
        worker_->ReadEvents(job_id, "", 10000);
    EXPECT_TRUE(events.ok()) << events.status();
    std::vector<std::string> ids;
    if (events.ok()) {
      for (const StoredEvent& e : *events) ids.push_back(e.id);
    }
    return ids;
  }

  static std::string IdOf(const Diagnosis& d) {
    return d.name().substr(std::string("diagnoses/").size());
  }

  TestRedisServer redis_;
  FrontendPtr frontend_;
  struct GenericCallResult {
    grpc::Status status;
    std::vector<std::string> responses;
  };
  // Calls `method` through a generic stub, as a client with other message
  // types would: sends `request` as is, half-closes and reads every response.
  GenericCallResult GenericCall(const std::string& method,
                                const std::string& request) {
    GenericCallResult out;
    grpc::CompletionQueue cq;
    grpc::GenericStub generic(channel_);
    grpc::ClientContext context;
    context.set_deadline(DeadlineIn(absl::Seconds(10)));
    std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
        generic.PrepareCall(&context, method, &cq);
    // Each step completes before the next starts; returns its `ok`.
    auto step = [&cq](int tag) {
      void* got = nullptr;
      bool ok = false;
      const auto result =
          cq.AsyncNext(&got, &ok, DeadlineIn(absl::Seconds(10)));
      return result == grpc::CompletionQueue::GOT_EVENT &&
             got == reinterpret_cast<void*>(tag) && ok;
    };
    call->StartCall(reinterpret_cast<void*>(1));
    EXPECT_TRUE(step(1));
    grpc::Slice slice(request);
    call->Write(grpc::ByteBuffer(&slice, 1), reinterpret_cast<void*>(2));
    step(2);  // fails when the server has already ended the call
    call->WritesDone(reinterpret_cast<void*>(3));
    step(3);
    for (;;) {
      grpc::ByteBuffer response;
      call->Read(&response, reinterpret_cast<void*>(4));
      if (!step(4)) break;
      std::vector<grpc::Slice> slices;
      EXPECT_TRUE(response.Dump(&slices).ok());
      std::string& bytes = out.responses.emplace_back();
      for (const grpc::Slice& s : slices) {
        bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
    call->Finish(&out.status, reinterpret_cast<void*>(5));
    EXPECT_TRUE(step(5));
    cq.Shutdown();
    void* ignored;
    bool ok;
    while (cq.Next(&ignored, &ok)) {
    }
    return out;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::DiagnosisService::Stub> stub_;
  std::unique_ptr<RedisConnection> worker_conn_;
  JobStoreOptions worker_options_;  // JobStore keeps a reference
  std::unique_ptr<JobStore> worker_;
  std::map<std::string, JobLease> leases_;
};

TEST_F(ServiceTest, CreateQueuesANormalisedDiagnosis) {
  Diagnosis d;
  grpc::Status s = Create("Bücher.Example.", &d);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(d.name(), StartsWith("diagnoses/"));
  EXPECT_EQ(d.state(), Diagnosis::QUEUED);
  EXPECT_EQ(d.spec().domain(), "xn--bcher-kva.example");
  EXPECT_EQ(d.spec().locale(), "en");
  EXPECT_EQ(d.spec().probe_options().time_budget().seconds(), 20);
  EXPECT_GT(d.create_time().seconds(), 0);
}

TEST_F(ServiceTest, RetryWithTheSameRequestIdReturnsTheSameDiagnosis) {
  Diagnosis first, again, other;
  ASSERT_TRUE(Create("contoso.com", &first, "alice", "req-1").ok());
  ASSERT_TRUE(Create("contoso.com", &again, "alice", "req-1").ok());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(again.request_id(), "req-1");
  ASSERT_TRUE(Create("contoso.com", &other, "bob", "req-1").ok());
  EXPECT_NE(other.name(), first.name());
}

TEST_F(ServiceTest, BadInputIsInvalidArgumentNamingTheField) {
  Diagnosis d;
  grpc::Status s = Create("contoso.com/path", &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("spec.domain: "));
  s = Create("1.2.3.4", &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("spec.domain: "));
  s = Create("contoso.com", &d, "not an owner!");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("x-ndrdiag-owner: "));

  v1::CreateDiagnosisRequest request;
  request.mutable_spec()->set_domain("contoso.com");
  request.mutable_spec()->set_locale("fr");
  s = stub_->CreateDiagnosis(Context().get(), request, &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("spec.locale: "));
}

TEST_F(ServiceTest, UnknownOrForeignDiagnosisIsNotFound) {
  Diagnosis d;
  grpc::Status s = Get("diagnoses/" + JobStore::NewJobId(), &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();

  const Diagnosis mine = MustCreate("contoso.com", "alice");
  ASSERT_TRUE(Get(mine.name(), &d, "alice").ok());
  EXPECT_EQ(d.name(), mine.name());
  EXPECT_EQ(Get(mine.name(), &d, "bob").error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(mine.name(), &d, "").error_code(),  // anonymous
            grpc::StatusCode::NOT_FOUND);

  v1::CancelDiagnosisRequest cancel;
  cancel.set_name(mine.name());
  EXPECT_EQ(
      stub_->CancelDiagnosis(Context("bob").get(), cancel, &d).error_code(),
      grpc::StatusCode::NOT_FOUND);

  StreamCall watch("bob");
  watch.StartWatch(*stub_, mine.name());
  ASSERT_TRUE(watch.WaitDone());
  EXPECT_EQ(watch.status().error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(watch.events().empty());

  EXPECT_EQ(Get("jobs/123", &d).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, ListPagesNewestFirst) {
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) created.push_back(MustCreate().name());
  MustCreate("contoso.com", "bob");  // someone else's
  std::vector<std::string> listed;
  std::string token;
  int pages = 0;
  do {
    v1::ListDiagnosesRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListDiagnosesResponse response;
    grpc::Status s = stub_->ListDiagnoses(Context().get(), request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_LE(response.diagnoses_size(), 2);
    for (const Diagnosis& d : response.diagnoses()) listed.push_back(d.name());
    token = response.next_page_token();
    ASSERT_LT(++pages, 10);
  } while (!token.empty());
  EXPECT_EQ(listed, std::vector<std::string>(created.rbegin(), created.rend()));

  v1::ListDiagnosesRequest bad;
  bad.set_filter("domain = contoso.com");
  v1::ListDiagnosesResponse response;
  grpc::Status s = stub_->ListDiagnoses(Context().get(), bad, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("filter: "));
}

TEST_F(ServiceTest, ListFiltersByState) {
  const Diagnosis queued = MustCreate();
  const Diagnosis cancelled = MustCreate();
  v1::CancelDiagnosisRequest cancel;
  cancel.set_name(cancelled.name());
  Diagnosis d;
  ASSERT_TRUE(stub_->CancelDiagnosis(Context().get(), cancel, &d).ok());
  v1::ListDiagnosesRequest request;
  request.set_filter("state = CANCELLED");
  v1::ListDiagnosesResponse response;
  ASSERT_TRUE(stub_->ListDiagnoses(Context().get(), request, &response).ok());
  ASSERT_EQ(response.diagnoses_size(), 1);
  EXPECT_EQ(response.diagnoses(0).name(), cancelled.name());
}

TEST_F(ServiceTest, CancelQueuedDiagnosis) {
  const Diagnosis d = MustCreate();
  v1::CancelDiagnosisRequest cancel;
  cancel.set_name(d.name());
  Diagnosis after;
  grpc::Status s = stub_->CancelDiagnosis(Context().get(), cancel, &after);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(after.state(), Diagnosis::CANCELLED);
  s = stub_->CancelDiagnosis(Context().get(), cancel, &after);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // A watch of a finished diagnosis replays it and ends.
  StreamCall watch("alice");
  watch.StartWatch(*stub_, d.name());
  ASSERT_TRUE(watch.WaitDone());
  EXPECT_TRUE(watch.status().ok()) << watch.status().error_message();
  EXPECT_EQ(watch.ids(), StoredIds(IdOf(d)));
  ASSERT_FALSE(watch.events().empty());
  EXPECT_TRUE(watch.events().back().terminal());
}

TEST_F(ServiceTest, WatchDeliversEveryEventOnceInOrderAndEnds) {
  const Diagnosis d = MustCreate();
  StreamCall watch("alice");
  watch.StartWatch(*stub_, d.name());
  ASSERT_TRUE(watch.WaitForEvents(2));  // accepted, QUEUED: live from here on
  RunJob(IdOf(d));
  ASSERT_TRUE(watch.WaitDone());
  EXPECT_TRUE(watch.status().ok()) << watch.status().error_message();

  const std::vector<std::string> stored = StoredIds(IdOf(d));
  ASSERT_EQ(stored.size(), 9u);  // accepted QUEUED RUNNING 2x2 verdict end
  EXPECT_EQ(watch.ids(), stored);
  const std::vector<DiagnosisEvent> events = watch.events();
  EXPECT_TRUE(events.front().has_accepted());
  EXPECT_EQ(events.front().accepted().diagnosis().name(), d.name());
  EXPECT_TRUE(events.back().terminal());
  EXPECT_EQ(events.back().state_change().state(), Diagnosis::SUCCEEDED);
  for (const DiagnosisEvent& e : events) EXPECT_EQ(e.diagnosis(), d.name());

  Diagnosis got;
  ASSERT_TRUE(Get(d.name(), &got).ok());
  EXPECT_EQ(got.state(), Diagnosis::SUCCEEDED);
  EXPECT_EQ(got.results_size(), 2);
}

TEST_F(ServiceTest, ResumeWithAfterEventIdGetsExactlyTheMissingEvents) {
  const Diagnosis d = MustCreate();
  const JobLease lease = StartJob(IdOf(d));
  AppendCheck(lease, "dns.mx.present");
  {
    StreamCall first("alice");
    first.StartWatch(*stub_, d.name());
    ASSERT_TRUE(first.WaitForEvents(3));
    first.Cancel();
    ASSERT_TRUE(first.WaitDone());
    EXPECT_EQ(first.status().error_code(), grpc::StatusCode::CANCELLED);
  }
  // The client saw the first three; more happen while it is away.
  const std::string last_seen = StoredIds(IdOf(d))[2];
  AppendCheck(lease, "dns.mx.single_record");
  StreamCall resumed("alice");
  resumed.StartWatch(*stub_, d.name(), last_seen);
  ASSERT_TRUE(resumed.WaitForEvents(4));
  Succeed(lease);
  ASSERT_TRUE(resumed.WaitDone());
  EXPECT_TRUE(resumed.status().ok()) << resumed.status().error_message();
  const std::vector<std::string> stored = StoredIds(IdOf(d));
  EXPECT_EQ(resumed.ids(),
            std::vector<std::string>(stored.begin() + 3, stored.end()));
}

// Regression: a client that saw the terminal event and resumes after it used
// to wait forever.
TEST_F(ServiceTest, ResumeAfterTheTerminalEventEndsAtOnce) {
  const Diagnosis d = MustCreate();
  const JobLease lease = StartJob(IdOf(d));
  Succeed(lease);
  const std::vector<std::string> stored = StoredIds(IdOf(d));
  StreamCall resumed("alice");
  resumed.StartWatch(*stub_, d.name(), stored.back());
  ASSERT_TRUE(resumed.WaitDone());
  EXPECT_TRUE(resumed.status().ok()) << resumed.status().error_message();
  EXPECT_TRUE(resumed.ids().empty());
}

TEST_F(ServiceTest, MalformedResumeTokenIsOutOfRange) {
  const Diagnosis d = MustCreate();
  for (const char* after : {"garbage", "12", "-", "1-2-3"}) {
    StreamCall watch("alice");
    watch.StartWatch(*stub_, d.name(), after);
    ASSERT_TRUE(watch.WaitDone());
    EXPECT_EQ(watch.status().error_code(), grpc::StatusCode::OUT_OF_RANGE)
        << after << ": " << watch.status().error_message();
  }
  // Existence and ownership are checked first.
  StreamCall unknown("alice");
  unknown.StartWatch(*stub_, "diagnoses/" + JobStore::NewJobId(), "garbage");
  ASSERT_TRUE(unknown.WaitDone());
  EXPECT_EQ(unknown.status().error_code(), grpc::StatusCode::NOT_FOUND);
  StreamCall foreign("bob");
  foreign.StartWatch(*stub_, d.name(), "garbage");
  ASSERT_TRUE(foreign.WaitDone());
  EXPECT_EQ(foreign.status().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServiceTest, RunDiagnosisCreatesAndStreamsFromAccepted) {
  v1::DiagnosisSpec spec;
  spec.set_domain("contoso.com");
  StreamCall run("alice");
  run.StartRun(*stub_, spec);
  ASSERT_TRUE(run.WaitForEvents(1));
  const DiagnosisEvent first = run.events().front();
  ASSERT_TRUE(first.has_accepted());
  const std::string name = first.accepted().diagnosis().name();
  EXPECT_EQ(first.accepted().diagnosis().spec().domain(), "contoso.com");
  RunJob(IdOf(first.accepted().diagnosis()));
  ASSERT_TRUE(run.WaitDone());
  EXPECT_TRUE(run.status().ok()) << run.status().error_message();
  EXPECT_EQ(run.ids(), StoredIds(name.substr(10)));

  spec.set_domain("not a domain");
  StreamCall bad("alice");
  bad.StartRun(*stub_, spec);
  ASSERT_TRUE(bad.WaitDone());
  EXPECT_EQ(bad.status().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.status().error_message(), StartsWith("spec.domain: "));
}

TEST_F(ServiceTest, BatchedWatchSendsTheSameEventsInFewerMessages) {
  const Diagnosis d = MustCreate();
  BatchedStreamCall live("alice");
  live.StartWatch(*stub_, d.name());
  ASSERT_TRUE(live.WaitForEvents(2));  // accepted, QUEUED
  RunJob(IdOf(d));
  ASSERT_TRUE(live.WaitDone());
  EXPECT_TRUE(live.status().ok()) << live.status().error_message();
  const std::vector<std::string> stored = StoredIds(IdOf(d));
  EXPECT_EQ(live.ids(), stored);
  EXPECT_LE(live.messages(), static_cast<int>(stored.size()));
  EXPECT_TRUE(live.events().back().terminal());

  // A finished diagnosis' backlog is queued at once: one message.
  BatchedStreamCall backlog("alice");
  backlog.StartWatch(*stub_, d.name());
  ASSERT_TRUE(backlog.WaitDone());
  EXPECT_TRUE(backlog.status().ok()) << backlog.status().error_message();
  EXPECT_EQ(backlog.ids(), stored);
  EXPECT_EQ(backlog.messages(), 1);
  // The per-event method: one message each.
  StreamCall single("alice");
  single.StartWatch(*stub_, d.name());
  ASSERT_TRUE(single.WaitDone());
  EXPECT_EQ(single.ids(), stored);
  EXPECT_EQ(single.messages(), static_cast<int>(stored.size()));

  BatchedStreamCall resumed("alice");
  resumed.StartWatch(*stub_, d.name(), stored[2]);
  ASSERT_TRUE(resumed.WaitDone());
  EXPECT_EQ(resumed.ids(),
            std::vector<std::string>(stored.begin() + 3, stored.end()));
  EXPECT_EQ(resumed.messages(), 1);

  // Same checks, same codes.
  BatchedStreamCall bad_token("alice");
  bad_token.StartWatch(*stub_, d.name(), "garbage");
  ASSERT_TRUE(bad_token.WaitDone());
  EXPECT_EQ(bad_token.status().error_code(), grpc::StatusCode::OUT_OF_RANGE);
  BatchedStreamCall foreign("bob");
  foreign.StartWatch(*stub_, d.name());
  ASSERT_TRUE(foreign.WaitDone());
  EXPECT_EQ(foreign.status().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServiceTest, BatchesStayUnderTheirSizeCap) {
  // 24 results of 200 KiB: 4.8 MiB, more than a client takes in one message
  // by default (4 MiB).
  const Diagnosis d = MustCreate();
  const JobLease lease = StartJob(IdOf(d));
  for (int i = 0; i < 24; ++i) {
    DiagnosisEvent result;
    result.mutable_check_result()->set_check_id("dns.mx.present");
    result.mutable_check_result()->set_message(std::string(200 << 10, 'x'));
    ASSERT_TRUE(worker_->Append(lease, result, absl::Now()).ok());
  }
  Succeed(lease);
  const std::vector<std::string> stored = StoredIds(IdOf(d));
  BatchedStreamCall watch("alice");
  watch.StartWatch(*stub_, d.name());
  ASSERT_TRUE(watch.WaitDone());
  EXPECT_TRUE(watch.status().ok()) << watch.status().error_message();
  EXPECT_EQ(watch.ids(), stored);
  // At most five 200 KiB events fit under 1 MiB: at least five messages.
  EXPECT_GE(watch.messages(), 5);
  EXPECT_LT(watch.messages(), static_cast<int>(stored.size()));
}

TEST_F(ServiceTest, RunDiagnosisBatchedStreamsFromAccepted) {
  v1::DiagnosisSpec spec;
  spec.set_domain("contoso.com");
  BatchedStreamCall run("alice");
  run.StartRun(*stub_, spec);
  ASSERT_TRUE(run.WaitForEvents(1));
  const DiagnosisEvent first = run.events().front();
  ASSERT_TRUE(first.has_accepted());
  RunJob(IdOf(first.accepted().diagnosis()));
  ASSERT_TRUE(run.WaitDone());
  EXPECT_TRUE(run.status().ok()) << run.status().error_message();
  EXPECT_EQ(run.ids(), StoredIds(IdOf(first.accepted().diagnosis())));

  spec.set_domain("not a domain");
  BatchedStreamCall bad("alice");
  bad.StartRun(*stub_, spec);
  ASSERT_TRUE(bad.WaitDone());
  EXPECT_EQ(bad.status().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.status().error_message(), StartsWith("spec.domain: "));
}

TEST_F(ServiceTest, ReflectionListsTheService) {
  // ServerReflectionRequest{list_services: ""} (field 7).
  GenericCallResult call = GenericCall(
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      std::string("\x3a\x00", 2));
  EXPECT_TRUE(call.status.ok()) << call.status.error_message();
  ASSERT_EQ(call.responses.size(), 1u);
  EXPECT_TRUE(
      absl::StrContains(call.responses[0], "ndrdiag.v1.DiagnosisService"));
  EXPECT_TRUE(absl::StrContains(call.responses[0], "grpc.health.v1.Health"));
}

TEST_F(ServiceTest, StreamingRequestsThatDoNotParseAreInvalidArgument) {
  // The streaming methods parse their requests themselves (they are raw so
  // that events go out unparsed). A name that is not UTF-8, and a field
  // whose length runs past the end.
  for (const auto& [method, bytes] :
       std::vector<std::pair<std::string, std::string>>{
           {"WatchDiagnosis", std::string("\x0a\x02\xff\xfe", 4)},
           {"RunDiagnosis", std::string("\x0a\x10", 2) + "ab"},
           {"WatchDiagnosisBatched", std::string("\x0a\x02\xff\xfe", 4)},
           {"RunDiagnosisBatched", std::string("\x0a\x10", 2) + "ab"}}) {
    GenericCallResult call =
        GenericCall("/ndrdiag.v1.DiagnosisService/" + method, bytes);
    EXPECT_EQ(call.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << method;
    EXPECT_THAT(call.status.error_message(),
                StartsWith("the request does not parse as ndrdiag.v1."))
        << method;
    EXPECT_TRUE(call.responses.empty()) << method;
  }
}

TEST_F(ServiceTest, ParseNdrReturnsTheClassifiedReport) {
  v1::ParseNdrRequest request;
  request.set_text(
      "Generating server: EX01.corp.contoso.local\n\n"
      "carol@contoso.com\n"
      "contoso-com.mail.protection.outlook.com\n"
      "Remote Server returned '550 5.4.1 Relay Access Denied'\n");
  v1::NdrReport report;
  grpc::Status s = stub_->ParseNdr(Context().get(), request, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(report.enhanced_status(), "5.4.1");
  EXPECT_EQ(report.reply_code(), 550);
  EXPECT_EQ(report.remote_server(), "contoso-com.mail.protection.outlook.com");
  EXPECT_EQ(report.rejected_by(), "exchange-online");
  ASSERT_GE(report.causes_size(), 1);
  EXPECT_EQ(report.causes(0), v1::CONNECTOR_MISCONFIGURED);
  EXPECT_TRUE(report.sender_side());
}

TEST_F(ServiceTest, ParseNdrBadInputIsInvalidArgumentWithTheReason) {
  v1::ParseNdrRequest request;
  request.set_text("thanks for your message\n");
  v1::NdrReport report;
  grpc::Status s = stub_->ParseNdr(Context().get(), request, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("unparseable: "));

  request.set_text(std::string(256 * 1024 + 1, 'x'));
  s = stub_->ParseNdr(Context().get(), request, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("text: "));
}

TEST_F(ServiceTest, TwoHundredConcurrentWatchersNeedNoThreadEach) {
  constexpr int kJobs = 200;
  std::vector<Diagnosis> jobs;
  for (int i = 0; i < kJobs; ++i) jobs.push_back(MustCreate());
  std::vector<std::unique_ptr<StreamCall>> watches;
  for (const Diagnosis& d : jobs) {
    watches.push_back(std::make_unique<StreamCall>("alice"));
    watches.back()->StartWatch(*stub_, d.name());
  }
  for (auto& w : watches) ASSERT_TRUE(w->WaitForEvents(2));
  // A stream writes its backlog before it registers with the pump, so a
  // client can hold its first events a moment before the pump counts it.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (frontend_->watcher_count() < static_cast<size_t>(kJobs) &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const int threads = ProcessThreads();
  RecordProperty("threads_with_200_watches", threads);
  EXPECT_EQ(frontend_->watcher_count(), static_cast<size_t>(kJobs));
  // Client and server share this process; either needing a thread per
  // stream would show here.
  EXPECT_GT(threads, 0);
  EXPECT_LT(threads, kJobs / 2) << "threads with " << kJobs << " watches open";

  for (const Diagnosis& d : jobs) RunJob(IdOf(d));
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(watches[i]->WaitDone()) << i;
    EXPECT_TRUE(watches[i]->status().ok())
        << watches[i]->status().error_message();
    EXPECT_EQ(watches[i]->ids(), StoredIds(IdOf(jobs[i]))) << i;
  }
  EXPECT_EQ(frontend_->watcher_count(), 0u);
}

TEST_F(ServiceTest, RedisDownIsUnavailableAndRecoversByItself) {
  const Diagnosis before = MustCreate();
  ASSERT_TRUE(WaitForHealth(1));

  redis_.Kill();
  for (int i = 0; i < 3; ++i) {
    Diagnosis d;
    // The promise: UNAVAILABLE within 2 s, not a hung call.
    grpc::Status s = Create("contoso.com", &d, "alice", "", absl::Seconds(2));
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE)
        << s.error_code() << " " << s.error_message();
    EXPECT_THAT(s.error_message(), StartsWith("job store unavailable: "));
  }
  EXPECT_TRUE(WaitForHealth(2));
  EXPECT_FALSE(frontend_->serving());

  ASSERT_TRUE(redis_.Start().ok());
  grpc::Status s;
  const absl::Time end = absl::Now() + kDeadline;
  Diagnosis after;
  do {
    s = Create("contoso.com", &after);
    if (!s.ok()) absl::SleepFor(absl::Milliseconds(100));
  } while (!s.ok() && absl::Now() < end);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(after.state(), Diagnosis::QUEUED);
  EXPECT_TRUE(WaitForHealth(1));
  // What was accepted before the crash is still there (AOF).
  Diagnosis got;
  EXPECT_TRUE(Get(before.name(), &got).ok());
}

TEST_F(ServiceTest, ShutdownEndsWatchesWithUnavailable) {
  const Diagnosis d = MustCreate();
  StreamCall watch("alice");
  watch.StartWatch(*stub_, d.name());
  ASSERT_TRUE(watch.WaitForEvents(2));
  frontend_->Shutdown();
  ASSERT_TRUE(watch.WaitDone());
  EXPECT_EQ(watch.status().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(watch.status().error_message(),
            "server shutting down; resume with after_event_id");
}

}  // namespace
}  // namespace ndrdiag
