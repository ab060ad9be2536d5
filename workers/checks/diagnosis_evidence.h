// DiagnosisEvidence: everything the rules of every family read, and the
// check table entry the diagnosis job runs rules from.
//
// The DNS probes fill `dns`, the SMTP probe fills `smtp`, the smart-host
// lookups fill `smart_hosts`; the spec gives the snapshot and the address.
// Each part is complete once its stage bit is set (MxStage, ZoneStage and
// the bits below); a rule runs once every stage in its `needs` is complete,
// exactly once per attempt. Rules are pure: no I/O, no clock (`dns.now` is
// the caller's clock reading).
#ifndef NDRDIAG_WORKERS_CHECKS_DIAGNOSIS_EVIDENCE_H_
#define NDRDIAG_WORKERS_CHECKS_DIAGNOSIS_EVIDENCE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/ndr.pb.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "workers/checks/dns/zone_evidence.h"
#include "workers/smtp/smtp_session_evidence.h"

namespace ndrdiag {

// Stages of SMTP and smart-host evidence, as bits that do not collide with
// MxStage (bits 0-2) and ZoneStage (bits 8-11).
enum ProbeStage : uint32_t {
  // Every MX address chosen for probing has a finished session (or the
  // probe is disabled, or there was nothing to probe).
  kSmtpStageMx = 1u << 16,
  // A/AAAA of every SmartHosts entry of the snapshot's enabled outbound
  // connectors answered (or there are none), and the MX of the hybrid
  // routing domain (DiagnosisEvidence::routing_domain_mx) when asked.
  kSmartHostStageDns = 1u << 17,
  // Every smart-host address chosen for probing has a finished session.
  kSmartHostStageSmtp = 1u << 18,
  kProbeStageAll = kSmtpStageMx | kSmartHostStageDns | kSmartHostStageSmtp,
};

// SMTP probe sessions against the MX hosts.
struct SmtpEvidence {
  // True when no probe was run at all: opted out in the request
  // (probe_options.smtp = false) or disabled for the deployment.
  bool disabled = false;
  std::string disabled_reason;  // English, e.g. "disabled in the request"
  // RCPT TO addresses the sessions asked: the recipient address of the spec
  // (when given) and then a random one at the domain.
  std::string known_recipient;   // "" when the spec gave no address
  std::string random_recipient;  // always set
  // One per probed address, MX preference order, IPv4 first.
  std::vector<SmtpSessionEvidence> sessions;
  // MX hosts that had no address to probe (did not resolve).
  std::vector<std::string> unresolved_hosts;
};

// One SmartHosts entry of an outbound connector.
struct SmartHostEvidence {
  std::string host;       // as written in the snapshot (lower case)
  std::string connector;  // Name of the outbound connector
  bool is_ip_literal = false;
  std::optional<v1::DnsExchange> a;
  std::optional<v1::DnsExchange> aaaa;
  // Sessions with its addresses (no RCPT: MAIL FROM, RSET, QUIT only).
  std::vector<SmtpSessionEvidence> sessions;
};

struct DiagnosisEvidence {
  std::string domain;  // A-labels, lower case, no trailing dot
  // The spec's recipient address (A-label domain), "" when not given.
  std::string recipient_address;
  DnsEvidence dns;
  SmtpEvidence smtp;
  // nullptr when the spec has no tenant snapshot.
  const v1::TenantSnapshot* snapshot = nullptr;
  std::vector<SmartHostEvidence> smart_hosts;
  // The MX of a hybrid tenant's <t>.mail.onmicrosoft.com routing domain
  // (hybrid.coexistence_domain), asked of the recursive resolver with the
  // smart hosts; "" / unset when the snapshot is not hybrid or does not
  // name the tenant.
  std::string routing_domain;
  std::optional<v1::DnsExchange> routing_domain_mx;
  // The spec's ndr_text parsed and classified (common/ndr/ndr_parser.h);
  // unset when the spec has none or it could not be parsed (then
  // `ndr_error` says why and `ndr_given` is true).
  bool ndr_given = false;
  std::optional<v1::NdrReport> ndr;
  std::string ndr_error;
};

// One check of the catalogue: its id, family, the stages it needs and its
// rule.
struct Check {
  absl::string_view id;
  v1::CheckFamily family;
  uint32_t needs;
  std::function<v1::CheckResult(const DiagnosisEvidence&)> rule;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DIAGNOSIS_EVIDENCE_H_
