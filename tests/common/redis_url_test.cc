// ParseRedisUrl: the forms operators write in --redis, and clear errors for
// the rest (never echoing the password).
#include "common/redis/redis_connection.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ParseRedisUrlTest, FullUrl) {
  absl::StatusOr<RedisEndpoint> ep =
      ParseRedisUrl("redis://:s3cret@redis.example:6380/2");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->host, "redis.example");
  EXPECT_EQ(ep->port, 6380);
  EXPECT_EQ(ep->password, "s3cret");
  EXPECT_EQ(ep->db, 2);
}

TEST(ParseRedisUrlTest, Defaults) {
  absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl("redis://localhost");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->host, "localhost");
  EXPECT_EQ(ep->port, 6379);
  EXPECT_EQ(ep->password, "");
  EXPECT_EQ(ep->db, 0);

  ep = ParseRedisUrl("redis://10.0.0.1:7000/");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->port, 7000);
  EXPECT_EQ(ep->db, 0);
}

TEST(ParseRedisUrlTest, HostPortWithoutScheme) {
  absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl("127.0.0.1:6390");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->host, "127.0.0.1");
  EXPECT_EQ(ep->port, 6390);

  ep = ParseRedisUrl("redis-master");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->host, "redis-master");
  EXPECT_EQ(ep->port, 6379);
}

TEST(ParseRedisUrlTest, DefaultUserAndPercentEncodedPassword) {
  absl::StatusOr<RedisEndpoint> ep =
      ParseRedisUrl("redis://default:p%40ss%3Aword@h:1");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->password, "p@ss:word");
  ep = ParseRedisUrl("redis://justpassword@h");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->password, "justpassword");
}

TEST(ParseRedisUrlTest, BracketedIpv6) {
  absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl("redis://[::1]:6381");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->host, "::1");
  EXPECT_EQ(ep->port, 6381);
}

struct BadUrl {
  const char* url;
  const char* message;
};

class ParseRedisUrlErrorTest : public ::testing::TestWithParam<BadUrl> {};

TEST_P(ParseRedisUrlErrorTest, IsInvalidArgumentNamingTheProblem) {
  absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl(GetParam().url);
  ASSERT_FALSE(ep.ok()) << GetParam().url;
  EXPECT_EQ(ep.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ep.status().message(), HasSubstr("redis url"));
  EXPECT_THAT(ep.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseRedisUrlErrorTest,
    ::testing::Values(
        BadUrl{"", "empty"}, BadUrl{"http://h:1", "scheme"},
        BadUrl{"rediss://h:1", "TLS"}, BadUrl{"redis://", "host is empty"},
        BadUrl{"redis://:6379", "host is empty"},
        BadUrl{"redis://h:", "port is empty"}, BadUrl{"redis://h:0", "port"},
        BadUrl{"redis://h:65536", "port"}, BadUrl{"redis://h:12ab", "port"},
        BadUrl{"redis://h:-1", "port"}, BadUrl{"redis://h:1/x", "database"},
        BadUrl{"redis://h:1/-3", "database"},
        BadUrl{"redis://h:1?timeout=3", "query"},
        BadUrl{"redis://bob:pw@h", "user names"},
        BadUrl{"redis://:@h", "password is empty"},
        BadUrl{"redis://:a%zz@h", "escape"}, BadUrl{"redis://[::1:6379", "]"},
        BadUrl{"::1", "brackets"}, BadUrl{"redis://h st:1", "host"}));

TEST(ParseRedisUrlTest, ErrorsNeverShowThePassword) {
  absl::StatusOr<RedisEndpoint> ep =
      ParseRedisUrl("redis://:topsecret@h:notaport");
  ASSERT_FALSE(ep.ok());
  EXPECT_THAT(ep.status().message(), Not(HasSubstr("topsecret")));
}

}  // namespace
}  // namespace ndrdiag
