// The Lua scripts behind JobStore: each state change of a job is one script,
// so Redis applies it whole or not at all (see common/job_store.h for the key
// layout). Internal to job_store.cc; the KEYS/ARGV and reply of each script
// are documented beside its text in job_store_scripts.cc.
//
// States are stored as the numbers of v1::Diagnosis::State: 1 QUEUED,
// 2 RUNNING, 3 SUCCEEDED, 4 FAILED, 5 CANCELLED (>= 3 is terminal).
#ifndef NDRDIAG_COMMON_JOB_STORE_SCRIPTS_H_
#define NDRDIAG_COMMON_JOB_STORE_SCRIPTS_H_

namespace ndrdiag::job_store_scripts {

extern const char kCreate[];
extern const char kStart[];
extern const char kWrite[];
extern const char kCancel[];
extern const char kHeartbeat[];
extern const char kRelease[];
extern const char kPruneConsumers[];
extern const char kList[];

}  // namespace ndrdiag::job_store_scripts

#endif  // NDRDIAG_COMMON_JOB_STORE_SCRIPTS_H_
