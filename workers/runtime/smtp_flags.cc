#include "workers/runtime/smtp_flags.h"

#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ndrdiag {
namespace {

std::string HostName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') {
    return "localhost";
  }
  return host;
}

}  // namespace

void RegisterSmtpFlags(FlagSet& flags, SmtpFlagValues* values) {
  flags.Bool("smtp-probe",
             "Run the live SMTP probe (connect, EHLO, STARTTLS, MAIL FROM, at "
             "most two RCPT TO, RSET, QUIT; never DATA). --no-smtp-probe "
             "turns it off for this deployment: the smtp.* checks are then "
             "INCONCLUSIVE \"probe disabled\".",
             &values->enabled);
  flags.Int("smtp-port",
            "TCP port the MX hosts and smart hosts are probed on (25; other "
            "values are for the lab and tests).",
            &values->port);
  flags.String("smtp-helo", "NAME",
               "EHLO name of the probe: a name whose A and PTR records "
               "match the worker's public address. Default: this host's "
               "name.",
               &values->helo);
  flags.String("smtp-mail-from", "ADDRESS",
               "MAIL FROM of the probe: the service's own address, never a "
               "customer's (a probe of the address's own domain uses the "
               "null sender instead). Default: ndrdiag-probe@<--smtp-helo>.",
               &values->mail_from);
  flags.Duration("smtp-timeout",
                 "Deadline of each SMTP step (connect, each reply); the "
                 "diagnosis budget bounds the whole session too.",
                 &values->timeout);
  flags.Int("smtp-rate",
            "Connections per minute this worker opens to one destination "
            "address (token bucket); a probe the limit holds back is "
            "reported INCONCLUSIVE \"rate limited\", never queued.",
            &values->rate);
  flags.Int("smtp-burst",
            "Connections to one address allowed at once before --smtp-rate "
            "applies.",
            &values->burst);
  flags.String("smtp-ca-file", "FILE",
               "PEM file of CA certificates the STARTTLS certificate is "
               "verified against. Default: the system trust store.",
               &values->ca_file);
}

absl::Status ApplySmtpFlags(const SmtpFlagValues& values,
                            WorkerOptions& options) {
  if (values.port < 1 || values.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--smtp-port: must be 1..65535, got ", values.port));
  }
  if (values.timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--smtp-timeout: must be more than 0");
  }
  if (values.rate < 1 || values.rate > 100000) {
    return absl::InvalidArgumentError(
        absl::StrCat("--smtp-rate: must be 1..100000, got ", values.rate));
  }
  if (values.burst < 1 || values.burst > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("--smtp-burst: must be 1..1000, got ", values.burst));
  }
  std::string helo = values.helo.empty() ? HostName() : values.helo;
  if (absl::StrContains(helo, " ") || helo.size() > 255) {
    return absl::InvalidArgumentError(
        absl::StrCat("--smtp-helo: \"", helo, "\" is not a host name"));
  }
  std::string mail_from = values.mail_from.empty()
                              ? absl::StrCat("ndrdiag-probe@", helo)
                              : values.mail_from;
  size_t at = mail_from.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == mail_from.size() ||
      absl::StrContains(mail_from, " ") || absl::StrContains(mail_from, "<") ||
      absl::StrContains(mail_from, ">")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--smtp-mail-from: \"", mail_from, "\" is not local@domain"));
  }
  options.smtp_probe = values.enabled;
  options.smtp_prober.helo_name = helo;
  options.smtp_prober.step_timeout = values.timeout;
  options.smtp_prober.connections_per_minute = values.rate;
  options.smtp_prober.burst = values.burst;
  options.smtp_prober.ca_file = values.ca_file;
  options.smtp.port = static_cast<uint16_t>(values.port);
  options.smtp.mail_from = mail_from;
  return absl::OkStatus();
}

}  // namespace ndrdiag
