// `ndrdiag diagnose DOMAIN --snapshot FILE --address A --no-smtp`: the
// snapshot goes into the request as loaded, a bad file exits 2 naming the
// file and the field before anything is sent.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "common/tenant_snapshot.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/cli/fake_diagnosis_service.h"
#include "tests/cli/sample_diagnosis.h"

namespace ndrdiag::cli {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::ndrdiag::cli::testing::FakeDiagnosisService;
using ::ndrdiag::cli::testing::FakeServer;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Fixture(const std::string& name) {
  return std::string(NDRDIAG_SOURCE_DIR) + "/tests/testdata/snapshots/" + name;
}

struct CliRun {
  int code;
  std::string out, err;
};

class DiagnoseSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {"NDRDIAG_SERVER", "NDRDIAG_TIMEOUT", "NDRDIAG_OUTPUT",
          "NDRDIAG_SNAPSHOT", "NDRDIAG_ADDRESS", "NDRDIAG_SMTP",
          "NDRDIAG_LOCALE", "NDRDIAG_TIME_BUDGET"}) {
      unsetenv(name);
    }
    service_.stored = testing::SampleDiagnosis();
    service_.events = testing::SampleEvents();
    server_ = std::make_unique<FakeServer>(service_);
    ASSERT_TRUE(server_->ok());
  }
  CliRun Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--server", server_->address()});
    std::istringstream is;
    std::ostringstream os, es;
    CommandIo io{is, os, es, false};
    const int code = RunCli(args, io);
    return {code, os.str(), es.str()};
  }

  FakeDiagnosisService service_;
  std::unique_ptr<FakeServer> server_;
};

TEST_F(DiagnoseSnapshotTest, SendsTheSnapshotTheAddressAndNoSmtp) {
  const CliRun run = Run({"diagnose", "contoso.com", "--snapshot",
                          Fixture("contoso-export-utf16le.json"), "--address",
                          "adele@contoso.com", "--no-smtp"});
  EXPECT_EQ(run.code, 0) << run.err;
  const auto requests = service_.run_requests();
  ASSERT_EQ(requests.size(), 1u);
  const v1::DiagnosisSpec& spec = requests[0].spec();
  EXPECT_EQ(spec.domain(), "contoso.com");
  EXPECT_EQ(spec.recipient_address(), "adele@contoso.com");
  ASSERT_TRUE(spec.probe_options().has_smtp());
  EXPECT_FALSE(spec.probe_options().smtp().value());
  absl::StatusOr<v1::TenantSnapshot> expected =
      LoadTenantSnapshotFile(Fixture("contoso-export.json"));
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_TRUE(MessageDifferencer::Equals(spec.tenant_snapshot(), *expected));
  EXPECT_EQ(spec.tenant_snapshot().exo().outbound_connectors_size(), 3);
}

TEST_F(DiagnoseSnapshotTest, WithoutTheFlagsNothingIsAdded) {
  const CliRun run = Run({"diagnose", "contoso.com"});
  EXPECT_EQ(run.code, 0) << run.err;
  const auto requests = service_.run_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_FALSE(requests[0].spec().has_tenant_snapshot());
  EXPECT_FALSE(requests[0].spec().probe_options().has_smtp());
  EXPECT_EQ(requests[0].spec().recipient_address(), "");
}

TEST_F(DiagnoseSnapshotTest, PowerShell51ExportLoads) {
  const CliRun run = Run({"diagnose", "contoso.com", "--snapshot",
                          Fixture("contoso-ps51.json"), "--smtp"});
  EXPECT_EQ(run.code, 0) << run.err;
  const auto requests = service_.run_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].spec().tenant_snapshot().captured_at().seconds(),
            1795773600);
  EXPECT_FALSE(requests[0].spec().probe_options().has_smtp());
}

TEST_F(DiagnoseSnapshotTest, BadFieldExitsTwoNamingFileAndField) {
  const CliRun run = Run(
      {"diagnose", "contoso.com", "--snapshot", Fixture("bad-enabled.json")});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err, "ndrdiag: --snapshot: " + Fixture("bad-enabled.json") +
                         ": exo.outboundConnectors[1].Enabled: expected true "
                         "or false, got \"yes\"\n");
  EXPECT_THAT(run.out, IsEmpty());
  EXPECT_TRUE(service_.run_requests().empty());
}

TEST_F(DiagnoseSnapshotTest, MissingFileExitsTwo) {
  const CliRun run =
      Run({"diagnose", "contoso.com", "--snapshot", "/nonexistent/t.json"});
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err, HasSubstr("--snapshot: /nonexistent/t.json: "));
  EXPECT_TRUE(service_.run_requests().empty());
}

TEST_F(DiagnoseSnapshotTest, SnapshotOutOfBoundsExitsTwoNamingTheField) {
  const std::string path = ::testing::TempDir() + "/long-name-snapshot.json";
  {
    std::ofstream f(path);
    f << R"({"exo":{"inboundConnectors":[{"Name":")" << std::string(5000, 'n')
      << R"("}]}})";
  }
  const CliRun run = Run({"diagnose", "contoso.com", "--snapshot", path});
  std::remove(path.c_str());
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err,
              HasSubstr(path + ": tenant_snapshot.exo.inbound_connectors[0]"
                               ".name: is 5000 octets"));
  EXPECT_TRUE(service_.run_requests().empty());
}

TEST_F(DiagnoseSnapshotTest, AddressChecks) {
  CliRun run = Run({"diagnose", "contoso.com", "--address", "nobody"});
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err, HasSubstr("--address: \"nobody\" is not an address"));
  run = Run({"diagnose", "a@contoso.com", "--address", "b@contoso.com"});
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err, HasSubstr("already given as DOMAIN"));
  EXPECT_TRUE(service_.run_requests().empty());
}

// FlagSet prints --help on stdout and exits 0, so this runs in a death-test
// child with stdout sent to stderr, where EXPECT_EXIT looks.
TEST(DiagnoseHelpTest, DescribesTheSnapshotAddressAndSmtpFlags) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto help = [] {
    dup2(2, 1);
    std::istringstream is;
    std::ostringstream os, es;
    CommandIo io{is, os, es, false};
    std::exit(RunCli({"diagnose", "--help"}, io));
  };
  EXPECT_EXIT(help(), ::testing::ExitedWithCode(0), "--snapshot FILE");
  EXPECT_EXIT(help(), ::testing::ExitedWithCode(0), "--address USER@DOMAIN");
  EXPECT_EXIT(help(), ::testing::ExitedWithCode(0), "--no-smtp turns it off");
  EXPECT_EXIT(help(), ::testing::ExitedWithCode(0),
              "scripts/export-tenant-snapshot.ps1");
}

}  // namespace
}  // namespace ndrdiag::cli
