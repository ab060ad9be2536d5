// ChildProcess: one process of the harness's cluster, started with fork and
// exec, its output appended to a log file, stopped by its PID.
//
// Children get PR_SET_PDEATHSIG(SIGKILL), so nothing outlives a harness that
// is killed itself. That signal follows the *thread* that forked, so start
// children from one long-lived thread (the harness uses its main thread).
// Not thread-safe.
#ifndef NDRDIAG_BENCH_CHAOS_CHILD_PROCESS_H_
#define NDRDIAG_BENCH_CHAOS_CHILD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace ndrdiag::chaos {

class ChildProcess {
 public:
  // `argv[0]` is the path of the program.
  ChildProcess(std::string name, std::vector<std::string> argv,
               std::string log_path);
  // Kills (SIGKILL) and reaps a child still running.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts the program (again, if it ran before). The log file gets a line
  // naming the start before the program's own output.
  absl::Status Start();
  // SIGKILL, then waits for it. Fine when it is not running.
  void Kill();
  // `signal` (e.g. SIGTERM), then SIGKILL if it has not exited by `grace`.
  void Stop(int signal, absl::Duration grace);
  // False once it exited (reaps it).
  bool Running();

  const std::string& name() const { return name_; }
  pid_t pid() const { return pid_; }
  // How it last exited, e.g. "exit 2" or "signal 9" ("" while running).
  const std::string& last_exit() const { return last_exit_; }

 private:
  void Reaped(int wait_status);

  std::string name_;
  std::vector<std::string> argv_;
  std::string log_path_;
  pid_t pid_ = -1;
  int starts_ = 0;
  std::string last_exit_;
};

}  // namespace ndrdiag::chaos

#endif  // NDRDIAG_BENCH_CHAOS_CHILD_PROCESS_H_
