// RedisConnection: one synchronous hiredis connection with deadlines and
// reconnection.
//
// Every command has a deadline (connect and command timeouts); a broken
// connection is re-established on the next command, but not more often than
// an exponential backoff (100 ms doubling to 2 s) allows, so that callers get
// UNAVAILABLE at once while Redis is down instead of waiting each time.
// Scripts are run by EVALSHA and loaded on NOSCRIPT (EvalPipeline: once per
// connection, before their first call on it), so a Redis restart (which
// empties the script cache) is transparent.
//
// Not thread-safe: one connection per thread (or guarded by the owner).
#ifndef NDRDIAG_COMMON_REDIS_REDIS_CONNECTION_H_
#define NDRDIAG_COMMON_REDIS_REDIS_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

struct redisContext;

namespace ndrdiag {

// Where Redis is: parsed from "redis://[:password@]host[:port][/db]" or
// "host:port". Default port 6379, db 0.
struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;
  int db = 0;
};
// INVALID_ARGUMENT naming what is wrong with `url`.
absl::StatusOr<RedisEndpoint> ParseRedisUrl(std::string_view url);

// A decoded reply. Errors from Redis ("-ERR ...") are kError replies, not
// failed statuses: the status of a command is only non-OK for transport
// failures (UNAVAILABLE / DEADLINE_EXCEEDED).
struct RedisReply {
  enum class Type { kNil, kString, kStatus, kError, kInteger, kArray };
  Type type = Type::kNil;
  std::string str;  // kString, kStatus, kError
  int64_t integer = 0;
  std::vector<RedisReply> elements;  // kArray

  bool is_nil() const { return type == Type::kNil; }
  bool is_error() const { return type == Type::kError; }
};

struct RedisOptions {
  absl::Duration connect_timeout = absl::Milliseconds(500);
  absl::Duration command_timeout = absl::Seconds(1);
  absl::Duration max_backoff = absl::Seconds(2);
};

class RedisConnection {
 public:
  RedisConnection(RedisEndpoint endpoint, RedisOptions options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Runs one command. UNAVAILABLE when Redis cannot be reached (the message
  // says why), DEADLINE_EXCEEDED when it did not answer in time.
  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv);

  // Sends all commands, then reads all replies (one round trip).
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands);

  // EVALSHA of `script` (loaded on NOSCRIPT) with the given keys and args.
  absl::StatusOr<RedisReply> Eval(const std::string& script,
                                  const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args);

  // One script call of EvalPipeline.
  struct ScriptCall {
    const std::string* script;  // not owned; outlives the call
    std::vector<std::string> keys;
    std::vector<std::string> args;
  };
  // Runs many script calls in one round trip. A script not yet loaded on
  // this connection is loaded (SCRIPT LOAD) in the same pipeline, right
  // before the EVALSHAs: Redis loses its script cache only when it restarts,
  // which also breaks the connection, so a restarted Redis costs no second
  // round trip and no call runs twice. After a SCRIPT FLUSH the calls answer
  // NOSCRIPT, did not run, and are sent again with their scripts; if only
  // some did (a flush between two calls of one pipeline), UNAVAILABLE: the
  // caller's retry then repeats the others (at least once). One reply per
  // call, in order. UNAVAILABLE also when Redis refuses a call or a load as
  // BUSY or LOADING (transient), as for a lost connection.
  absl::StatusOr<std::vector<RedisReply>> EvalPipeline(
      const std::vector<ScriptCall>& calls);

  // Like Command, but with `timeout` as the read deadline (for blocking
  // commands such as XREADGROUP ... BLOCK).
  absl::StatusOr<RedisReply> CommandWithTimeout(
      const std::vector<std::string>& argv, absl::Duration timeout);

  // True when the last command reached Redis.
  bool healthy() const { return ctx_ != nullptr; }

  const RedisEndpoint& endpoint() const { return endpoint_; }

 private:
  absl::Status EnsureConnected();
  // Buffers one command (sent with the next read).
  absl::Status AppendCommand(std::vector<const char*>& ptrs,
                             const std::vector<size_t>& lens);
  // Sends what is buffered and reads `count` replies.
  absl::StatusOr<std::vector<RedisReply>> ReadReplies(size_t count);
  void Disconnect(std::string_view why);

  RedisEndpoint endpoint_;
  RedisOptions options_;
  redisContext* ctx_ = nullptr;
  absl::Time next_attempt_ = absl::InfinitePast();
  absl::Duration backoff_;
  // Why the last connection attempt failed; repeated while backing off.
  std::string last_error_;
  // Digests of the scripts EvalPipeline loaded on this connection.
  absl::flat_hash_set<std::string> loaded_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_REDIS_REDIS_CONNECTION_H_
