// Process-wide settings every long-running ndrdiag binary (frontend, worker)
// applies first thing in main().
//
// Debian builds Abseil without NDEBUG, so absl::Mutex runs its deadlock
// detector (a global lock-order graph updated on every lock) even in our
// optimised binaries; under load that is measurable CPU for nothing the
// binaries need. Tests keep the detector on: they do not call this.
#ifndef NDRDIAG_COMMON_PROCESS_INIT_H_
#define NDRDIAG_COMMON_PROCESS_INIT_H_

namespace ndrdiag {

// Turns the Mutex deadlock detector off. Call before any thread starts.
void InitServerProcess();

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_PROCESS_INIT_H_
