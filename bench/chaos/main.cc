// ndrdiag-chaos: the crash harness (see bench/chaos/chaos_run.h and
// docs/chaos.md).
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "bench/chaos/chaos_run.h"
#include "common/flags.h"

namespace {

constexpr char kDescription[] =
    "Crash harness: starts Redis (AOF, appendfsync always), one frontend and "
    "several workers from --bin-dir, submits diagnoses of the lab's sample "
    "domains, SIGKILLs a random worker every --kill-interval (restarting it "
    "at once) and Redis once (restarting it on the same port and directory), "
    "then prints one line:\n"
    "  submitted=N succeeded=S failed=F cancelled=C lost=L "
    "duplicate_terminal=D max_attempts=M elapsed_s=E violations=V\n"
    "computed from what every caller's watch streams delivered and from what "
    "Redis holds. Needs the DNS lab (tests/lab/lab.sh up); bench/chaos/run "
    "builds, starts the lab and runs this.";

constexpr char kEpilogue[] =
    "lost: no terminal event reached the caller by --timeout, or Redis no "
    "longer has a job whose create was acknowledged. duplicate_terminal: more "
    "than one terminal event seen by the caller or stored in the job's event "
    "stream. violations: event ids repeated, out of order or missing after "
    "resumes, final states that differ, pending entries left for finished "
    "jobs, jobs a retried create made twice (details on stderr).\n"
    "\n"
    "Exit status: 0 when lost, duplicate_terminal and violations are all 0; "
    "1 otherwise; 2 when the run could not be made (bad flags, a process "
    "that did not start).";

int BadFlag(const std::string& message) {
  std::fprintf(stderr, "ndrdiag-chaos: %s\n", message.c_str());
  return 2;
}

std::string OwnDirectory() {
  std::error_code error;
  std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? "." : exe.parent_path().string();
}

// Column 1 of the lab's samples.tsv, without comments.
std::vector<std::string> ReadDomains(const std::string& path) {
  std::vector<std::string> domains;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> columns = absl::StrSplit(line, '\t');
    if (!columns[0].empty()) domains.push_back(columns[0]);
  }
  return domains;
}

