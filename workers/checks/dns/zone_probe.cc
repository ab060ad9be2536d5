#include "workers/checks/dns/zone_probe.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "workers/checks/dns/dns_answers.h"

namespace ndrdiag {
namespace {

std::string ParentOf(const std::string& name) {
  size_t dot = name.find('.');
  return dot == std::string::npos ? "" : name.substr(dot + 1);
}

// NS names of `exchange` owned by `owner` in the answer or (for a referral)
// the authority section.
std::vector<std::string> NsNames(const v1::DnsExchange& exchange,
                                 const std::string& owner) {
  std::vector<std::string> out;
  for (const auto* section : {&exchange.answers(), &exchange.authority()}) {
    for (const v1::DnsRecord& record : *section) {
      if (!absl::EqualsIgnoreCase(record.type(), "NS")) continue;
      if (NormalizeName(record.name()) != owner) continue;
      std::string host = NormalizeName(record.data());
      if (!host.empty()) out.push_back(std::move(host));
    }
  }
  return out;
}

}  // namespace

std::shared_ptr<ZoneProbe> ZoneProbe::Create(DnsResolver& resolver,
                                             std::vector<DnsResolver*> panel,
                                             std::string domain,
                                             MxProbeOptions options,
                                             ProgressCallback progress) {
  return std::shared_ptr<ZoneProbe>(
      new ZoneProbe(resolver, std::move(panel), std::move(domain),
                    std::move(options), std::move(progress)));
}

ZoneProbe::ZoneProbe(DnsResolver& resolver, std::vector<DnsResolver*> panel,
                     std::string domain, MxProbeOptions options,
                     ProgressCallback progress)
    : resolver_(resolver),
      panel_resolvers_(std::move(panel)),
      options_(std::move(options)),
      progress_(std::move(progress)) {
  evidence_.domain = NormalizeName(domain);
}

std::string ZoneProbe::ServerFor(const std::string& ip) const {
  return ServerAddress(ip, options_.authoritative_port);
}

void ZoneProbe::Complete(uint32_t stages) {
  if (cancelled_ || (done_ & stages) == stages) return;
  done_ |= stages;
  ProgressCallback progress = progress_;
  if (progress) progress(evidence_, done_);
}

void ZoneProbe::Cancel() {
  cancelled_ = true;
  progress_ = nullptr;
}

void ZoneProbe::Begin() {
  auto self = shared_from_this();
  const std::string& d = evidence_.domain;

  // Records of the secondary checks, as senders and clients see them.
  pending_records_ = 1;
  struct Rec {
    std::string name;
    DnsType type;
    std::optional<v1::DnsExchange> ZoneEvidence::*field;
  };
  const Rec records[] = {
      {d, DnsType::kTxt, &ZoneEvidence::txt},
      {"autodiscover." + d, DnsType::kCname, &ZoneEvidence::autodiscover},
      {"selector1._domainkey." + d, DnsType::kCname,
       &ZoneEvidence::dkim_selector1},
      {"selector2._domainkey." + d, DnsType::kCname,
       &ZoneEvidence::dkim_selector2},
  };
  for (const Rec& r : records) {
    ++pending_records_;
    auto field = r.field;
    resolver_.Recursive({r.name, r.type}, [self, field](v1::DnsExchange ex) {
      if (self->cancelled_) return;
      self->evidence_.*field = std::move(ex);
      if (--self->pending_records_ == 0) self->Complete(kZoneStageRecords);
    });
    if (cancelled_) return;
  }
  if (--pending_records_ == 0) Complete(kZoneStageRecords);

  // The panel: the main resolver first, then the extra ones.
  std::vector<DnsResolver*> panel = {&resolver_};
  panel.insert(panel.end(), panel_resolvers_.begin(), panel_resolvers_.end());
  pending_panel_ = 1;
  for (DnsResolver* member : panel) {
    const size_t index = evidence_.panel.size();
    std::vector<std::string> servers = member->recursive_servers();
    evidence_.panel.push_back({servers.empty() ? "" : servers[0], {}});
    ++pending_panel_;
    member->Recursive({d, DnsType::kMx}, [self, index,
                                          member](v1::DnsExchange ex) {
      if (self->cancelled_) return;
      if (!ex.server().empty())
        self->evidence_.panel[index].server = ex.server();
      // The DNSSEC of *.mx.microsoft targets is a property of their zone,
      // not of the customer's: ask this resolver for each target's A.
      std::vector<std::string> dane;
      for (const MxRecord& r : MxRecords(ex)) {
        if (HasDomainSuffix(r.target, "mx.microsoft") &&
            std::find(dane.begin(), dane.end(), r.target) == dane.end()) {
          dane.push_back(r.target);
        }
      }
      self->evidence_.panel[index].mx = std::move(ex);
      for (const std::string& target : dane) {
        ++self->pending_panel_;
        member->Recursive(
            {target, DnsType::kA}, [self, index](v1::DnsExchange a) {
              if (self->cancelled_) return;
              self->evidence_.panel[index].dane_targets.push_back(std::move(a));
              if (--self->pending_panel_ == 0) self->Complete(kZoneStagePanel);
            });
        if (self->cancelled_) return;
      }
      if (--self->pending_panel_ == 0) self->Complete(kZoneStagePanel);
    });
    if (cancelled_) return;
  }
  if (--pending_panel_ == 0) Complete(kZoneStagePanel);

  // The child's NS as the recursive resolver has it, and the parent walk.
  resolver_.Recursive({d, DnsType::kNs}, [self](v1::DnsExchange ex) {
    self->OnRecursiveNs(std::move(ex));
  });
  if (cancelled_) return;
  pending_parent_ = 1;
  AskParent(ParentOf(d));
}

// ---- Delegation: find the parent zone, ask its servers for NS <d> --------

void ZoneProbe::AskParent(std::string candidate) {
  auto self = shared_from_this();
  const std::string qname = candidate.empty() ? "." : candidate;
  resolver_.Recursive({qname, DnsType::kNs},
                      [self, candidate](v1::DnsExchange ex) {
                        self->OnParentNs(candidate, std::move(ex));
                      });
}

void ZoneProbe::OnParentNs(std::string candidate, v1::DnsExchange exchange) {
  if (cancelled_) return;
  evidence_.parent_lookups.push_back(exchange);
  const AnswerKind kind = Classify(exchange);
  if (kind == AnswerKind::kNoData && !candidate.empty()) {
    AskParent(ParentOf(candidate));  // not a zone cut: one label up
    return;
  }
  std::vector<std::string> hosts;
  if (kind == AnswerKind::kRecords) {
    evidence_.parent_zone = candidate.empty() ? "." : candidate;
    hosts = NsNames(exchange, candidate);
    std::sort(hosts.begin(), hosts.end());
    hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
    if (static_cast<int>(hosts.size()) > options_.max_parent_addresses) {
      hosts.resize(options_.max_parent_addresses);
    }
  }
  auto self = shared_from_this();
  for (const std::string& host : hosts) {
    for (DnsType type : {DnsType::kA, DnsType::kAaaa}) {
      ++pending_parent_;
      resolver_.Recursive({host, type}, [self](v1::DnsExchange ex) {
        self->OnParentAddress(std::move(ex));
      });
      if (cancelled_) return;
    }
  }
  if (--pending_parent_ == 0) {
    Complete(kZoneStageDelegation);
    MaybeSeedServers();
  }
}

void ZoneProbe::OnParentAddress(v1::DnsExchange exchange) {
  if (cancelled_) return;
  evidence_.parent_lookups.push_back(exchange);
  auto self = shared_from_this();
  for (const std::string& ip : Addresses(exchange)) {
    if (parent_asked_ >= options_.max_parent_addresses) break;
    ++parent_asked_;
    ++pending_parent_;
    resolver_.Direct(
        ServerFor(ip), {evidence_.domain, DnsType::kNs},
        [self](v1::DnsExchange ex) { self->OnReferral(std::move(ex)); });
    if (cancelled_) return;
  }
  if (--pending_parent_ == 0) {
    Complete(kZoneStageDelegation);
    MaybeSeedServers();
  }
}

void ZoneProbe::OnReferral(v1::DnsExchange exchange) {
  if (cancelled_) return;
  std::vector<std::string> names = NsNames(exchange, evidence_.domain);
  evidence_.referrals.push_back(std::move(exchange));
  if (!names.empty()) evidence_.delegation_known = true;
  for (std::string& name : names) parent_ns_.insert(std::move(name));
  evidence_.parent_ns.assign(parent_ns_.begin(), parent_ns_.end());
  if (--pending_parent_ == 0) {
    Complete(kZoneStageDelegation);
    MaybeSeedServers();
  }
}

void ZoneProbe::OnRecursiveNs(v1::DnsExchange exchange) {
  if (cancelled_) return;
  evidence_.recursive_ns = std::move(exchange);
  MaybeSeedServers();
}

// ---- Servers: every address of every NS name of both sets ----------------

void ZoneProbe::MaybeSeedServers() {
  if (cancelled_ || seeded_ || !(done_ & kZoneStageDelegation) ||
      !evidence_.recursive_ns.has_value()) {
    return;
  }
  seeded_ = true;
  for (const std::string& host : evidence_.parent_ns) AddNsHost(host);
  for (const std::string& host :
       NsNames(*evidence_.recursive_ns, evidence_.domain)) {
    AddNsHost(host);
  }
  ReleaseServers();
}

void ZoneProbe::ReleaseServers() {
  if (--pending_servers_ == 0) Complete(kZoneStageServers);
}

void ZoneProbe::AddNsHost(const std::string& host) {
  if (cancelled_ || !known_hosts_.insert(host).second) return;
  if (static_cast<int>(evidence_.ns_hosts.size()) >= options_.max_ns_hosts) {
    return;
  }
  const size_t index = evidence_.ns_hosts.size();
  evidence_.ns_hosts.push_back({host, {}, {}});
  auto self = shared_from_this();
  for (bool aaaa : {false, true}) {
    ++pending_servers_;
    resolver_.Recursive({host, aaaa ? DnsType::kAaaa : DnsType::kA},
                        [self, index, aaaa](v1::DnsExchange ex) {
                          self->OnNsHostAddress(index, aaaa, std::move(ex));
                        });
    if (cancelled_) return;
  }
}

void ZoneProbe::OnNsHostAddress(size_t index, bool aaaa,
                                v1::DnsExchange exchange) {
  if (cancelled_) return;
  NsHostEvidence& host = evidence_.ns_hosts[index];
  std::vector<std::string> addresses = Addresses(exchange);
  (aaaa ? host.aaaa : host.a) = std::move(exchange);
  for (const std::string& ip : addresses) {
    if (static_cast<int>(evidence_.servers.size()) >=
        options_.max_zone_addresses) {
      break;
    }
    if (!known_addresses_.insert(ip).second) continue;
    evidence_.servers.push_back({evidence_.ns_hosts[index].host, ip});
    AskServer(evidence_.servers.size() - 1);
    if (cancelled_) return;
  }
  ReleaseServers();
}

void ZoneProbe::AskServer(size_t index) {
  auto self = shared_from_this();
  const std::string server = ServerFor(evidence_.servers[index].address);
  const std::string& d = evidence_.domain;
  const std::pair<std::string, DnsType> questions[] = {
      {d, DnsType::kSoa},
      {d, DnsType::kNs},
      {d, DnsType::kMx},
      {d, DnsType::kTxt},
      {"autodiscover." + d, DnsType::kCname},
  };
  for (const auto& [name, type] : questions) {
    ++pending_servers_;
    resolver_.Direct(server, {name, type},
                     [self, index, type = type](v1::DnsExchange ex) {
                       self->OnServerAnswer(index, type, std::move(ex));
                     });
    if (cancelled_) return;
  }
}

void ZoneProbe::OnServerAnswer(size_t index, DnsType type,
                               v1::DnsExchange exchange) {
  if (cancelled_) return;
  AuthServerEvidence& server = evidence_.servers[index];
  switch (type) {
    case DnsType::kSoa:
      server.soa = std::move(exchange);
      break;
    case DnsType::kNs: {
      std::vector<std::string> names;
      if (exchange.authoritative_answer()) {
        names = NsNames(exchange, evidence_.domain);
      }
      server.ns = std::move(exchange);
      // The child's own apex NS set; names not seen yet are asked too. (May
      // grow servers: `server` is not used after this.)
      for (const std::string& host : names) {
        if (!child_ns_.insert(host).second) continue;
        evidence_.child_ns.assign(child_ns_.begin(), child_ns_.end());
        AddNsHost(host);
        if (cancelled_) return;
      }
      break;
    }
    case DnsType::kMx:
      server.mx = std::move(exchange);
      break;
    case DnsType::kTxt:
      server.txt = std::move(exchange);
      break;
    default:
      server.autodiscover = std::move(exchange);
      break;
  }
  ReleaseServers();
}

}  // namespace ndrdiag
