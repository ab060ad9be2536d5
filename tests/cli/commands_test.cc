// The `ndrdiag` commands run in-process, as a user would type them, against
// a scripted DiagnosisService on 127.0.0.1 (or against nothing, for input
// errors and an unreachable server).
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "cli/app.h"
#include "cli/render/json.h"
#include "cli/render/text.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/cli/fake_diagnosis_service.h"
#include "tests/cli/sample_diagnosis.h"

namespace ndrdiag::cli {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::ndrdiag::cli::testing::FakeDiagnosisService;
using ::ndrdiag::cli::testing::FakeServer;
using ::ndrdiag::cli::testing::SampleDiagnosis;
using ::ndrdiag::cli::testing::SampleEvents;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// Nothing listens on port 1 of loopback (binding it needs root).
constexpr char kNowhere[] = "127.0.0.1:1";

struct CliRun {
  int code;
  std::string out, err;
};

CliRun Ndrdiag(const std::vector<std::string>& args,
               const std::string& in = "") {
  std::istringstream is(in);
  std::ostringstream os, es;
  CommandIo io{is, os, es, false};
  const int code = RunCli(args, io);
  return {code, os.str(), es.str()};
}

// The environment must not steer these tests (FlagSet reads NDRDIAG_*).
void ClearCliEnvironment() {
  for (const char* name :
       {"NDRDIAG_SERVER", "NDRDIAG_TIMEOUT", "NDRDIAG_OUTPUT", "NDRDIAG_LOCALE",
        "NDRDIAG_LABEL", "NDRDIAG_REQUEST_ID", "NDRDIAG_TIME_BUDGET",
        "NDRDIAG_AFTER", "NDRDIAG_FILTER", "NDRDIAG_PAGE_SIZE",
        "NDRDIAG_PAGE_TOKEN", "NDRDIAG_SNAPSHOT", "NDRDIAG_ADDRESS",
        "NDRDIAG_SMTP"}) {
    unsetenv(name);
  }
}

std::string RenderAll(const std::vector<v1::DiagnosisEvent>& events,
                      size_t from = 0) {
  std::string out;
  for (size_t i = from; i < events.size(); ++i) {
    out += RenderEvent(events[i], "en");
  }
  return out;
}

// --- without a server --------------------------------------------------------

struct BadInput {
  std::vector<std::string> args;
  std::string error;
};

class BadInputTest : public ::testing::TestWithParam<BadInput> {
 protected:
  void SetUp() override { ClearCliEnvironment(); }
};

TEST_P(BadInputTest, ExitsTwoWithTheReasonOnStderr) {
  std::vector<std::string> args = GetParam().args;
  // Were the input accepted, the call would fail with 3, not 2.
  args.insert(args.begin(), {"--server", kNowhere});
  const CliRun run = Ndrdiag(args);
  EXPECT_EQ(run.code, 2) << run.err;
  EXPECT_THAT(run.err, HasSubstr(GetParam().error));
  EXPECT_THAT(run.out, IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(
    Flags, BadInputTest,
    ::testing::Values(
        BadInput{{"diagnose"}, "missing argument DOMAIN"},
        BadInput{{"diagnose", "a.com", "--bogus"}, "unknown flag --bogus"},
        BadInput{{"diagnose", "a.com", "-x"}, "unknown flag -x"},
        BadInput{{"diagnose", "a.com", "b.com"}, "unexpected argument b.com"},
        BadInput{{"diagnose", "a.com", "--locale", "fr"},
                 "--locale: \"fr\" is not one of en, ja"},
        BadInput{{"diagnose", "a.com", "--output", "yaml"}, "--output"},
        BadInput{{"diagnose", "a.com", "--label", "novalue"},
                 "--label: \"novalue\" is not KEY=VALUE"},
        BadInput{{"diagnose", "a.com", "--label", "=v"}, "--label"},
        BadInput{{"diagnose", "a.com", "--time-budget", "soon"},
                 "--time-budget"},
        BadInput{{"diagnose", "a.com", "--timeout", "0s"}, "--timeout"},
        BadInput{{"diagnose", "a.com", "--locale"}, "--locale needs a value"},
        BadInput{{"get"}, "missing argument NAME"},
        BadInput{{"get", "jobs/x"}, "NAME: \"jobs/x\""},
        BadInput{{"get", "x", "--output", "yaml"}, "--output"},
        BadInput{{"watch", "x", "--output", "json"},
                 "\"json\" is not one of text, jsonl"},
        BadInput{{"list", "--page-size", "-1"}, "--page-size"},
        BadInput{{"list", "--page-size", "many"}, "--page-size"},
        BadInput{{"list", "extra"}, "unexpected argument extra"},
        BadInput{{"cancel"}, "missing argument NAME"},
        BadInput{{"cancel", "diagnoses/"}, "NAME"},
        BadInput{{"parse-ndr"}, "missing argument FILE"},
        BadInput{{"parse-ndr", "/nonexistent/ndr.txt"},
                 "cannot read /nonexistent/ndr.txt"},
        BadInput{{"frobnicate"}, "unknown command \"frobnicate\""},
        BadInput{{}, "missing command"},
        BadInput{{"--verbose", "list"}, "unknown flag --verbose"},
        BadInput{{"help", "frobnicate"}, "unknown command"}));

TEST(CliTest, ConnectionFlagWithoutValue) {
  ClearCliEnvironment();
  const CliRun run = Ndrdiag({"--server"});
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err, HasSubstr("--server needs a value"));
}

TEST(CliTest, OversizedNdrIsBadInput) {
  ClearCliEnvironment();
  const CliRun run = Ndrdiag({"parse-ndr", "-", "--server", kNowhere},
                             std::string(300 * 1024, 'x'));
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err, HasSubstr("larger than 256 KiB"));
}

TEST(CliTest, OverallHelpExplainsCommandsExitCodesAndExamples) {
  for (const char* flag : {"--help", "-h", "help"}) {
    const CliRun run = Ndrdiag({flag});
    EXPECT_EQ(run.code, 0);
    EXPECT_THAT(run.out, HasSubstr("diagnose DOMAIN"));
    EXPECT_THAT(run.out, HasSubstr("parse-ndr FILE"));
    EXPECT_THAT(run.out, HasSubstr("Exit codes:"));
    EXPECT_THAT(run.out, HasSubstr("3  the server cannot be reached"));
    EXPECT_THAT(run.out, HasSubstr("Examples:"));
    EXPECT_THAT(run.out, HasSubstr("NDRDIAG_SERVER"));
  }
}

TEST(CliTest, UnreachableServerExitsThree) {
  ClearCliEnvironment();
  for (std::vector<std::string> args :
       {std::vector<std::string>{"get", "abc"},
        {"diagnose", "contoso.com"},
        {"diagnose", "contoso.com", "--output", "json"},
        {"watch", "abc"},
        {"watch", "abc", "--output", "jsonl"},
        {"list"},
        {"cancel", "abc"}}) {
    args.insert(args.end(), {"--server", kNowhere});
    const CliRun run = Ndrdiag(args);
    EXPECT_EQ(run.code, 3) << args[0] << ": " << run.err;
    EXPECT_THAT(run.err, HasSubstr("cannot reach ndrdiag at 127.0.0.1:1: "));
    EXPECT_THAT(run.err, Not(HasSubstr("resuming")));
    EXPECT_THAT(run.out, IsEmpty());
  }
}

TEST(CliTest, ServerComesFromTheEnvironment) {
  ClearCliEnvironment();
  setenv("NDRDIAG_SERVER", kNowhere, 1);
  const CliRun run = Ndrdiag({"get", "abc"});
  unsetenv("NDRDIAG_SERVER");
  EXPECT_EQ(run.code, 3);
  EXPECT_THAT(run.err, HasSubstr("cannot reach ndrdiag at 127.0.0.1:1"));
}

// --- against a scripted server -----------------------------------------------

class CliServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClearCliEnvironment();
    service_.stored = SampleDiagnosis();
    service_.events = SampleEvents();
    server_ = std::make_unique<FakeServer>(service_);
    ASSERT_TRUE(server_->ok());
  }
  CliRun RunAt(std::vector<std::string> args, const std::string& in = "") {
    args.insert(args.end(), {"--server", server_->address()});
    return Ndrdiag(args, in);
  }
  void SetFinalState(v1::Diagnosis::State state) {
    service_.stored.set_state(state);
    service_.events = SampleEvents(state);
  }

  FakeDiagnosisService service_;
  std::unique_ptr<FakeServer> server_;
};

