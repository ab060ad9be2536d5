// RedisConnection against a real redis-server: commands, pipelines, scripts
// across a restart, failing fast while Redis is down, and recovering.
#include "common/redis/redis_connection.h"

#include <string>
#include <thread>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace ndrdiag {
namespace {

using ::testing::HasSubstr;

RedisOptions FastOptions() {
  RedisOptions o;
  o.connect_timeout = absl::Milliseconds(500);
  o.command_timeout = absl::Seconds(2);
  o.max_backoff = absl::Milliseconds(200);
  return o;
}

// Repeats `command` until it succeeds or 10 s pass.
absl::StatusOr<RedisReply> UntilOk(RedisConnection& conn,
                                   const std::vector<std::string>& command) {
  absl::StatusOr<RedisReply> r;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  do {
    r = conn.Command(command);
    if (r.ok()) return r;
    absl::SleepFor(absl::Milliseconds(20));
  } while (absl::Now() < deadline);
  return r;
}

class RedisConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(redis_.Start().ok()); }
  TestRedisServer redis_;
};

TEST_F(RedisConnectionTest, CommandsAndReplyTypes) {
  RedisConnection conn(redis_.endpoint(), FastOptions());
  absl::StatusOr<RedisReply> r =
      conn.Command({"SET", "k", std::string("a\0b", 3)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->type, RedisReply::Type::kStatus);
  EXPECT_EQ(r->str, "OK");
  EXPECT_TRUE(conn.healthy());

  r = conn.Command({"GET", "k"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type, RedisReply::Type::kString);
  EXPECT_EQ(r->str, std::string("a\0b", 3));  // binary safe

  r = conn.Command({"GET", "missing"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->is_nil());

  r = conn.Command({"INCRBY", "n", "41"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type, RedisReply::Type::kInteger);
  EXPECT_EQ(r->integer, 41);

  r = conn.Command({"RPUSH", "l", "x", "y"});
  ASSERT_TRUE(r.ok());
  r = conn.Command({"LRANGE", "l", "0", "-1"});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->type, RedisReply::Type::kArray);
  ASSERT_EQ(r->elements.size(), 2u);
  EXPECT_EQ(r->elements[1].str, "y");

  // A Redis error is a reply, not a failed status.
  r = conn.Command({"INCR", "k"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->is_error());
  EXPECT_THAT(r->str, HasSubstr("ERR"));
}

TEST_F(RedisConnectionTest, PipelineReturnsEveryReplyInOrder) {
  RedisConnection conn(redis_.endpoint(), FastOptions());
  absl::StatusOr<std::vector<RedisReply>> replies = conn.Pipeline(
      {{"SET", "a", "1"}, {"INCR", "a"}, {"BADCOMMAND"}, {"GET", "a"}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 4u);
  EXPECT_EQ((*replies)[0].str, "OK");
  EXPECT_EQ((*replies)[1].integer, 2);
  EXPECT_TRUE((*replies)[2].is_error());
  EXPECT_EQ((*replies)[3].str, "2");
}

TEST_F(RedisConnectionTest, EvalSurvivesScriptFlushAndRestart) {
  const std::string script =
      "redis.call('INCRBY', KEYS[1], ARGV[1]) "
      "return redis.call('GET', KEYS[1])";
  RedisConnection conn(redis_.endpoint(), FastOptions());
  absl::StatusOr<RedisReply> r = conn.Eval(script, {"counter"}, {"5"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->str, "5");

  ASSERT_TRUE(conn.Command({"SCRIPT", "FLUSH"}).ok());
  r = conn.Eval(script, {"counter"}, {"1"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->is_error()) << r->str;
  EXPECT_EQ(r->str, "6");

  // A restart empties Redis's script cache; ours still has the sha.
  ASSERT_TRUE(redis_.Stop().ok());
  ASSERT_TRUE(redis_.Start().ok());
  ASSERT_TRUE(UntilOk(conn, {"PING"}).ok());
  r = conn.Eval(script, {"counter"}, {"1"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->is_error()) << r->str;
  EXPECT_EQ(r->str, "7");  // the AOF kept the counter
}

TEST_F(RedisConnectionTest, EvalPipelineRunsEachCallOnceInOrder) {
  // Two scripts this process has never loaded, then a SCRIPT FLUSH: every
  // call must run exactly once either way (the counter says so).
  const std::string incr = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
  const std::string append = "return redis.call('APPEND', KEYS[1], ARGV[1])";
  RedisConnection conn(redis_.endpoint(), FastOptions());
  for (int round = 0; round < 2; ++round) {
    absl::StatusOr<std::vector<RedisReply>> replies =
        conn.EvalPipeline({{&incr, {"n"}, {"1"}},
                           {&append, {"s"}, {"a"}},
                           {&incr, {"n"}, {"10"}},
                           {&append, {"s"}, {"b"}}});
    ASSERT_TRUE(replies.ok()) << replies.status();
    ASSERT_EQ(replies->size(), 4u);
    EXPECT_EQ((*replies)[0].integer, round * 11 + 1);
    EXPECT_EQ((*replies)[1].integer, round * 2 + 1);
    EXPECT_EQ((*replies)[2].integer, round * 11 + 11);
    EXPECT_EQ((*replies)[3].integer, round * 2 + 2);
    ASSERT_TRUE(conn.Command({"SCRIPT", "FLUSH"}).ok());
  }
  absl::StatusOr<RedisReply> s = conn.Command({"GET", "s"});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->str, "abab");
}

// SCRIPT LOAD calls Redis has answered so far.
int64_t ScriptLoads(RedisConnection& conn) {
  absl::StatusOr<RedisReply> info = conn.Command({"INFO", "commandstats"});
  if (!info.ok()) return -1;
  const std::string key = "cmdstat_script|load:calls=";
  const size_t at = info->str.find(key);
  if (at == std::string::npos) return 0;
  return std::stoll(info->str.substr(at + key.size()));
}

TEST_F(RedisConnectionTest, EvalPipelineLoadsAScriptOncePerConnection) {
  const std::string incr = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
  RedisConnection conn(redis_.endpoint(), FastOptions());
  RedisConnection observer(redis_.endpoint(), FastOptions());
  const int64_t before = ScriptLoads(observer);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(conn.EvalPipeline({{&incr, {"n"}, {"1"}}}).ok());
  }
  EXPECT_EQ(ScriptLoads(observer), before + 1);
  // Another connection loads it for itself (cheap: Redis has it cached).
  RedisConnection other(redis_.endpoint(), FastOptions());
  ASSERT_TRUE(other.EvalPipeline({{&incr, {"n"}, {"1"}}}).ok());
  EXPECT_EQ(ScriptLoads(observer), before + 2);

  // A restarted Redis has no scripts; the new connection loads again, in
  // the same round trip, and every call runs once.
  ASSERT_TRUE(redis_.Stop().ok());
  ASSERT_TRUE(redis_.Start().ok());
  ASSERT_TRUE(UntilOk(conn, {"PING"}).ok());
  absl::StatusOr<std::vector<RedisReply>> replies =
      conn.EvalPipeline({{&incr, {"n"}, {"1"}}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  EXPECT_EQ((*replies)[0].integer, 5);  // 4 before (AOF) + 1
  RedisConnection fresh_observer(redis_.endpoint(), FastOptions());
  EXPECT_EQ(ScriptLoads(fresh_observer), 1);
}

TEST_F(RedisConnectionTest, EvalPipelineIsUnavailableWhileRedisIsBusy) {
  // A script that never ends makes Redis answer -BUSY to everything else
  // (as it answers -LOADING after a restart): transient, so UNAVAILABLE,
  // which the publisher retries, not an internal error it gives up on.
  const std::string incr = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
  RedisConnection conn(redis_.endpoint(), FastOptions());
  // Loaded before Redis gets busy: the EVALSHA itself is refused then.
  ASSERT_TRUE(conn.EvalPipeline({{&incr, {"n"}, {"1"}}}).ok());
  ASSERT_TRUE(
      conn.Command({"CONFIG", "SET", "busy-reply-threshold", "10"}).ok());
  std::thread busy([endpoint = redis_.endpoint()] {
    RedisOptions slow = FastOptions();
    slow.command_timeout = absl::Seconds(20);
    RedisConnection loop(endpoint, slow);
    (void)loop.Command({"EVAL", "while true do end", "0"});
  });
  absl::StatusOr<std::vector<RedisReply>> replies;
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  do {
    absl::SleepFor(absl::Milliseconds(50));
    replies = conn.EvalPipeline({{&incr, {"n"}, {"1"}}});
  } while (replies.ok() && absl::Now() < give_up);
  EXPECT_EQ(replies.status().code(), absl::StatusCode::kUnavailable)
      << replies.status();
  EXPECT_THAT(replies.status().message(), HasSubstr("BUSY"));
  EXPECT_TRUE(UntilOk(conn, {"SCRIPT", "KILL"}).ok());
  busy.join();
  replies = conn.EvalPipeline({{&incr, {"n"}, {"1"}}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  EXPECT_FALSE((*replies)[0].is_error()) << (*replies)[0].str;
}

TEST_F(RedisConnectionTest, UnavailableWhileDownThenRecovers) {
  RedisConnection conn(redis_.endpoint(), FastOptions());
  ASSERT_TRUE(conn.Command({"SET", "k", "v"}).ok());
  redis_.Kill();

  absl::StatusOr<RedisReply> r = conn.Command({"GET", "k"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  EXPECT_FALSE(conn.healthy());
  // While backing off, calls fail at once without trying to connect.
  r = conn.Command({"GET", "k"});
  r = conn.Command({"GET", "k"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(r.status().message(), HasSubstr("next attempt"));
  absl::StatusOr<std::vector<RedisReply>> p = conn.Pipeline({{"PING"}});
  EXPECT_EQ(p.status().code(), absl::StatusCode::kUnavailable);
  r = conn.Eval("return 1", {}, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);

  ASSERT_TRUE(redis_.Start().ok());
  r = UntilOk(conn, {"GET", "k"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->str, "v");  // appendfsync always: acknowledged means kept
  EXPECT_TRUE(conn.healthy());
}

TEST_F(RedisConnectionTest, FirstCommandAfterARestartSucceeds) {
  RedisConnection conn(redis_.endpoint(), FastOptions());
  ASSERT_TRUE(conn.Command({"PING"}).ok());
  ASSERT_TRUE(redis_.Stop().ok());
  ASSERT_TRUE(redis_.Start().ok());
  // The idle connection was closed by the old server; it is noticed before
  // sending rather than failing this command.
  absl::StatusOr<RedisReply> r = conn.Command({"PING"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->str, "PONG");
}

TEST_F(RedisConnectionTest, UnreachableFromTheStart) {
  RedisEndpoint nowhere = redis_.endpoint();
  ASSERT_TRUE(redis_.Stop().ok());
  RedisConnection conn(nowhere, FastOptions());
  absl::StatusOr<RedisReply> r = conn.Command({"PING"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(r.status().message(), HasSubstr("127.0.0.1"));
  EXPECT_FALSE(conn.healthy());
}

TEST_F(RedisConnectionTest, BlockingCommandsAndDeadlines) {
  RedisOptions options = FastOptions();
  options.command_timeout = absl::Milliseconds(300);
  RedisConnection conn(redis_.endpoint(), options);
  // The block outlasts the command timeout: CommandWithTimeout allows it.
  absl::StatusOr<RedisReply> r =
      conn.CommandWithTimeout({"BLPOP", "empty", "1"}, absl::Seconds(3));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->is_nil());
  // Plain Command keeps its own deadline.
  r = conn.Command({"BLPOP", "empty", "2"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded)
      << r.status();
  // The late reply must not be taken for the next command's.
  r = UntilOk(conn, {"ECHO", "next"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->str, "next");
}

TEST(RedisConnectionAuthTest, AuthAndSelect) {
  TestRedisServer redis({"--requirepass", "pa ss"});
  ASSERT_TRUE(redis.Start().ok());
  RedisEndpoint ep = redis.endpoint();
  ep.db = 3;
  RedisConnection conn(ep, FastOptions());
  ASSERT_TRUE(conn.Command({"SET", "where", "db3"}).ok());

  RedisEndpoint db0 = redis.endpoint();
  RedisConnection other(db0, FastOptions());
  absl::StatusOr<RedisReply> r = other.Command({"GET", "where"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->is_nil());

  absl::StatusOr<RedisEndpoint> parsed = ParseRedisUrl(
      "redis://:pa%20ss@127.0.0.1:" + std::to_string(redis.port()) + "/3");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  RedisConnection via_url(*parsed, FastOptions());
  r = via_url.Command({"GET", "where"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->str, "db3");

  RedisEndpoint wrong = redis.endpoint();
  wrong.password = "nope";
  RedisConnection bad(wrong, FastOptions());
  r = bad.Command({"PING"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(r.status().message(), HasSubstr("AUTH"));
  EXPECT_THAT(r.status().message(), ::testing::Not(HasSubstr("nope")));
}

}  // namespace
}  // namespace ndrdiag
