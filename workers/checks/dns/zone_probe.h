// ZoneProbe: gathers ZoneEvidence (zone_evidence.h) with DnsResolvers, on
// the resolvers' event loop, every independent question in parallel.
//
//   parent walk   recursive NS of <d>'s parent, grandparent, ... until a
//                 zone answers; A/AAAA of its servers; NS <d> asked of each
//                 parent address (RD=0) -> the referral NS set
//   servers       A/AAAA of every NS name (referral, recursive NS and the
//                 child's own apex NS); per address SOA, NS, MX, TXT of <d>
//                 and CNAME autodiscover.<d> (RD=0, through the egress
//                 policy of the resolver)
//   records       recursive TXT <d>, CNAME autodiscover / selector1,2 DKIM
//   panel         MX <d> from each panel resolver (RD=1), then the A of
//                 each *.mx.microsoft target from the same resolver
//
// Each stage is reported the moment it completes (ZoneStage bits). Every
// question has the resolver's deadline, so the probe always completes; the
// caller's time budget may Cancel() it earlier. Loop thread only; the probe
// keeps itself alive while questions are outstanding; after Cancel() no
// callback runs.
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_ZONE_PROBE_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_ZONE_PROBE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "workers/checks/dns/mx_probe.h"
#include "workers/checks/dns/zone_evidence.h"
#include "workers/dns/dns_resolver.h"

namespace ndrdiag {

class ZoneProbe : public std::enable_shared_from_this<ZoneProbe> {
 public:
  using ProgressCallback =
      std::function<void(const ZoneEvidence& evidence, uint32_t stages_done)>;

  // `resolver` answers the recursive and direct questions; `panel` are the
  // extra panel resolvers (asked with Recursive(); the main resolver is
  // always a panel member too). All must outlive the outstanding questions.
  static std::shared_ptr<ZoneProbe> Create(DnsResolver& resolver,
                                           std::vector<DnsResolver*> panel,
                                           std::string domain,
                                           MxProbeOptions options,
                                           ProgressCallback progress);
  void Begin();
  void Cancel();

  const ZoneEvidence& evidence() const { return evidence_; }
  uint32_t stages_done() const { return done_; }

 private:
  ZoneProbe(DnsResolver& resolver, std::vector<DnsResolver*> panel,
            std::string domain, MxProbeOptions options,
            ProgressCallback progress);

  void AskParent(std::string candidate);
  void OnParentNs(std::string candidate, v1::DnsExchange exchange);
  void OnParentAddress(v1::DnsExchange exchange);
  void OnReferral(v1::DnsExchange exchange);
  void OnRecursiveNs(v1::DnsExchange exchange);
  void MaybeSeedServers();
  void AddNsHost(const std::string& host);
  void OnNsHostAddress(size_t index, bool aaaa, v1::DnsExchange exchange);
  void AskServer(size_t index);
  void OnServerAnswer(size_t index, DnsType type, v1::DnsExchange exchange);
  void ReleaseServers();

  void Complete(uint32_t stages);
  std::string ServerFor(const std::string& ip) const;

  DnsResolver& resolver_;
  std::vector<DnsResolver*> panel_resolvers_;
  const MxProbeOptions options_;
  ProgressCallback progress_;
  ZoneEvidence evidence_;
  uint32_t done_ = 0;
  bool cancelled_ = false;

  int pending_parent_ = 0;
  int parent_asked_ = 0;
  int pending_servers_ = 1;  // guard until the host list is seeded
  bool seeded_ = false;
  int pending_records_ = 0;
  int pending_panel_ = 0;
  std::set<std::string> parent_ns_;
  std::set<std::string> child_ns_;
  std::set<std::string> known_hosts_;
  std::set<std::string> known_addresses_;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_ZONE_PROBE_H_
