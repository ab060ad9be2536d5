// SmtpStage: the live SMTP evidence of one diagnosis (shared CHECKS.md §3):
// probe sessions with the MX hosts and, when a tenant snapshot names them,
// the outbound connectors' smart hosts (looked up first, then probed). With
// the smart hosts it asks the MX of a hybrid tenant's
// <t>.mail.onmicrosoft.com routing domain (DiagnosisEvidence::
// routing_domain_mx).
//
// Which addresses: MX targets in preference order, IPv4 before IPv6 (EOP
// puts extra conditions on anonymous IPv6 mail), at most
// `max_sessions_per_host` per host and `max_mx_sessions` in all; one session
// per address. MX sessions send RCPT TO for the spec's recipient (when
// given) and for a random address at the domain; smart-host sessions send
// no RCPT at all. MAIL FROM is the service's probe address, or the null
// sender when that address is in the diagnosed domain (a tenant with
// RejectDirectSend rejects its own domain from outside, 5.7.68).
//
// It writes into the job's DiagnosisEvidence (`smtp`, `smart_hosts`) and
// reports ProbeStage bits as they complete. With probing disabled (request
// or deployment) the SMTP stages complete at once with
// `SmtpEvidence::disabled` set, and smart hosts are still looked up in DNS.
//
// Loop thread only. Like MxProbe it keeps itself alive until its DNS
// questions complete; after Cancel() it touches nothing and calls nothing.
#ifndef NDRDIAG_WORKERS_RUNTIME_SMTP_STAGE_H_
#define NDRDIAG_WORKERS_RUNTIME_SMTP_STAGE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "workers/checks/diagnosis_evidence.h"
#include "workers/dns/dns_resolver.h"
#include "workers/smtp/smtp_prober.h"

namespace ndrdiag {

struct SmtpStageOptions {
  // nullptr: probing is disabled for the deployment.
  SmtpProber* prober = nullptr;
  uint16_t port = 25;
  // The service's own probe address (never the customer's domain).
  std::string mail_from;
  int max_mx_sessions = 4;
  int max_sessions_per_host = 2;
  int max_smart_hosts = 4;
};

class SmtpStage : public std::enable_shared_from_this<SmtpStage> {
 public:
  // Called with the ProbeStage bits complete so far, after each completes.
  using ProgressCallback = std::function<void(uint32_t stages_done)>;

  // `resolver` must outlive the stage's questions; `evidence` must outlive
  // the stage until Cancel(). `requested` is the spec's probe_options.smtp.
  static std::shared_ptr<SmtpStage> Create(DnsResolver& resolver,
                                           const SmtpStageOptions& options,
                                           bool requested,
                                           DiagnosisEvidence& evidence,
                                           ProgressCallback progress);

  // Looks up and probes the snapshot's smart hosts (completes both
  // smart-host stages at once when there are none). Call once.
  void BeginSmartHosts();
  // Probes the MX addresses; call once the MX targets are resolved
  // (kMxStageRecursive and kMxStageTargets).
  void BeginMx();
  void Cancel();

  SmtpStage(DnsResolver& resolver, const SmtpStageOptions& options,
            bool requested, DiagnosisEvidence& evidence,
            ProgressCallback progress);

 private:
  void Complete(uint32_t stages);
  void OnSmartHostAddress(size_t index, bool aaaa, v1::DnsExchange exchange);
  // One smart-host stage DNS question answered.
  void OnSmartHostDnsDone();
  void ProbeSmartHosts();
  // The MAIL FROM to use for `domain_`.
  std::string MailFrom() const;

  DnsResolver& resolver_;
  const SmtpStageOptions options_;
  DiagnosisEvidence& evidence_;
  ProgressCallback progress_;
  bool enabled_ = false;
  bool cancelled_ = false;
  uint32_t done_ = 0;
  int pending_dns_ = 0;
  int pending_mx_ = 0;
  int pending_smart_ = 0;
  std::vector<SmtpProber::SessionId> sessions_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_RUNTIME_SMTP_STAGE_H_
