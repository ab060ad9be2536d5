// MxProbe: gathers the MX family's evidence (mx_evidence.h) with a
// DnsResolver, asynchronously, on the resolver's event loop.
//
// Independent questions go out in parallel: the recursive MX and NS
// questions at once; A/AAAA of every MX target as soon as the MX answer is
// in; A/AAAA of every name server as soon as the NS answer is in; then MX
// directly (RD=0) to at most `max_authoritative_addresses` name-server
// addresses, spread over the name servers. Each stage is reported the moment
// it completes, so the caller can run every rule whose evidence is complete
// without waiting for the slowest question.
//
//   auto probe = MxProbe::Create(resolver, "contoso.com", {}, on_progress);
//   probe->Begin();   // on_progress may run before Begin() returns
//   ...
//   probe->Cancel();  // e.g. when the time budget runs out
//
// Loop thread only. The probe keeps itself alive until its outstanding
// questions have completed (the resolver guarantees each completes within
// its deadline), so dropping the caller's pointer early is safe; after
// Cancel() no callback runs.
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_MX_PROBE_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_MX_PROBE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "workers/checks/dns/ip_ranges.h"
#include "workers/checks/dns/mx_evidence.h"
#include "workers/dns/dns_resolver.h"

namespace ndrdiag {

struct MxProbeOptions {
  // Port of the authoritative servers (53 on the Internet; tests use the
  // port of their fake server).
  int authoritative_port = 53;
  int max_authoritative_addresses = 4;
  // Bounds on what untrusted DNS data can make the probe ask.
  int max_ns_hosts = 8;
  int max_targets = 10;

  // The zone probe (zone_probe.h) and the zone rules read these too; they
  // travel with the MX options because the worker hands one options struct
  // to every job.
  int max_zone_addresses = 16;   // authoritative addresses asked in all
  int max_parent_addresses = 4;  // parent servers asked for the referral
  // Extra recursive resolvers of the propagation panel ("IP" or "IP:port"),
  // trusted configuration like --resolver (no egress check).
  std::vector<std::string> panel_resolvers;
  absl::Duration panel_query_timeout = absl::Seconds(2);
  int panel_tries = 2;
  // EOP ranges for dns.mx.ip_in_eop; nullptr = the built-in list.
  std::shared_ptr<const IpRanges> eop_ranges;
};

class MxProbe : public std::enable_shared_from_this<MxProbe> {
 public:
  // Called after each stage completes, with the evidence so far and the
  // MxStage bits complete so far; the last call has kMxStageAll.
  using ProgressCallback =
      std::function<void(const MxEvidence& evidence, uint32_t stages_done)>;

  // `resolver` must outlive the probe's outstanding questions.
  static std::shared_ptr<MxProbe> Create(DnsResolver& resolver,
                                         std::string domain,
                                         MxProbeOptions options,
                                         ProgressCallback progress);

  // Sends the first questions. Call once.
  void Begin();
  // No more questions are sent and no more callbacks run.
  void Cancel();

  const MxEvidence& evidence() const { return evidence_; }
  uint32_t stages_done() const { return done_; }

 private:
  MxProbe(DnsResolver& resolver, std::string domain, MxProbeOptions options,
          ProgressCallback progress);

  void OnMx(v1::DnsExchange exchange);
  void OnTargetAddress(size_t index, bool aaaa, v1::DnsExchange exchange);
  void OnNs(v1::DnsExchange exchange);
  void OnNsHostAddress(size_t index, bool aaaa, v1::DnsExchange exchange);
  void AskAuthoritative();
  void OnAuthoritativeMx(size_t index, v1::DnsExchange exchange);

  // Marks `stages` complete and reports, unless cancelled.
  void Complete(uint32_t stages);
  void MaybeCompleteTargets();
  void MaybeCompleteNsHosts();
  void MaybeCompleteAuthoritative();

  DnsResolver& resolver_;
  const MxProbeOptions options_;
  ProgressCallback progress_;
  MxEvidence evidence_;
  uint32_t done_ = 0;
  bool cancelled_ = false;
  // Outstanding questions per stage; each stage starts with one extra
  // "guard" count while its questions are being sent, because an answer may
  // arrive before the sending call returns.
  int pending_targets_ = 0;
  int pending_ns_hosts_ = 0;
  int pending_authoritative_ = 0;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_MX_PROBE_H_
