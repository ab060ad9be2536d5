#include "workers/runtime/smtp_flags.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

absl::StatusOr<WorkerOptions> Parse(const std::vector<std::string>& args) {
  FlagSet flags("test", "test");
  SmtpFlagValues values;
  RegisterSmtpFlags(flags, &values);
  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(args);
  if (!rest.ok()) return rest.status();
  WorkerOptions options;
  if (absl::Status s = ApplySmtpFlags(values, options); !s.ok()) return s;
  return options;
}

TEST(SmtpFlagsTest, DefaultsProbeOnPort25AsTheServiceItself) {
  absl::StatusOr<WorkerOptions> o = Parse({"--smtp-helo", "probe.example"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->smtp_probe);
  EXPECT_EQ(o->smtp.port, 25);
  EXPECT_EQ(o->smtp.mail_from, "ndrdiag-probe@probe.example");
  EXPECT_EQ(o->smtp_prober.helo_name, "probe.example");
  EXPECT_EQ(o->smtp_prober.step_timeout, absl::Seconds(30));
}

TEST(SmtpFlagsTest, LabValuesAreApplied) {
  absl::StatusOr<WorkerOptions> o =
      Parse({"--smtp-port", "2525", "--smtp-rate", "600", "--smtp-burst", "20",
             "--smtp-timeout", "5s", "--smtp-ca-file", "/tmp/ca.pem",
             "--smtp-mail-from", "probe@ndrdiag.example"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->smtp.port, 2525);
  EXPECT_EQ(o->smtp_prober.connections_per_minute, 600);
  EXPECT_EQ(o->smtp_prober.burst, 20);
  EXPECT_EQ(o->smtp_prober.step_timeout, absl::Seconds(5));
  EXPECT_EQ(o->smtp_prober.ca_file, "/tmp/ca.pem");
  EXPECT_EQ(o->smtp.mail_from, "probe@ndrdiag.example");
}

TEST(SmtpFlagsTest, ProbeCanBeTurnedOffForTheDeployment) {
  absl::StatusOr<WorkerOptions> o = Parse({"--no-smtp-probe"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_FALSE(o->smtp_probe);
}

TEST(SmtpFlagsTest, BadValuesNameTheFlag) {
  struct Case {
    std::vector<std::string> args;
    std::string flag;
  };
  for (const Case& c : std::vector<Case>{
           {{"--smtp-port", "0"}, "--smtp-port"},
           {{"--smtp-port", "70000"}, "--smtp-port"},
           {{"--smtp-rate", "0"}, "--smtp-rate"},
           {{"--smtp-burst", "0"}, "--smtp-burst"},
           {{"--smtp-timeout", "0s"}, "--smtp-timeout"},
           {{"--smtp-mail-from", "no-at-sign"}, "--smtp-mail-from"},
           {{"--smtp-mail-from", "<a@b>"}, "--smtp-mail-from"},
           {{"--smtp-helo", "two words"}, "--smtp-helo"},
       }) {
    absl::StatusOr<WorkerOptions> o = Parse(c.args);
    ASSERT_FALSE(o.ok()) << c.args[0] << " " << c.args[1];
    EXPECT_TRUE(absl::StrContains(o.status().message(), c.flag)) << o.status();
  }
}

}  // namespace
}  // namespace ndrdiag
