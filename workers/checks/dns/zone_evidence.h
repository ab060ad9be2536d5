// ZoneEvidence: what the zone-level DNS checks look at, as gathered.
//
// The zone probe (zone_probe.h) fills this in: the parent's delegation (the
// referral NS set), the child's own apex NS set, every address of every name
// server of both sets and, per address, the SOA, NS, MX, TXT and
// autodiscover CNAME it serves with recursion off; the records of the
// secondary checks (SPF, autodiscover, DKIM) as the recursive resolver sees
// them; and the MX answer of every resolver of the recursive panel.
//
// As in MxEvidence, std::nullopt = not answered yet (or never asked), an
// exchange with `error` set = asked without a usable response. DnsEvidence
// bundles both views with the inputs rules need besides DNS (the clock
// reading and the EOP ranges), so a rule stays a pure function.
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_ZONE_EVIDENCE_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_ZONE_EVIDENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "workers/checks/dns/ip_ranges.h"
#include "workers/checks/dns/mx_evidence.h"

namespace ndrdiag {

// Stages of zone evidence, as bits that do not collide with MxStage.
enum ZoneStage : uint32_t {
  // The parent zone was found and its servers asked for the delegation (or
  // that failed: parent_zone is then empty or no referral arrived).
  kZoneStageDelegation = 1u << 8,
  // Every authoritative address of both NS sets has answered (or failed).
  kZoneStageServers = 1u << 9,
  // Recursive TXT, autodiscover and DKIM questions answered.
  kZoneStageRecords = 1u << 10,
  // Every panel resolver has answered the MX question (or failed).
  kZoneStagePanel = 1u << 11,
  kZoneStageAll = kZoneStageDelegation | kZoneStageServers | kZoneStageRecords |
                  kZoneStagePanel,
};
inline constexpr uint32_t kDnsStageAll =
    uint32_t{kMxStageAll} | uint32_t{kZoneStageAll};

// One authoritative address and what it serves for the domain (RD=0).
struct AuthServerEvidence {
  std::string ns_host;  // the name server the address belongs to
  std::string address;  // IP literal
  std::optional<v1::DnsExchange> soa;
  std::optional<v1::DnsExchange> ns;
  std::optional<v1::DnsExchange> mx;
  std::optional<v1::DnsExchange> txt;
  std::optional<v1::DnsExchange> autodiscover;  // CNAME autodiscover.<d>
};

// One resolver of the recursive panel and its MX answer (RD=1).
struct PanelEvidence {
  std::string server;  // "IP:port"
  std::optional<v1::DnsExchange> mx;
  // A of every *.mx.microsoft target of that MX answer, from this resolver
  // (RD=1, AD=1 asked): whether the target zone validates here.
  std::vector<v1::DnsExchange> dane_targets;
};

struct ZoneEvidence {
  std::string domain;  // A-labels, lower case, no trailing dot

  // The delegation. parent_zone is "" when it could not be found.
  std::string parent_zone;
  std::vector<v1::DnsExchange> parent_lookups;  // recursive NS/A/AAAA
  std::vector<v1::DnsExchange> referrals;  // NS <d> asked of parent servers
  bool delegation_known = false;  // some parent server answered the referral
  std::vector<std::string> parent_ns;  // delegated NS names, sorted
  // NS <d> as the recursive resolver sees it (used when the parent cannot
  // be asked).
  std::optional<v1::DnsExchange> recursive_ns;
  // NS names the zone's own servers publish at the apex (AA answers), sorted.
  std::vector<std::string> child_ns;

  // Addresses of every NS name of both sets, and what each address serves.
  std::vector<NsHostEvidence> ns_hosts;
  std::vector<AuthServerEvidence> servers;

  // Recursive view of the secondary records.
  std::optional<v1::DnsExchange> txt;
  std::optional<v1::DnsExchange> autodiscover;
  std::optional<v1::DnsExchange> dkim_selector1;
  std::optional<v1::DnsExchange> dkim_selector2;

  std::vector<PanelEvidence> panel;
};

// Everything a DNS rule may read.
struct DnsEvidence {
  MxEvidence mx;
  ZoneEvidence zone;
  // When the rules run (taken by the caller; rules read no clock).
  absl::Time now = absl::UnixEpoch();
  // Exchange Online Protection ranges (Microsoft 365 endpoints, ID 10);
  // nullptr = the built-in list.
  const IpRanges* eop_ranges = nullptr;
  // The spec's tenant snapshot; nullptr when none came with it.
  const v1::TenantSnapshot* snapshot = nullptr;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_ZONE_EVIDENCE_H_
