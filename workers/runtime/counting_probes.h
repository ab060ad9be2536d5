// Counting decorators of the worker's DNS resolver and SMTP prober: each
// passes every call through unchanged and counts how it ended in
// WorkerMetrics (ndrdiag_dns_queries_total, ndrdiag_smtp_probes_total).
//
// The runtime hands the decorators to the jobs instead of the real ones,
// so every question of the main resolver and every SMTP session is counted
// once. The propagation panel's own resolvers (created per job) are not
// counted. A session or question cancelled before it ended (its callback is
// not run) is not counted.
//
// Same threading as what they wrap (the loop thread).
#ifndef NDRDIAG_WORKERS_RUNTIME_COUNTING_PROBES_H_
#define NDRDIAG_WORKERS_RUNTIME_COUNTING_PROBES_H_

#include <string>
#include <vector>

#include "workers/dns/dns_resolver.h"
#include "workers/smtp/smtp_prober.h"
#include "workers/smtp/smtp_session_evidence.h"

namespace ndrdiag {

class CountingDnsResolver : public DnsResolver {
 public:
  // `resolver` must outlive this.
  explicit CountingDnsResolver(DnsResolver& resolver) : resolver_(resolver) {}

  void Recursive(const DnsQuestion& question, Callback done) override;
  void Direct(const std::string& server, const DnsQuestion& question,
              Callback done) override;
  std::vector<std::string> recursive_servers() const override {
    return resolver_.recursive_servers();
  }

 private:
  DnsResolver& resolver_;
};

class CountingSmtpProber : public SmtpProber {
 public:
  // `prober` must outlive this.
  explicit CountingSmtpProber(SmtpProber& prober) : prober_(prober) {}

  SessionId Probe(const SmtpProbeRequest& request, Callback done) override;
  void Cancel(SessionId id) override { prober_.Cancel(id); }

 private:
  SmtpProber& prober_;
};

// The outcome label of a DNS exchange: its rcode, or "timeout", "blocked"
// (egress policy) or "error" when no usable response arrived.
std::string DnsOutcome(const v1::DnsExchange& exchange);

// The outcome label of an SMTP session: completed, blocked, rate_limited,
// refused, timeout, closed, protocol_error, tls_failed, cancelled.
const char* SmtpOutcomeLabel(SmtpOutcome outcome);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_COUNTING_PROBES_H_