TEST_F(CliServerTest, DiagnoseShowsEachCheckThenTheVerdict) {
  const CliRun run =
      RunAt({"diagnose", "contoso.com", "--label", "ticket=4711", "--label",
             "team=mail", "--time-budget", "30s", "--request-id", "r-1"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, RenderAll(service_.events));
  EXPECT_THAT(run.out, HasSubstr("FAIL         dns.mx.single_record"));
  EXPECT_THAT(run.out, HasSubstr("  1. MX_MULTIPLE (confidence 90%)"));
  EXPECT_THAT(run.err, IsEmpty());

  const auto requests = service_.run_requests();
  ASSERT_EQ(requests.size(), 1u);
  const v1::RunDiagnosisRequest& request = requests[0];
  EXPECT_EQ(request.request_id(), "r-1");
  EXPECT_EQ(request.spec().domain(), "contoso.com");
  EXPECT_EQ(request.spec().locale(), "en");
  EXPECT_EQ(request.spec().labels().at("ticket"), "4711");
  EXPECT_EQ(request.spec().labels().at("team"), "mail");
  EXPECT_EQ(request.spec().probe_options().time_budget().seconds(), 30);
  EXPECT_TRUE(service_.watch_requests().empty());
}

TEST_F(CliServerTest, DiagnoseAnAddressAndInJapanese) {
  const CliRun run = RunAt({"diagnose", "user@contoso.com", "--locale", "ja"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("判定:"));
  const auto requests = service_.run_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].spec().recipient_address(), "user@contoso.com");
  EXPECT_EQ(requests[0].spec().domain(), "");
  EXPECT_EQ(requests[0].spec().locale(), "ja");
  EXPECT_FALSE(requests[0].spec().probe_options().has_time_budget());
}

