#include "bench/chaos/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ndrdiag::chaos {

ChildProcess::ChildProcess(std::string name, std::vector<std::string> argv,
                           std::string log_path)
    : name_(std::move(name)),
      argv_(std::move(argv)),
      log_path_(std::move(log_path)) {}

ChildProcess::~ChildProcess() { Kill(); }

absl::Status ChildProcess::Start() {
  if (Running()) return absl::FailedPreconditionError(name_ + " is running");
  int log =
      open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    return absl::InternalError(
        absl::StrCat("cannot open ", log_path_, ": ", std::strerror(errno)));
  }
  ++starts_;
  // Everything the child touches between fork and exec is prepared here:
  // after fork only async-signal-safe calls are allowed (gRPC threads run).
  std::vector<char*> args;
  for (std::string& arg : argv_) args.push_back(arg.data());
  args.push_back(nullptr);
  // The children get their settings from their command line only: an
  // NDRDIAG_* variable of the caller's shell (NDRDIAG_CONCURRENCY, ...)
  // would otherwise change the cluster under test.
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "NDRDIAG_", 8) != 0) env.push_back(*e);
  }
  env.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(log);
    return absl::InternalError(
        absl::StrCat("fork for ", name_, ": ", std::strerror(err)));
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    // Own process group: a Ctrl-C at the terminal reaches only the harness,
    // which then stops its children in order.
    setpgid(0, 0);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, 0);
    dup2(log, 1);
    dup2(log, 2);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(args[0], args.data(), env.data());
    const char msg[] = "ndrdiag-chaos: exec failed\n";
    (void)!write(2, msg, sizeof(msg) - 1);
    _exit(127);
  }
  std::string banner =
      absl::StrCat("==== ndrdiag-chaos: start #", starts_, " of ", name_,
                   " (pid ", pid, "): ", absl::StrJoin(argv_, " "), "\n");
  (void)!write(log, banner.data(), banner.size());
  close(log);
  pid_ = pid;
  last_exit_.clear();
  return absl::OkStatus();
}

void ChildProcess::Reaped(int wait_status) {
  pid_ = -1;
  if (WIFSIGNALED(wait_status)) {
    last_exit_ = absl::StrCat("signal ", WTERMSIG(wait_status));
  } else {
    last_exit_ = absl::StrCat("exit ", WEXITSTATUS(wait_status));
  }
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  int wait_status = 0;
  pid_t done = waitpid(pid_, &wait_status, WNOHANG);
  if (done == pid_) {
    Reaped(wait_status);
    return false;
  }
  return done == 0;
}

void ChildProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int wait_status = 0;
  while (waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
  }
  Reaped(wait_status);
}

void ChildProcess::Stop(int signal, absl::Duration grace) {
  if (!Running()) return;
  kill(pid_, signal);
  absl::Time deadline = absl::Now() + grace;
  while (absl::Now() < deadline) {
    if (!Running()) return;
    absl::SleepFor(absl::Milliseconds(20));
  }
  Kill();
}

}  // namespace ndrdiag::chaos
