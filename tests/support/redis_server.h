// TestRedisServer: a real, private redis-server for integration tests.
//
// Runs Debian's /usr/bin/redis-server on a free 127.0.0.1 port in a fresh
// temporary directory, with the durability settings production uses
// (appendonly yes, appendfsync always, no RDB snapshots), so tests can kill
// and restart it and see exactly what a restarted production Redis keeps.
//
//   TestRedisServer redis;
//   ASSERT_TRUE(redis.Start().ok());
//   RedisConnection conn(redis.endpoint(), {});
//   ...
//   redis.Kill();               // SIGKILL: a crash
//   ASSERT_TRUE(redis.Start().ok());  // same port, same dir: AOF replayed
//
// Start() returns only once PING is answered (deadline 10 s), so the server
// is ready for commands. The destructor stops the server and removes the
// directory (kept when NDRDIAG_KEEP_TEST_DIRS is set, for post-mortems;
// the log is redis.log in dir()). The server dies with the thread that
// started it (PR_SET_PDEATHSIG), so a crashing test leaves no server
// behind: call Start() from a thread that outlives the server (normally
// the test's own). Not thread-safe.
#ifndef NDRDIAG_TESTS_SUPPORT_REDIS_SERVER_H_
#define NDRDIAG_TESTS_SUPPORT_REDIS_SERVER_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/redis/redis_connection.h"

namespace ndrdiag {

class TestRedisServer {
 public:
  // `extra_args` are appended to the command line, e.g.
  // {"--requirepass", "secret"}; endpoint() then carries that password.
  explicit TestRedisServer(std::vector<std::string> extra_args = {});
  ~TestRedisServer();
  TestRedisServer(const TestRedisServer&) = delete;
  TestRedisServer& operator=(const TestRedisServer&) = delete;

  // Starts the server and waits until it answers. The first call picks the
  // port and creates the directory; later calls (after Stop or Kill) reuse
  // both. FAILED_PRECONDITION if it is running already.
  absl::Status Start();
  // SIGTERM (Redis flushes the AOF and exits), then waits; SIGKILL after
  // 10 s. OK if it was not running.
  absl::Status Stop();
  // SIGKILL and wait: a crash. Nothing after the last fsync survives.
  void Kill();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  // 127.0.0.1, the port, the --requirepass password if one was given.
  RedisEndpoint endpoint() const;
  // "redis://127.0.0.1:PORT" (with ":password@" when there is one).
  std::string url() const;
  const std::string& dir() const { return dir_; }
  // The server's log so far (for failure messages).
  std::string Log() const;

 private:
  absl::Status Spawn();
  absl::Status WaitUntilReady();
  void Reap(int signal);

  std::vector<std::string> extra_args_;
  std::string password_;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_TESTS_SUPPORT_REDIS_SERVER_H_