TEST_F(CliServerTest, DiagnoseJsonPrintsOnlyTheStoredDiagnosis) {
  const CliRun run = RunAt({"diagnose", "contoso.com", "--output", "json"});
  EXPECT_EQ(run.code, 0) << run.err;
  v1::Diagnosis printed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(run.out, &printed).ok())
      << run.out;
  EXPECT_TRUE(MessageDifferencer::Equals(printed, service_.stored));
  EXPECT_THAT(run.err, IsEmpty());  // stderr is not a terminal here
}

TEST_F(CliServerTest, DiagnoseFailedExitsOne) {
  SetFinalState(v1::Diagnosis::FAILED);
  CliRun run = RunAt({"diagnose", "contoso.com"});
  EXPECT_EQ(run.code, 1);
  EXPECT_THAT(run.out, HasSubstr("State: FAILED (Reason: 3 attempts failed)"));

  run = RunAt({"diagnose", "contoso.com", "--output", "json"});
  EXPECT_EQ(run.code, 1);
  v1::Diagnosis printed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(run.out, &printed).ok());
  EXPECT_EQ(printed.state(), v1::Diagnosis::FAILED);
  EXPECT_THAT(run.err, HasSubstr("diagnoses/abc123 ended FAILED"));
}

TEST_F(CliServerTest, DiagnoseCancelledExitsOne) {
  SetFinalState(v1::Diagnosis::CANCELLED);
  EXPECT_EQ(RunAt({"diagnose", "contoso.com"}).code, 1);
}

