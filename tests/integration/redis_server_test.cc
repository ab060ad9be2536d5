// TestRedisServer itself: the settings other tests rely on, and restarts on
// the same port and directory.
#include "tests/support/redis_server.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

std::string ConfigGet(RedisConnection& conn, const std::string& name) {
  absl::StatusOr<RedisReply> r = conn.Command({"CONFIG", "GET", name});
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok() || r->elements.size() != 2) return "?";
  return r->elements[1].str;
}

TEST(TestRedisServerTest, DurableSettingsAndRestartOnTheSamePort) {
  std::string dir;
  {
    TestRedisServer redis;
    ASSERT_TRUE(redis.Start().ok());
    EXPECT_EQ(redis.Start().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(redis.running());
    EXPECT_EQ(redis.url(), "redis://127.0.0.1:" + std::to_string(redis.port()));
    dir = redis.dir();
    RedisConnection conn(redis.endpoint(), {});
    EXPECT_EQ(ConfigGet(conn, "appendonly"), "yes");
    EXPECT_EQ(ConfigGet(conn, "appendfsync"), "always");
    EXPECT_EQ(ConfigGet(conn, "save"), "");
    EXPECT_EQ(ConfigGet(conn, "bind"), "127.0.0.1");
    EXPECT_EQ(ConfigGet(conn, "dir"), dir);

    const int port = redis.port();
    redis.Kill();
    EXPECT_FALSE(redis.running());
    ASSERT_TRUE(redis.Start().ok());
    EXPECT_EQ(redis.port(), port);
    EXPECT_EQ(redis.dir(), dir);
    EXPECT_THAT(redis.Log(), ::testing::HasSubstr("Ready to accept"));
    ASSERT_TRUE(redis.Stop().ok());
    EXPECT_TRUE(redis.Stop().ok());  // already stopped
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(TestRedisServerTest, PasswordGoesIntoEndpointAndUrl) {
  TestRedisServer redis({"--requirepass", "pw"});
  ASSERT_TRUE(redis.Start().ok());
  EXPECT_EQ(redis.endpoint().password, "pw");
  EXPECT_EQ(redis.url(),
            "redis://:pw@127.0.0.1:" + std::to_string(redis.port()));
  RedisConnection conn(redis.endpoint(), {});
  absl::StatusOr<RedisReply> r = conn.Command({"PING"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->str, "PONG");
}

}  // namespace
}  // namespace ndrdiag
