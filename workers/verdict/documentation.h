// Microsoft documentation for each root cause of the verdict.
//
// Every URL is one of the sources of CHECKS.md §6 (learn.microsoft.com
// pages, the KB2827473 article and the hybrid TLS post of the Exchange
// team), never a guessed path: a link that 404s costs the reader more than
// no link. Titles are the pages' English titles (the pages themselves offer
// their own translations).
#ifndef NDRDIAG_WORKERS_VERDICT_DOCUMENTATION_H_
#define NDRDIAG_WORKERS_VERDICT_DOCUMENTATION_H_

#include <vector>

#include "ndrdiag/v1/check.pb.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag {

// Links about `cause`, most relevant first; empty for ROOT_CAUSE_UNSPECIFIED.
std::vector<v1::DocumentationLink> DocumentationFor(v1::RootCause cause);

}  // namespace ndrdiag

#endif  // NDRDIAG_WORKERS_VERDICT_DOCUMENTATION_H_