TEST_F(CliServerTest, DiagnoseInvalidArgumentPrintsTheFieldAndExitsTwo) {
  service_.run_status =
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                   "spec.domain: label 2 is longer than 63 octets");
  const CliRun run = RunAt({"diagnose", "contoso.com"});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err,
            "ndrdiag: spec.domain: label 2 is longer than 63 octets\n");
  EXPECT_THAT(run.out, IsEmpty());
}

TEST_F(CliServerTest, DiagnoseWhileTheStoreIsDownExitsThree) {
  service_.run_status =
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "job store unavailable");
  const CliRun run = RunAt({"diagnose", "contoso.com"});
  EXPECT_EQ(run.code, 3);
  EXPECT_EQ(run.err, "ndrdiag: cannot reach ndrdiag at " + server_->address() +
                         ": job store unavailable\n");
}

TEST_F(CliServerTest, DiagnoseResumesABrokenStreamWithoutGapsOrRepeats) {
  service_.break_run_after = 5;  // after event "5"
  const CliRun run = RunAt({"diagnose", "contoso.com"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, RenderAll(service_.events));
  const auto watches = service_.watch_requests();
  ASSERT_EQ(watches.size(), 1u);
  EXPECT_EQ(watches[0].name(), "diagnoses/abc123");
  EXPECT_EQ(watches[0].after_event_id(), "5");
  EXPECT_THAT(run.err, HasSubstr("resuming diagnoses/abc123 after event 5"));
}

TEST_F(CliServerTest, GetTextAndJson) {
  CliRun run = RunAt({"get", "abc123"});  // a bare id
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, RenderDiagnosis(service_.stored));

  run = RunAt({"get", "diagnoses/abc123", "--output", "json"});
  EXPECT_EQ(run.code, 0) << run.err;
  v1::Diagnosis printed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(run.out, &printed).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(printed, service_.stored));
}

TEST_F(CliServerTest, GetExitCodeFollowsTheState) {
  service_.stored.set_state(v1::Diagnosis::FAILED);
  EXPECT_EQ(RunAt({"get", "abc123"}).code, 1);
  service_.stored.set_state(v1::Diagnosis::RUNNING);
  EXPECT_EQ(RunAt({"get", "abc123"}).code, 0);
}

TEST_F(CliServerTest, NotFoundExitsOneNamingTheDiagnosis) {
  for (const char* command : {"get", "watch", "cancel"}) {
    const CliRun run = RunAt({command, "nope"});
    EXPECT_EQ(run.code, 1) << command;
    EXPECT_EQ(run.err, "ndrdiag: diagnosis diagnoses/nope not found\n")
        << command;
  }
  const CliRun run = RunAt({"watch", "nope", "--output", "jsonl"});
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.err, "ndrdiag: diagnosis diagnoses/nope not found\n");
}

TEST_F(CliServerTest, ConnectionFlagsBeforeTheCommand) {
  const CliRun run = Ndrdiag(
      {"--server", server_->address(), "--timeout=5s", "get", "abc123"});
  EXPECT_EQ(run.code, 0) << run.err;
}

TEST_F(CliServerTest, WatchJsonLinesOneObjectPerEvent) {
  const CliRun run = RunAt({"watch", "abc123", "--output", "jsonl"});
  EXPECT_EQ(run.code, 0) << run.err;
  std::vector<std::string> lines =
      absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), service_.events.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i], *EventToJsonLine(service_.events[i]));
    google::protobuf::Struct parsed;
    ASSERT_TRUE(
        google::protobuf::util::JsonStringToMessage(lines[i], &parsed).ok());
    EXPECT_EQ(parsed.fields().at("event_id").string_value(),
              service_.events[i].event_id());
  }
  EXPECT_THAT(run.err, IsEmpty());
}

