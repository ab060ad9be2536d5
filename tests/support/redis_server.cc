#include "tests/support/redis_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace ndrdiag {
namespace {

constexpr char kRedisServer[] = "/usr/bin/redis-server";
constexpr absl::Duration kReadyDeadline = absl::Seconds(10);
constexpr absl::Duration kStopDeadline = absl::Seconds(10);

// A port the kernel just handed out and nobody holds now. Another process
// could take it before redis-server binds it; Start() retries then.
int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

TestRedisServer::TestRedisServer(std::vector<std::string> extra_args)
    : extra_args_(std::move(extra_args)) {
  for (size_t i = 0; i + 1 < extra_args_.size(); ++i) {
    if (extra_args_[i] == "--requirepass") password_ = extra_args_[i + 1];
  }
}

TestRedisServer::~TestRedisServer() {
  (void)Stop();
  if (!dir_.empty() && std::getenv("NDRDIAG_KEEP_TEST_DIRS") == nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

RedisEndpoint TestRedisServer::endpoint() const {
  RedisEndpoint ep;
  ep.host = "127.0.0.1";
  ep.port = port_;
  ep.password = password_;
  return ep;
}

std::string TestRedisServer::url() const {
  return absl::StrCat("redis://", password_.empty() ? "" : ":", password_,
                      password_.empty() ? "" : "@", "127.0.0.1:", port_);
}

std::string TestRedisServer::Log() const {
  std::ifstream in(dir_ + "/redis.log");
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

absl::Status TestRedisServer::Start() {
  if (running()) return absl::FailedPreconditionError("redis already running");
  if (dir_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = absl::StrCat(
        tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/ndrdiag-redis-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::InternalError(
          absl::StrCat("mkdtemp ", pattern, ": ", strerror(errno)));
    }
    dir_ = pattern;
  }
  const bool fixed_port = port_ != 0;
  absl::Status status;
  for (int attempt = 0; attempt < (fixed_port ? 1 : 5); ++attempt) {
    if (!fixed_port) port_ = FreeLoopbackPort();
    if (port_ == 0) return absl::InternalError("no free loopback port");
    status = Spawn();
    if (status.ok()) status = WaitUntilReady();
    if (status.ok()) return status;
    Reap(SIGKILL);
  }
  return status;
}

absl::Status TestRedisServer::Spawn() {
  std::vector<std::string> args = {kRedisServer,
                                   "--port",
                                   absl::StrCat(port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--dir",
                                   dir_,
                                   "--appendonly",
                                   "yes",
                                   "--appendfsync",
                                   "always",
                                   "--save",
                                   "",
                                   "--daemonize",
                                   "no",
                                   "--logfile",
                                   dir_ + "/redis.log"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0)
    return absl::InternalError(absl::StrCat("fork: ", strerror(errno)));
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      dup2(devnull, 0);
      dup2(devnull, 1);
    }
    setpgid(0, 0);  // not in the test's process group: ^C is for the test
    execv(kRedisServer, argv.data());
    _exit(127);
  }
  pid_ = pid;
  return absl::OkStatus();
}

absl::Status TestRedisServer::WaitUntilReady() {
  const absl::Time deadline = absl::Now() + kReadyDeadline;
  std::string last = "no answer";
  while (absl::Now() < deadline) {
    int wstatus = 0;
    if (waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError(
          absl::StrCat("redis-server exited at start-up; log:\n", Log()));
    }
    redisContext* ctx = redisConnectWithTimeout(
        "127.0.0.1", port_, absl::ToTimeval(absl::Milliseconds(200)));
    if (ctx != nullptr && ctx->err == 0) {
      redisSetTimeout(ctx, absl::ToTimeval(absl::Seconds(1)));
      auto* reply = static_cast<redisReply*>(redisCommand(ctx, "PING"));
      bool ready = false;
      if (reply != nullptr) {
        // NOAUTH also proves it serves; LOADING means the AOF replays.
        std::string text(reply->str != nullptr ? reply->str : "",
                         reply->str != nullptr ? reply->len : 0);
        ready =
            reply->type != REDIS_REPLY_ERROR || text.rfind("NOAUTH", 0) == 0;
        last = text;
        freeReplyObject(reply);
      }
      redisFree(ctx);
      if (ready) return absl::OkStatus();
    } else if (ctx != nullptr) {
      last = ctx->errstr;
      redisFree(ctx);
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat("redis-server on port ",
                                                  port_, " not ready in time (",
                                                  last, "); log:\n", Log()));
}

void TestRedisServer::Reap(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  const absl::Time deadline = absl::Now() + kStopDeadline;
  for (;;) {
    int wstatus = 0;
    pid_t r = waitpid(pid_, &wstatus, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) break;
    if (absl::Now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &wstatus, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  pid_ = -1;
}

absl::Status TestRedisServer::Stop() {
  Reap(SIGTERM);
  return absl::OkStatus();
}

void TestRedisServer::Kill() { Reap(SIGKILL); }

}  // namespace ndrdiag