// Whether the worker binary knows `flag` (its --help lists it).
bool WorkerKnows(const std::string& worker, const std::string& flag) {
  std::string command = absl::StrCat("'", worker, "' --help 2>&1");
  FILE* help = popen(command.c_str(), "r");
  if (help == nullptr) return false;
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), help)) > 0)
    text.append(buffer, n);
  pclose(help);
  return text.find(absl::StrCat(flag, " ")) != std::string::npos ||
         text.find(absl::StrCat(flag, "=")) != std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  ndrdiag::chaos::ChaosOptions options;
  std::string samples =
      absl::StrCat(NDRDIAG_SOURCE_DIR, "/tests/lab/samples.tsv");
  std::string resolver, allow_cidr, work_dir;
  std::vector<std::string> worker_args, frontend_args;
  absl::Duration lease = absl::Seconds(3);
  int seed = 1;
  bool keep = false;
  options.cluster.bin_dir = OwnDirectory();

  ndrdiag::FlagSet flags("ndrdiag-chaos", kDescription);
  flags.Int("diagnoses", "Diagnoses to submit (also -n).", &options.diagnoses);
  flags.Int("workers", "Worker processes.", &options.cluster.workers);
  flags.Duration("kill-interval",
                 "SIGKILL a random worker this often (0: never).",
                 &options.kill_interval);
  flags.Bool("redis-restart",
             "SIGKILL and restart Redis once (--no-redis-restart: never).",
             &options.redis_restart);
  flags.Int("redis-restart-at",
            "Restart Redis once this many callers have started (default: "
            "half of --diagnoses).",
            &options.redis_restart_at);
  flags.Bool("frontend-restart",
             "Also SIGKILL and restart the frontend once (at 3/4 of the "
             "submissions), so that every open watch must resume.",
             &options.frontend_restart);
  flags.Duration("timeout", "Give up waiting for terminal events after this.",
                 &options.timeout);
  flags.Int("concurrency", "Callers in flight at once.", &options.concurrency);
  int rate = 25;
  flags.Int("rate",
            "New diagnoses per second at most (0: as fast as --concurrency "
            "allows); paces the run so that faults hit jobs in flight.",
            &rate);
  flags.Int("seed", "Seed of the domain choice, the victims and the jitter.",
            &seed);
  flags.Bool("keep", "Keep the logs directory (it is always kept on failure).",
             &keep);
  flags.String("work-dir", "DIR",
               "Where logs and Redis's files go (kept); default a new "
               "directory under $TMPDIR.",
               &work_dir);
  flags.String("bin-dir", "DIR",
               "Holds ndrdiag-frontend and ndrdiag-worker (default: the "
               "directory of this program).",
               &options.cluster.bin_dir);
  flags.String("samples", "FILE", "The lab's sample domains (column 1).",
               &samples);
  flags.String("lab-resolver", "IP:PORT",
               "The lab's recursive resolver, given to every worker "
               "(`tests/lab/lab.sh env` prints it).",
               &resolver);
  flags.String("lab-allow-cidr", "CIDR",
               "The lab's address block, opened in the workers' egress "
               "policy.",
               &allow_cidr);
  flags.Duration("lease",
                 "Job lease of the workers (--lease), short so that jobs of "
                 "killed workers are reclaimed within the run; not passed "
                 "when the worker does not know the flag.",
                 &lease);
  flags.Repeated("worker-arg", "ARG", "Extra argument for every worker.",
                 &worker_args);
  flags.Repeated("frontend-arg", "ARG", "Extra argument for the frontend.",
                 &frontend_args);
  flags.String("redis-server", "PATH", "The redis-server binary.",
               &options.cluster.redis_server);
  flags.set_epilogue(kEpilogue);

  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::string& arg : args) {
    if (arg == "-n") arg = "--diagnoses";
  }
  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(args);
  if (!rest.ok()) return BadFlag(std::string(rest.status().message()));
  if (!rest->empty()) return BadFlag("unexpected argument " + (*rest)[0]);
  if (options.diagnoses < 1) return BadFlag("--diagnoses: must be at least 1");
  if (options.cluster.workers < 1 || options.cluster.workers > 64) {
    return BadFlag("--workers: must be 1..64");
  }
  if (options.concurrency < 1) return BadFlag("--concurrency: must be >= 1");
  if (resolver.empty() || allow_cidr.empty()) {
    return BadFlag(
        "--lab-resolver and --lab-allow-cidr are required (or "
        "NDRDIAG_LAB_RESOLVER and NDRDIAG_LAB_ALLOW_CIDR, as printed by "
        "tests/lab/lab.sh env)");
  }
  if (rate < 0) return BadFlag("--rate: must be >= 0");
  options.rate = rate;
  options.seed = static_cast<uint64_t>(seed);
  options.domains = ReadDomains(samples);
  if (options.domains.empty()) return BadFlag("no domains in " + samples);

  std::string worker = absl::StrCat(options.cluster.bin_dir, "/ndrdiag-worker");
  if (access(worker.c_str(), X_OK) != 0) {
    return BadFlag("missing " + worker + " (--bin-dir)");
  }
  // The lab resolver is the whole propagation panel: the worker's default
  // panel is public resolvers, and nothing may leave loopback here.
  options.cluster.worker_args = {"--resolver", resolver, "--panel-resolver",
                                 "none",
                                 // Durability, not probing: no SMTP.
                                 "--no-smtp-probe", "--allow-cidr", allow_cidr};
  if (WorkerKnows(worker, "--lease")) {
    options.cluster.worker_args.push_back("--lease");
    options.cluster.worker_args.push_back(absl::FormatDuration(lease));
  } else {
    std::fprintf(stderr,
                 "ndrdiag-chaos: the worker has no --lease flag: jobs of "
                 "killed workers are reclaimed only as its defaults allow\n");
  }
  options.cluster.worker_args.insert(options.cluster.worker_args.end(),
                                     worker_args.begin(), worker_args.end());
  options.cluster.frontend_args = frontend_args;

  bool own_dir = work_dir.empty();
  if (own_dir) {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = absl::StrCat(tmp != nullptr && *tmp ? tmp : "/tmp",
                                       "/ndrdiag-chaos.XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) {
      return BadFlag("cannot create a directory under $TMPDIR");
    }
    work_dir = pattern;
  } else {
    std::error_code error;
    std::filesystem::create_directories(work_dir, error);
    if (error) return BadFlag("--work-dir: " + error.message());
  }
  options.cluster.work_dir = work_dir;

  std::fprintf(stderr,
               "ndrdiag-chaos: diagnoses=%d workers=%d concurrency=%d rate=%d "
               "kill_interval=%s redis_restart=%s seed=%d worker_args=%s\n",
               options.diagnoses, options.cluster.workers, options.concurrency,
               rate, absl::FormatDuration(options.kill_interval).c_str(),
               options.redis_restart ? "once" : "no", seed,
               absl::StrJoin(options.cluster.worker_args, " ").c_str());
  int status = ndrdiag::chaos::RunChaos(options);
  if (own_dir && !keep && status == 0) {
    std::error_code error;
    std::filesystem::remove_all(work_dir, error);
  } else {
    std::fprintf(stderr, "ndrdiag-chaos: logs kept in %s\n", work_dir.c_str());
  }
  return status;
}