TEST_F(CliServerTest, WatchResumesAfterTheGivenEvent) {
  const CliRun run =
      RunAt({"watch", "abc123", "--after", "6", "--output", "jsonl"});
  EXPECT_EQ(run.code, 0) << run.err;
  std::vector<std::string> lines =
      absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("\"kind\":\"verdict\""));
  EXPECT_THAT(lines[1], HasSubstr("\"terminal\":true"));
  ASSERT_EQ(service_.watch_requests().size(), 1u);
  EXPECT_EQ(service_.watch_requests()[0].after_event_id(), "6");
}

TEST_F(CliServerTest, WatchAfterTheTerminalEventEndsWithTheStoredState) {
  SetFinalState(v1::Diagnosis::CANCELLED);
  const CliRun run = RunAt({"watch", "abc123", "--after", "8"});
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_THAT(run.out, IsEmpty());
}

TEST_F(CliServerTest, WatchTextRendersLikeDiagnose) {
  const CliRun run = RunAt({"watch", "diagnoses/abc123"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, RenderAll(service_.events));
}

TEST_F(CliServerTest, WatchTextUsesTheDiagnosisLocale) {
  service_.stored.mutable_spec()->set_locale("ja");
  const CliRun run = RunAt({"watch", "abc123", "--after", "6"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("判定:"));
  EXPECT_THAT(run.out, HasSubstr("状態: SUCCEEDED"));
}

TEST_F(CliServerTest, ListAndCancel) {
  CliRun run = RunAt({"list", "--filter", "state = RUNNING"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("diagnoses/abc123  SUCCEEDED  contoso.com"));
  EXPECT_THAT(run.out, HasSubstr("More results: --page-token p2"));

  run = RunAt({"list", "--output", "json", "--page-token", "p2"});
  EXPECT_EQ(run.code, 0) << run.err;
  v1::ListDiagnosesResponse printed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(run.out, &printed).ok());
  ASSERT_EQ(printed.diagnoses_size(), 1);
  EXPECT_EQ(printed.diagnoses(0).name(), "diagnoses/abc123");

  run = RunAt({"list", "--filter", "bogus"});
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err, HasSubstr("filter: expected"));

  run = RunAt({"cancel", "abc123"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.out, "diagnoses/abc123: CANCELLED\n");
}

TEST_F(CliServerTest, ParseNdrPrintsTheReportAsTextOrJson) {
  const std::string ndr =
      "Generating server: EX01.corp.contoso.local\n"
      "carol@contoso.com\n"
      "contoso-com.mail.protection.outlook.com\n"
      "Remote Server returned '550 5.4.1 Relay Access Denied'\n";
  CliRun run = RunAt({"parse-ndr", "-"}, ndr);
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Enhanced status: 5.4.1\n"));
  EXPECT_THAT(run.out, HasSubstr("Rejected by: exchange-online\n"));

  run = RunAt({"parse-ndr", "-", "--output", "json"}, ndr);
  EXPECT_EQ(run.code, 0) << run.err;
  v1::NdrReport printed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(run.out, &printed).ok())
      << run.out;
  EXPECT_EQ(printed.reply_code(), 550);
  EXPECT_EQ(printed.recipients(0), "carol@contoso.com");
  EXPECT_EQ(printed.layout(), "exo-legacy");
}

TEST_F(CliServerTest, ParseNdrUnparseableIsPrintedPlainly) {
  const CliRun run = RunAt({"parse-ndr", "-"}, "thanks for your mail\n");
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err, StartsWith("ndrdiag: unparseable: no SMTP status"));
  EXPECT_THAT(run.out, IsEmpty());
}

}  // namespace
}  // namespace ndrdiag::cli
