// Flag parsing: defaults, the mode-dependent ones, and errors that name the
// flag.
#include "bench/load/options.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag::bench {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<Options> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), {"--target", "127.0.0.1:1"});
  return ParseOptions(args);
}

std::string Error(std::vector<std::string> args) {
  absl::StatusOr<Options> o = Parse(std::move(args));
  return o.ok() ? "OK" : std::string(o.status().message());
}

TEST(OptionsTest, Defaults) {
  absl::StatusOr<Options> o = Parse({"--domain", "contoso.com"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->mode, Mode::kLoad);
  EXPECT_THAT(o->domains, ElementsAre("contoso.com"));
  EXPECT_THAT(o->families, ElementsAre(v1::DNS));
  EXPECT_EQ(o->duration, absl::Seconds(20));
  EXPECT_EQ(o->warmup, absl::Seconds(3));
  EXPECT_EQ(o->call_deadline, absl::Seconds(30));
  EXPECT_EQ(o->rate, 0);
  EXPECT_EQ(o->channels, 1);
  EXPECT_EQ(o->threads, 1);
  EXPECT_TRUE(o->batched);
  EXPECT_FALSE(o->ceiling_per_s.has_value());
  o = Parse({"--domain", "contoso.com", "--stream", "events"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_FALSE(o->batched);
}

TEST(OptionsTest, FanoutDefaultsAndChannels) {
  absl::StatusOr<Options> o = Parse(
      {"--mode", "fanout", "--domain", "a.example", "--streams", "10000"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->mode, Mode::kFanout);
  EXPECT_EQ(o->call_deadline, absl::Minutes(10));
  EXPECT_EQ(o->channels, 8);
  EXPECT_EQ(DefaultChannels(16), 1);
  EXPECT_EQ(DefaultChannels(128), 2);
}

TEST(OptionsTest, EverythingParses) {
  absl::StatusOr<Options> o = Parse({"--domain",
                                     "a.example",
                                     "--families",
                                     "dns,connector,DNS",
                                     "--concurrency",
                                     "128",
                                     "--count",
                                     "500",
                                     "--rate",
                                     "250.5",
                                     "--pid",
                                     "frontend=12",
                                     "--pid",
                                     "worker=13",
                                     "--label",
                                     "workers=2",
                                     "--label",
                                     "run=a=b",
                                     "--ceiling-per-s",
                                     "1500",
                                     "--json-only",
                                     "--call-deadline",
                                     "5s"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_THAT(o->families, ElementsAre(v1::DNS, v1::CONNECTOR));
  EXPECT_EQ(o->count, 500);
  EXPECT_DOUBLE_EQ(o->rate, 250.5);
  ASSERT_EQ(o->pids.size(), 2u);
  EXPECT_EQ(o->pids[1].first, "worker");
  EXPECT_EQ(o->pids[1].second, 13);
  ASSERT_EQ(o->labels.size(), 2u);
  EXPECT_EQ(o->labels[1].second, "a=b");
  EXPECT_EQ(*o->ceiling_per_s, 1500);
  EXPECT_TRUE(o->json_only);
  EXPECT_EQ(o->call_deadline, absl::Seconds(5));
  EXPECT_EQ(o->channels, 2);
}

TEST(OptionsTest, ErrorsNameTheFlag) {
  EXPECT_THAT(ParseOptions({"--domain", "a"}).status().message(),
              HasSubstr("--target"));
  EXPECT_THAT(Error({}), HasSubstr("no domains"));
  EXPECT_THAT(Error({"--domain", "a", "--mode", "soak"}), HasSubstr("--mode"));
  EXPECT_THAT(Error({"--domain", "a", "--families", "dns,smtp"}),
              HasSubstr("--families: unknown family \"smtp\""));
  EXPECT_THAT(Error({"--domain", "a", "--concurrency", "0"}),
              HasSubstr("--concurrency"));
  EXPECT_THAT(Error({"--domain", "a", "--concurrency", "x"}),
              HasSubstr("--concurrency"));
  EXPECT_THAT(Error({"--domain", "a", "--count", "5", "--duration", "3s"}),
              HasSubstr("not both"));
  EXPECT_THAT(Error({"--domain", "a", "--rate", "-1"}), HasSubstr("--rate"));
  EXPECT_THAT(Error({"--domain", "a", "--rate", "fast"}), HasSubstr("--rate"));
  EXPECT_THAT(Error({"--domain", "a", "--pid", "frontend"}),
              HasSubstr("--pid: \"frontend\" is not NAME=VALUE"));
  EXPECT_THAT(Error({"--domain", "a", "--pid", "frontend=abc"}),
              HasSubstr("not a process id"));
  EXPECT_THAT(Error({"--domain", "a", "--label", "=x"}), HasSubstr("--label"));
  EXPECT_THAT(Error({"--domain", "a", "--ceiling-per-s", "0"}),
              HasSubstr("--ceiling-per-s"));
  EXPECT_THAT(Error({"--domain", "a", "--threads", "0"}),
              HasSubstr("--threads"));
  EXPECT_THAT(Error({"--domain", "a", "--stream", "batch"}),
              HasSubstr("--stream: \"batch\" is not batches or events"));
  EXPECT_THAT(Error({"--domain", "a", "--streams", "0"}),
              HasSubstr("--streams"));
  EXPECT_THAT(Error({"--domain", "a", "--bogus", "1"}),
              HasSubstr("unknown flag --bogus"));
  EXPECT_THAT(Error({"--domain", "a", "extra"}), HasSubstr("unexpected"));
  EXPECT_THAT(Error({"--domains", "/nonexistent/list"}),
              HasSubstr("--domains: cannot read"));
  EXPECT_THAT(Error({"--domain", "a", "--target", "localhost"}),
              HasSubstr("--target"));
}

TEST(OptionsTest, DomainListFormats) {
  EXPECT_THAT(ParseDomainList("# comment\n\ncontoso.com\tNOERROR\tx\n"
                              "  fabrikam.com  \nlitware.com # trailing\n"),
              ElementsAre("contoso.com", "fabrikam.com", "litware.com"));
  EXPECT_TRUE(ParseDomainList("# only comments\n").empty());
}

TEST(OptionsTest, DomainsFileAndDomainFlagsAdd) {
  std::string path = ::testing::TempDir() + "/load_options_domains.tsv";
  {
    std::ofstream out(path);
    out << "# header\nx.example\tNOERROR\ny.example\n";
  }
  absl::StatusOr<Options> o =
      Parse({"--domains", path, "--domain", "z.example"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_THAT(o->domains, ElementsAre("x.example", "y.example", "z.example"));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace ndrdiag::bench
