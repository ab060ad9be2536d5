#include "common/process_init.h"

#include "absl/synchronization/mutex.h"

namespace ndrdiag {

void InitServerProcess() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

}  // namespace ndrdiag
