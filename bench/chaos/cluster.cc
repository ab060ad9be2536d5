#include "bench/chaos/cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ndrdiag::chaos {
namespace {

bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

}  // namespace

absl::StatusOr<int> FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int err = errno;
    close(fd);
    return absl::InternalError(absl::StrCat("free port: ", std::strerror(err)));
  }
  close(fd);
  return ntohs(addr.sin_port);
}

Cluster::Cluster(ClusterOptions options) : options_(std::move(options)) {}

Cluster::~Cluster() { Stop(); }

std::string Cluster::LogPath(const std::string& name) const {
  return absl::StrCat(options_.work_dir, "/", name, ".log");
}

absl::StatusOr<std::unique_ptr<Cluster>> Cluster::Start(
    ClusterOptions options) {
  std::unique_ptr<Cluster> cluster(new Cluster(std::move(options)));
  if (absl::Status s = cluster->StartRedis(); !s.ok()) return s;
  if (absl::Status s = cluster->StartFrontend(); !s.ok()) return s;
  if (absl::Status s = cluster->StartWorkers(); !s.ok()) return s;
  return cluster;
}

absl::Status Cluster::StartRedis() {
  absl::StatusOr<int> port = FreeLoopbackPort();
  if (!port.ok()) return port.status();
  redis_endpoint_.port = *port;
  std::string dir = absl::StrCat(options_.work_dir, "/redis");
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return absl::InternalError(
        absl::StrCat("mkdir ", dir, ": ", std::strerror(errno)));
  }
  // appendfsync always: Redis writes and fsyncs the AOF before it answers,
  // so a job whose create was acknowledged survives SIGKILL. No RDB
  // snapshots: the AOF alone is what is being tested.
  redis_ = std::make_unique<ChildProcess>(
      "redis",
      std::vector<std::string>{options_.redis_server, "--port",
                               absl::StrCat(*port), "--bind", "127.0.0.1",
                               "--dir", dir, "--appendonly", "yes",
                               "--appendfsync", "always", "--save", "",
                               "--daemonize", "no", "--protected-mode", "yes"},
      LogPath("redis"));
  if (absl::Status s = redis_->Start(); !s.ok()) return s;
  return WaitRedisReady();
}

absl::Status Cluster::WaitRedisReady() {
  RedisOptions redis_options;
  redis_options.max_backoff = absl::Milliseconds(50);
  RedisConnection redis(redis_endpoint_, redis_options);
  absl::Time deadline = absl::Now() + options_.ready_timeout;
  while (absl::Now() < deadline) {
    // PING answers -LOADING while the AOF is replayed.
    absl::StatusOr<RedisReply> pong = redis.Command({"PING"});
    if (pong.ok() && pong->str == "PONG") return absl::OkStatus();
    if (!redis_->Running()) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "redis-server did not answer PING on port ", redis_endpoint_.port, " (",
      redis_->last_exit(), "); see ", LogPath("redis")));
}

absl::Status Cluster::StartFrontend() {
  absl::StatusOr<int> port = FreeLoopbackPort();
  if (!port.ok()) return port.status();
  frontend_address_ = absl::StrCat("127.0.0.1:", *port);
  std::vector<std::string> argv = {
      absl::StrCat(options_.bin_dir, "/ndrdiag-frontend"), "--listen",
      frontend_address_, "--redis",
      absl::StrCat("redis://127.0.0.1:", redis_endpoint_.port),
      // Several clusters and restarted processes share the machine: no
      // fixed metrics port (the harness counts through Redis).
      "--metrics-listen", ""};
  argv.insert(argv.end(), options_.frontend_args.begin(),
              options_.frontend_args.end());
  frontend_ = std::make_unique<ChildProcess>("frontend", std::move(argv),
                                             LogPath("frontend"));
  if (absl::Status s = frontend_->Start(); !s.ok()) return s;
  return WaitFrontendReady();
}

absl::Status Cluster::WaitFrontendReady() {
  int port = 0;
  (void)absl::SimpleAtoi(
      frontend_address_.substr(frontend_address_.rfind(':') + 1), &port);
  absl::Time deadline = absl::Now() + options_.ready_timeout;
  while (absl::Now() < deadline) {
    if (CanConnect(port)) return absl::OkStatus();
    if (!frontend_->Running()) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "ndrdiag-frontend did not listen on ", frontend_address_, " (",
      frontend_->last_exit(), "); see ", LogPath("frontend")));
}

absl::Status Cluster::StartWorkers() {
  for (int i = 0; i < options_.workers; ++i) {
    std::vector<std::string> argv = {
        absl::StrCat(options_.bin_dir, "/ndrdiag-worker"),
        "--redis",
        absl::StrCat("redis://127.0.0.1:", redis_endpoint_.port),
        "--metrics-listen",
        "",
        "--health-listen",
        ""};
    argv.insert(argv.end(), options_.worker_args.begin(),
                options_.worker_args.end());
    std::string name = absl::StrCat("worker", i + 1);
    workers_.push_back(
        std::make_unique<ChildProcess>(name, std::move(argv), LogPath(name)));
    if (absl::Status s = workers_.back()->Start(); !s.ok()) return s;
  }
  // A worker that rejects its flags exits at once; better to say so now
  // than to count every job as lost.
  absl::SleepFor(absl::Milliseconds(300));
  for (auto& worker : workers_) {
    if (!worker->Running()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "ndrdiag-worker ", worker->name(), " exited at start (",
          worker->last_exit(), "); see ", LogPath(worker->name())));
    }
  }
  return absl::OkStatus();
}

absl::Status Cluster::KillAndRestartWorker(int index) {
  ChildProcess& worker = *workers_.at(index);
  worker.Kill();
  return worker.Start();
}

absl::StatusOr<absl::Duration> Cluster::KillAndRestartRedis() {
  absl::Time down = absl::Now();
  redis_->Kill();
  if (absl::Status s = redis_->Start(); !s.ok()) return s;
  if (absl::Status s = WaitRedisReady(); !s.ok()) return s;
  return absl::Now() - down;
}

absl::Status Cluster::KillAndRestartFrontend() {
  frontend_->Kill();
  if (absl::Status s = frontend_->Start(); !s.ok()) return s;
  return WaitFrontendReady();
}

std::vector<std::string> Cluster::RestartCrashed() {
  std::vector<std::string> crashed;
  std::vector<ChildProcess*> all = {redis_.get(), frontend_.get()};
  for (auto& worker : workers_) all.push_back(worker.get());
  for (ChildProcess* process : all) {
    if (process == nullptr || process->Running()) continue;
    crashed.push_back(
        absl::StrCat(process->name(), " (", process->last_exit(), ")"));
    (void)process->Start();
  }
  return crashed;
}

void Cluster::KillWorkers() {
  for (auto& worker : workers_) worker->Kill();
}

void Cluster::Stop() {
  KillWorkers();
  if (frontend_) frontend_->Stop(SIGTERM, absl::Seconds(5));
  if (redis_) redis_->Stop(SIGTERM, absl::Seconds(5));
}

}  // namespace ndrdiag::chaos
