#include "workers/runtime/smtp_stage.h"

#include <set>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "workers/checks/dns/dns_answers.h"
#include "workers/checks/hybrid/hybrid_support.h"

namespace ndrdiag {
namespace {

// A local part nobody has: the answer to it shows whether DBEB is on.
std::string RandomRecipient(const std::string& domain) {
  absl::BitGen gen;
  return absl::StrFormat("ndrdiag-probe-%016x%08x@%s",
                         absl::Uniform<uint64_t>(gen),
                         absl::Uniform<uint32_t>(gen), domain);
}

// IPv4 addresses first, then IPv6, at most `limit`.
std::vector<std::string> ProbeAddresses(
    const std::optional<v1::DnsExchange>& a,
    const std::optional<v1::DnsExchange>& aaaa, int limit) {
  std::vector<std::string> out;
  for (const auto* exchange : {&a, &aaaa}) {
    if (!exchange->has_value()) continue;
    for (std::string& address : Addresses(**exchange)) {
      if (static_cast<int>(out.size()) >= limit) return out;
      out.push_back(std::move(address));
    }
  }
  return out;
}

}  // namespace

std::shared_ptr<SmtpStage> SmtpStage::Create(DnsResolver& resolver,
                                             const SmtpStageOptions& options,
                                             bool requested,
                                             DiagnosisEvidence& evidence,
                                             ProgressCallback progress) {
  return std::make_shared<SmtpStage>(resolver, options, requested, evidence,
                                     std::move(progress));
}

SmtpStage::SmtpStage(DnsResolver& resolver, const SmtpStageOptions& options,
                     bool requested, DiagnosisEvidence& evidence,
                     ProgressCallback progress)
    : resolver_(resolver),
      options_(options),
      evidence_(evidence),
      progress_(std::move(progress)),
      enabled_(requested && options.prober != nullptr) {
  SmtpEvidence& smtp = evidence_.smtp;
  smtp.disabled = !enabled_;
  if (!requested) {
    smtp.disabled_reason =
        "the SMTP probe was turned off in the request (probe_options.smtp)";
  } else if (options.prober == nullptr) {
    smtp.disabled_reason =
        "the SMTP probe is disabled for this deployment (--smtp-probe=false)";
  }
  smtp.known_recipient = evidence_.recipient_address;
  smtp.random_recipient = RandomRecipient(evidence_.domain);
}

std::string SmtpStage::MailFrom() const {
  const std::string& from = options_.mail_from;
  size_t at = from.rfind('@');
  if (at == std::string::npos) return from;
  std::string domain = NormalizeName(from.substr(at + 1));
  // Never our customer's own domain in MAIL FROM (CHECKS.md §3).
  if (HasDomainSuffix(domain, evidence_.domain)) return "";
  return from;
}

void SmtpStage::Complete(uint32_t stages) {
  if (cancelled_ || (done_ & stages) == stages) return;
  done_ |= stages;
  ProgressCallback progress = progress_;
  if (progress) progress(done_);
}

void SmtpStage::Cancel() {
  if (cancelled_) return;
  cancelled_ = true;
  progress_ = nullptr;
  if (options_.prober != nullptr) {
    for (SmtpProber::SessionId id : sessions_) options_.prober->Cancel(id);
  }
  sessions_.clear();
}

// ---- MX hosts --------------------------------------------------------------

void SmtpStage::BeginMx() {
  if (cancelled_ || (done_ & kSmtpStageMx)) return;
  SmtpEvidence& smtp = evidence_.smtp;
  if (!enabled_) return Complete(kSmtpStageMx);
  for (const MxTargetEvidence& target : evidence_.dns.mx.targets) {
    if (target.host.empty()) continue;  // null MX: nothing accepts mail
    int room =
        options_.max_mx_sessions - static_cast<int>(smtp.sessions.size());
    if (room <= 0) break;
    std::vector<std::string> addresses = ProbeAddresses(
        target.a, target.aaaa, std::min(room, options_.max_sessions_per_host));
    if (addresses.empty()) smtp.unresolved_hosts.push_back(target.host);
    for (std::string& address : addresses) {
      SmtpSessionEvidence session;
      session.host = target.host;
      session.address = std::move(address);
      smtp.sessions.push_back(std::move(session));
    }
  }
  SmtpProbeRequest request;
  request.port = options_.port;
  request.mail_from = MailFrom();
  if (!smtp.known_recipient.empty()) {
    request.recipients.push_back(smtp.known_recipient);
  }
  request.recipients.push_back(smtp.random_recipient);
  pending_mx_ = static_cast<int>(smtp.sessions.size()) + 1;  // guard
  auto self = shared_from_this();
  for (size_t i = 0; i < smtp.sessions.size() && !cancelled_; ++i) {
    request.host = smtp.sessions[i].host;
    request.address = smtp.sessions[i].address;
    sessions_.push_back(
        options_.prober->Probe(request, [self, i](SmtpSessionEvidence session) {
          if (self->cancelled_) return;
          self->evidence_.smtp.sessions[i] = std::move(session);
          if (--self->pending_mx_ == 0) self->Complete(kSmtpStageMx);
        }));
  }
  if (!cancelled_ && --pending_mx_ == 0) Complete(kSmtpStageMx);
}

// ---- Smart hosts of the outbound connectors --------------------------------

void SmtpStage::BeginSmartHosts() {
  if (cancelled_) return;
  std::vector<SmartHostEvidence>& hosts = evidence_.smart_hosts;
  if (evidence_.snapshot != nullptr) {
    std::set<std::string> seen;
    for (const v1::OutboundConnector& connector :
         evidence_.snapshot->exo().outbound_connectors()) {
      if (!connector.enabled()) continue;
      for (const std::string& raw : connector.smart_hosts()) {
        absl::string_view trimmed = absl::StripAsciiWhitespace(raw);
        absl::ConsumePrefix(&trimmed, "[");
        absl::ConsumeSuffix(&trimmed, "]");
        std::string host = NormalizeName(trimmed);
        if (host.empty() || !seen.insert(host).second) continue;
        if (static_cast<int>(hosts.size()) >= options_.max_smart_hosts) break;
        SmartHostEvidence evidence;
        evidence.host = host;
        evidence.connector = connector.name();
        evidence.is_ip_literal = IsIpLiteral(host);
        hosts.push_back(std::move(evidence));
      }
    }
  }
  pending_dns_ = 1;  // guard
  auto self = shared_from_this();
  // hybrid.coexistence_domain: the routing domain's MX must resolve.
  if (evidence_.snapshot != nullptr &&
      !hybrid::HybridReasons(*evidence_.snapshot).empty()) {
    evidence_.routing_domain = hybrid::RoutingDomain(*evidence_.snapshot);
  }
  if (!evidence_.routing_domain.empty()) {
    ++pending_dns_;
    resolver_.Recursive({evidence_.routing_domain, DnsType::kMx},
                        [self](v1::DnsExchange ex) {
                          if (self->cancelled_) return;
                          self->evidence_.routing_domain_mx = std::move(ex);
                          self->OnSmartHostDnsDone();
                        });
  }
  for (size_t i = 0; i < hosts.size() && !cancelled_; ++i) {
    if (hosts[i].is_ip_literal) continue;
    pending_dns_ += 2;
    resolver_.Recursive({hosts[i].host, DnsType::kA},
                        [self, i](v1::DnsExchange ex) {
                          self->OnSmartHostAddress(i, false, std::move(ex));
                        });
    resolver_.Recursive({hosts[i].host, DnsType::kAaaa},
                        [self, i](v1::DnsExchange ex) {
                          self->OnSmartHostAddress(i, true, std::move(ex));
                        });
  }
  if (cancelled_ || --pending_dns_ > 0) return;
  Complete(kSmartHostStageDns);
  ProbeSmartHosts();
}

void SmtpStage::OnSmartHostAddress(size_t index, bool aaaa,
                                   v1::DnsExchange exchange) {
  if (cancelled_) return;
  SmartHostEvidence& host = evidence_.smart_hosts[index];
  (aaaa ? host.aaaa : host.a) = std::move(exchange);
  OnSmartHostDnsDone();
}

void SmtpStage::OnSmartHostDnsDone() {
  if (--pending_dns_ > 0) return;
  Complete(kSmartHostStageDns);
  ProbeSmartHosts();
}

void SmtpStage::ProbeSmartHosts() {
  if (cancelled_) return;
  if (!enabled_) return Complete(kSmartHostStageSmtp);
  struct Target {
    size_t host;
    std::string address;
  };
  std::vector<Target> targets;
  for (size_t i = 0; i < evidence_.smart_hosts.size(); ++i) {
    const SmartHostEvidence& host = evidence_.smart_hosts[i];
    std::vector<std::string> addresses =
        host.is_ip_literal ? std::vector<std::string>{host.host}
                           : ProbeAddresses(host.a, host.aaaa, 1);
    for (std::string& address : addresses) {
      targets.push_back({i, std::move(address)});
    }
  }
  pending_smart_ = static_cast<int>(targets.size()) + 1;  // guard
  auto self = shared_from_this();
  for (const Target& target : targets) {
    if (cancelled_) return;
    SmtpProbeRequest request;
    request.host = evidence_.smart_hosts[target.host].host;
    request.address = target.address;
    request.port = options_.port;
    request.mail_from = MailFrom();
    const size_t index = target.host;
    sessions_.push_back(options_.prober->Probe(
        request, [self, index](SmtpSessionEvidence session) {
          if (self->cancelled_) return;
          self->evidence_.smart_hosts[index].sessions.push_back(
              std::move(session));
          if (--self->pending_smart_ == 0) {
            self->Complete(kSmartHostStageSmtp);
          }
        }));
  }
  if (!cancelled_ && --pending_smart_ == 0) Complete(kSmartHostStageSmtp);
}

}  // namespace ndrdiag
