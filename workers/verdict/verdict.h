// The verdict: from all check results of a diagnosis to ranked root causes.
//
// Pure: the same results always give the same verdict, in the diagnosis
// locale. Ranking (each rule says why in verdict.why.* appended to the first
// cause's explanation):
//  1. DOMAIN_NOT_FOUND: a domain that does not exist explains everything.
//  2. Authoritative DNS problems, because the MX checks judge the answer of
//     one recursive resolver, and that answer is only as good as the servers
//     it came from: DNS_LAME_DELEGATION (a dead or lame server makes
//     resolvers fail or fall back, and a lame one that still answers serves
//     what it has), then DNS_INCONSISTENT_AUTHORITATIVE when the servers
//     disagree about the data (dns.rrset.auth_consistency,
//     dns.ns.delegation_match, dns.mx.present or dns.propagation.recursive
//     say so: which MX a sender gets depends on the server asked), then
//     DNS_PROPAGATION when the resolver the MX checks read is itself one of
//     the stale caches (their findings are about the old answer).
//  3. Every other cause: one backed by a FAIL above one backed only by WARNs,
//     then a fixed precedence: MX_MISSING > MX_LEGACY_ENDPOINT >
//     MX_TARGET_UNRESOLVABLE > MX_MULTIPLE > MX_INCORRECT >
//     DOMAIN_NOT_VERIFIED > DOMAIN_NOT_ACCEPTED > CONNECTOR_MISCONFIGURED >
//     HYBRID_* > ACCEPTED_DOMAIN_TYPE > RECIPIENT_NOT_FOUND >
//     HOST_NOT_RESPONDING > DNS_INCONSISTENT_AUTHORITATIVE >
//     DNS_LAME_DELEGATION > DNS_PROPAGATION > SERVICE_INCIDENT > the rest.
//     (Where mail goes comes first, then whether the tenant takes the
//     domain, then a connector that is missing or wrong, then the domain
//     type judged from where recipients seem to live, then who the
//     recipient is; an incident explains a bounce only when the
//     configuration does not.)
//  4. Secondary findings (SPF_MISCONFIGURED, AUTODISCOVER_MISSING) never
//     explain a 5.4.1: they are listed after every other cause, and when
//     they are the only findings the first cause is HEALTHY (for 5.4.1
//     purposes) with them listed after it.
//  - No cause: HEALTHY when the checks that decide deliverability were all
//    made (PASS, INFO, or WARN without a cause); UNKNOWN when one of them was
//    INCONCLUSIVE or nothing was concluded at all.
//  - partial = some check was INCONCLUSIVE or the time budget ran out.
//
// The NDR (ndr.* results and VerdictInput::ndr) is an indication, not a
// verified fault, so it is weighed apart from the checks (ndr_weighing.h).
// For each cause it names:
//  - a check found it too (WARN/FAIL): the NDR corroborates it: confidence
//    up (+0.05 on a FAIL, +0.2 on a WARN), "ndr.classify" added to its
//    check ids, and among causes equally backed by checks it ranks first;
//  - nothing could test it (its deciding checks SKIPPED, INCONCLUSIVE or
//    not run): listed as a cause of its own, ranked like a WARN, confidence
//    0.45 (0.3 for the NDR's later alternatives), and its explanation says
//    what would confirm it (attach the snapshot, its on-premises part...);
//  - a deciding check passes and none found it: the evidence disagrees. When
//    no NDR cause is corroborated, the disagreement is named (disagreements
//    of a RankedCause). If dns.propagation.recursive shows stale caches or a
//    zone changed within its TTL, DNS_PROPAGATION is listed first (tier 1,
//    verdict.why.ndr_propagation) with retest_after = now + the remaining
//    TTL, rounded up to the minute; otherwise the first cause says that the
//    configuration now looks right and the NDR may predate a fix (when no
//    NDR cause is left unchecked).
// Every cause carries its documentation links (documentation.h) and
// remediation steps with concrete values first (remediation_steps.h), then
// the cause's general steps.
// It reads check ids, statuses, causes and message_args, never a result's
// evidence: DiagnosisJob keeps its results without it.
#ifndef NDRDIAG_WORKERS_VERDICT_VERDICT_H_
#define NDRDIAG_WORKERS_VERDICT_VERDICT_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/diagnosis.pb.h"
#include "ndrdiag/v1/ndr.pb.h"

namespace ndrdiag {

struct VerdictInput {
  std::string domain;
  std::string locale;  // "en", "ja"; unknown -> English
  bool time_budget_ran_out = false;
  // The parsed NDR of the spec, nullptr when none was given or it could not
  // be parsed (the ndr.* check results say so).
  const v1::NdrReport* ndr = nullptr;
  // When the verdict is made (for "re-test after HH:MM UTC").
  absl::Time now = absl::UnixEpoch();
};

v1::Verdict ComputeVerdict(const std::vector<v1::CheckResult>& results,
                           const VerdictInput& input);

// Lower ranks first among causes of equal status; causes outside the fixed
// list share the last rank and are ordered by enum value.
int CausePrecedence(v1::RootCause cause);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_VERDICT_VERDICT_H_
