#include "workers/checks/dns/mx_probe.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "workers/checks/dns/dns_answers.h"

namespace ndrdiag {

std::shared_ptr<MxProbe> MxProbe::Create(DnsResolver& resolver,
                                         std::string domain,
                                         MxProbeOptions options,
                                         ProgressCallback progress) {
  return std::shared_ptr<MxProbe>(
      new MxProbe(resolver, std::move(domain), options, std::move(progress)));
}

MxProbe::MxProbe(DnsResolver& resolver, std::string domain,
                 MxProbeOptions options, ProgressCallback progress)
    : resolver_(resolver), options_(options), progress_(std::move(progress)) {
  evidence_.domain = NormalizeName(domain);
}

void MxProbe::Begin() {
  auto self = shared_from_this();
  resolver_.Recursive(
      {evidence_.domain, DnsType::kMx},
      [self](v1::DnsExchange ex) { self->OnMx(std::move(ex)); });
  if (cancelled_) return;
  resolver_.Recursive(
      {evidence_.domain, DnsType::kNs},
      [self](v1::DnsExchange ex) { self->OnNs(std::move(ex)); });
}

void MxProbe::Cancel() {
  cancelled_ = true;
  progress_ = nullptr;  // drops whatever the caller captured
}

void MxProbe::Complete(uint32_t stages) {
  if (cancelled_ || (done_ & stages) == stages) return;
  done_ |= stages;
  // Copy: the callback may Cancel() (and so clear progress_) while running.
  ProgressCallback progress = progress_;
  if (progress) progress(evidence_, done_);
}

// ---- Recursive view: MX, then A/AAAA of each target ----------------------

void MxProbe::OnMx(v1::DnsExchange exchange) {
  if (cancelled_) return;
  evidence_.mx = std::move(exchange);
  std::set<std::string> seen;
  for (const MxRecord& record : MxRecords(*evidence_.mx)) {
    if (!seen.insert(record.target).second) continue;
    if (static_cast<int>(evidence_.targets.size()) >= options_.max_targets) {
      break;
    }
    evidence_.targets.push_back({record.target, {}, {}, false});
  }
  pending_targets_ = 1;  // guard
  auto self = shared_from_this();
  for (size_t i = 0; i < evidence_.targets.size() && !cancelled_; ++i) {
    const std::string& host = evidence_.targets[i].host;
    if (host.empty()) continue;  // null MX
    pending_targets_ += 2;
    resolver_.Recursive({host, DnsType::kA}, [self, i](v1::DnsExchange ex) {
      self->OnTargetAddress(i, false, std::move(ex));
    });
    resolver_.Recursive({host, DnsType::kAaaa}, [self, i](v1::DnsExchange ex) {
      self->OnTargetAddress(i, true, std::move(ex));
    });
  }
  Complete(kMxStageRecursive);
  --pending_targets_;
  MaybeCompleteTargets();
}

void MxProbe::OnTargetAddress(size_t index, bool aaaa,
                              v1::DnsExchange exchange) {
  if (cancelled_) return;
  MxTargetEvidence& target = evidence_.targets[index];
  if (!CnameTarget(exchange).empty()) target.cname = true;
  (aaaa ? target.aaaa : target.a) = std::move(exchange);
  --pending_targets_;
  MaybeCompleteTargets();
}

void MxProbe::MaybeCompleteTargets() {
  if (pending_targets_ == 0) Complete(kMxStageTargets);
}

// ---- Authoritative view: NS, their addresses, then MX to each ------------

void MxProbe::OnNs(v1::DnsExchange exchange) {
  if (cancelled_) return;
  evidence_.ns = std::move(exchange);
  std::set<std::string> seen;
  for (const v1::DnsRecord& record : evidence_.ns->answers()) {
    if (!absl::EqualsIgnoreCase(record.type(), "NS")) continue;
    std::string host = NormalizeName(record.data());
    if (host.empty() || !seen.insert(host).second) continue;
    if (static_cast<int>(evidence_.ns_hosts.size()) >= options_.max_ns_hosts) {
      break;
    }
    evidence_.ns_hosts.push_back({host, {}, {}});
  }
  pending_ns_hosts_ = 1;  // guard
  auto self = shared_from_this();
  for (size_t i = 0; i < evidence_.ns_hosts.size() && !cancelled_; ++i) {
    const std::string& host = evidence_.ns_hosts[i].host;
    pending_ns_hosts_ += 2;
    resolver_.Recursive({host, DnsType::kA}, [self, i](v1::DnsExchange ex) {
      self->OnNsHostAddress(i, false, std::move(ex));
    });
    resolver_.Recursive({host, DnsType::kAaaa}, [self, i](v1::DnsExchange ex) {
      self->OnNsHostAddress(i, true, std::move(ex));
    });
  }
  --pending_ns_hosts_;
  MaybeCompleteNsHosts();
}

void MxProbe::OnNsHostAddress(size_t index, bool aaaa,
                              v1::DnsExchange exchange) {
  if (cancelled_) return;
  NsHostEvidence& host = evidence_.ns_hosts[index];
  (aaaa ? host.aaaa : host.a) = std::move(exchange);
  --pending_ns_hosts_;
  MaybeCompleteNsHosts();
}

void MxProbe::MaybeCompleteNsHosts() {
  if (pending_ns_hosts_ == 0 && !cancelled_) AskAuthoritative();
}

void MxProbe::AskAuthoritative() {
  // Spread the questions over the name servers: the first address of each,
  // then the second of each, ... IPv4 before IPv6 within a server.
  std::vector<std::vector<std::string>> per_host;
  for (const NsHostEvidence& host : evidence_.ns_hosts) {
    std::vector<std::string> addresses;
    for (const auto* ex : {&host.a, &host.aaaa}) {
      if (!ex->has_value()) continue;
      for (std::string& address : Addresses(**ex)) {
        addresses.push_back(std::move(address));
      }
    }
    per_host.push_back(std::move(addresses));
  }
  std::set<std::string> seen;
  for (size_t round = 0;; ++round) {
    bool any = false;
    for (size_t h = 0; h < per_host.size(); ++h) {
      if (round >= per_host[h].size()) continue;
      any = true;
      if (static_cast<int>(evidence_.authoritative_mx.size()) >=
          options_.max_authoritative_addresses) {
        break;
      }
      if (!seen.insert(per_host[h][round]).second) continue;
      evidence_.authoritative_mx.push_back(
          {evidence_.ns_hosts[h].host, per_host[h][round], {}});
    }
    if (!any || static_cast<int>(evidence_.authoritative_mx.size()) >=
                    options_.max_authoritative_addresses) {
      break;
    }
  }
  pending_authoritative_ = 1;  // guard
  auto self = shared_from_this();
  for (size_t i = 0; i < evidence_.authoritative_mx.size() && !cancelled_;
       ++i) {
    ++pending_authoritative_;
    resolver_.Direct(ServerAddress(evidence_.authoritative_mx[i].address,
                                   options_.authoritative_port),
                     {evidence_.domain, DnsType::kMx},
                     [self, i](v1::DnsExchange ex) {
                       self->OnAuthoritativeMx(i, std::move(ex));
                     });
  }
  --pending_authoritative_;
  MaybeCompleteAuthoritative();
}

void MxProbe::OnAuthoritativeMx(size_t index, v1::DnsExchange exchange) {
  if (cancelled_) return;
  evidence_.authoritative_mx[index].mx = std::move(exchange);
  --pending_authoritative_;
  MaybeCompleteAuthoritative();
}

void MxProbe::MaybeCompleteAuthoritative() {
  if (pending_authoritative_ == 0) Complete(kMxStageAuthoritative);
}

}  // namespace ndrdiag
