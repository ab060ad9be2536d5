// The worker's --smtp-* flags: what they mean, their checks, and how they
// become the prober and stage options of WorkerOptions. Kept apart from
// main.cc so the flag set stays readable and the checks are testable.
#ifndef NDRDIAG_WORKERS_RUNTIME_SMTP_FLAGS_H_
#define NDRDIAG_WORKERS_RUNTIME_SMTP_FLAGS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/flags.h"
#include "workers/runtime/worker_runtime.h"

namespace ndrdiag {

struct SmtpFlagValues {
  bool enabled = true;
  int port = 25;
  std::string helo;       // "" = this host's name
  std::string mail_from;  // "" = ndrdiag-probe@<helo>
  absl::Duration timeout = absl::Seconds(30);
  int rate = 6;
  int burst = 3;
  std::string ca_file;
};

void RegisterSmtpFlags(FlagSet& flags, SmtpFlagValues* values);

// INVALID_ARGUMENT naming the flag and why.
absl::Status ApplySmtpFlags(const SmtpFlagValues& values,
                            WorkerOptions& options);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_SMTP_FLAGS_H_
