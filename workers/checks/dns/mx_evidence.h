// MxEvidence: everything the MX family of checks looks at, as gathered.
//
// The MX probe (mx_probe.h) fills this in; the MX rules (mx_rules.h) read it.
// Every DNS answer is kept as the v1::DnsExchange it came in, so a result can
// carry exactly the exchanges it was decided on. A missing exchange
// (std::nullopt) means the question has not been answered yet (or was never
// asked because an earlier answer made it moot); an exchange whose `error` is
// set was asked but got no usable response (timeout, egress policy, ...).
//
// Gathering happens in stages; a rule only runs once the stages it needs are
// complete (see MxCheck::needs in mx_rules.h).
#ifndef NDRDIAG_WORKERS_CHECKS_DNS_MX_EVIDENCE_H_
#define NDRDIAG_WORKERS_CHECKS_DNS_MX_EVIDENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {

// Stages of MX evidence, as bits.
enum MxStage : uint32_t {
  // The recursive MX question for the domain has been answered (or failed).
  kMxStageRecursive = 1u << 0,
  // A and AAAA of every MX target have been answered (or failed).
  kMxStageTargets = 1u << 1,
  // NS of the domain, addresses of the name servers and the MX question to
  // each authoritative address have been answered (or failed).
  kMxStageAuthoritative = 1u << 2,
  kMxStageAll = kMxStageRecursive | kMxStageTargets | kMxStageAuthoritative,
};

// One host named by the MX RRset, with its address lookups.
struct MxTargetEvidence {
  std::string host;  // lower case, without the trailing dot ("" = null MX)
  std::optional<v1::DnsExchange> a;
  std::optional<v1::DnsExchange> aaaa;
  // A CNAME appeared in the A or AAAA answer (RFC 2181 §10.3 forbids it).
  bool cname = false;
};

// One name server of the domain and its address lookups.
struct NsHostEvidence {
  std::string host;  // lower case, without the trailing dot
  std::optional<v1::DnsExchange> a;
  std::optional<v1::DnsExchange> aaaa;
};

// The MX question asked directly of one authoritative address (RD=0).
struct AuthoritativeMxEvidence {
  std::string ns_host;  // which name server the address belongs to
  std::string address;  // IP literal
  v1::DnsExchange mx;   // error "blocked by egress policy: ..." if refused
};

struct MxEvidence {
  std::string domain;  // A-labels, lower case, without the trailing dot

  // Recursive view (what sending servers see).
  std::optional<v1::DnsExchange> mx;
  std::vector<MxTargetEvidence> targets;

  // Authoritative view.
  std::optional<v1::DnsExchange> ns;
  std::vector<NsHostEvidence> ns_hosts;
  std::vector<AuthoritativeMxEvidence> authoritative_mx;
};

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_CHECKS_DNS_MX_EVIDENCE_H_
