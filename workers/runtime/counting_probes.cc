#include "workers/runtime/counting_probes.h"

#include <utility>

#include "absl/strings/match.h"
#include "workers/runtime/worker_metrics.h"
#include "workers/smtp/smtp_session_evidence.h"

namespace ndrdiag {
namespace {

DnsResolver::Callback Counted(const char* mode, DnsResolver::Callback done) {
  return [mode, done = std::move(done)](v1::DnsExchange exchange) {
    WorkerMetrics::Get()
        .dns_queries.Add({{"mode", mode}, {"outcome", DnsOutcome(exchange)}})
        .Increment();
    done(std::move(exchange));
  };
}

}  // namespace

const char* SmtpOutcomeLabel(SmtpOutcome outcome) {
  switch (outcome) {
    case SmtpOutcome::kCompleted:
      return "completed";
    case SmtpOutcome::kBlockedByPolicy:
      return "blocked";
    case SmtpOutcome::kRateLimited:
      return "rate_limited";
    case SmtpOutcome::kRefused:
      return "refused";
    case SmtpOutcome::kTimeout:
      return "timeout";
    case SmtpOutcome::kClosed:
      return "closed";
    case SmtpOutcome::kProtocolError:
      return "protocol_error";
    case SmtpOutcome::kTlsFailed:
      return "tls_failed";
    case SmtpOutcome::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string DnsOutcome(const v1::DnsExchange& exchange) {
  const std::string& error = exchange.error();
  if (error.empty())
    return exchange.rcode().empty() ? "error" : exchange.rcode();
  if (absl::StrContains(error, "timeout") ||
      absl::StrContains(error, "timed out")) {
    return "timeout";
  }
  if (absl::StartsWith(error, "blocked")) return "blocked";
  return "error";
}

void CountingDnsResolver::Recursive(const DnsQuestion& question,
                                    Callback done) {
  resolver_.Recursive(question, Counted("recursive", std::move(done)));
}

void CountingDnsResolver::Direct(const std::string& server,
                                 const DnsQuestion& question, Callback done) {
  resolver_.Direct(server, question, Counted("direct", std::move(done)));
}

SmtpProber::SessionId CountingSmtpProber::Probe(const SmtpProbeRequest& request,
                                                Callback done) {
  return prober_.Probe(
      request, [done = std::move(done)](SmtpSessionEvidence evidence) {
        WorkerMetrics::Get()
            .smtp_probes.Add({{"outcome", SmtpOutcomeLabel(evidence.outcome)}})
            .Increment();
        done(std::move(evidence));
      });
}

}  // namespace ndrdiag
