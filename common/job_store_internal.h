// Helpers shared by the JobStore translation units (job_store.cc,
// job_store_read.cc): reply checking and the hash <-> Diagnosis mapping.
// Not part of the JobStore contract.
#ifndef NDRDIAG_COMMON_JOB_STORE_INTERNAL_H_
#define NDRDIAG_COMMON_JOB_STORE_INTERNAL_H_

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/redis/redis_connection.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag::job_store_internal {

inline constexpr char kGroup[] = "workers";

// A Redis error reply as a status: UNAVAILABLE for the transient ones
// (LOADING after a restart, READONLY during a failover, ...), INTERNAL else.
absl::Status ErrorReply(const RedisReply& reply, absl::string_view what);

// `reply` itself when it is not an error reply.
absl::StatusOr<RedisReply> Checked(absl::StatusOr<RedisReply> reply,
                                   absl::string_view what);

// A script reply {code, ...}: the code, or INTERNAL when malformed.
absl::StatusOr<int64_t> ScriptCode(const RedisReply& reply,
                                   absl::string_view what);

using HashFields = absl::flat_hash_map<std::string, std::string>;
// HGETALL's flat [field, value, ...] array.
HashFields ToHashFields(const RedisReply& array);

// The Diagnosis a job hash describes (without results).
absl::StatusOr<v1::Diagnosis> HashToDiagnosis(const std::string& job_id,
                                              const HashFields& hash);

int64_t ToMs(absl::Time t);

// `event` with the fields every stored event gets from the store (job name,
// time, attempt; no event id, not terminal), whatever the caller set.
v1::DiagnosisEvent Stamped(v1::DiagnosisEvent event, const std::string& job_id,
                           int attempt, absl::Time now);
// The same, in place (no copy of a large event).
void Stamp(const std::string& job_id, int attempt, absl::Time now,
           v1::DiagnosisEvent& event);
// A state_change event; terminal when `state` is.
v1::DiagnosisEvent StateEvent(const std::string& job_id, int attempt,
                              v1::Diagnosis::State state,
                              const std::string& reason, absl::Time now);
// ABORTED "fenced: <why>" from a fencing script's {0, why} reply.
absl::Status Fenced(const RedisReply& reply);
void SetTimestamp(int64_t ms, google::protobuf::Timestamp* ts);

}  // namespace ndrdiag::job_store_internal

#endif  // NDRDIAG_COMMON_JOB_STORE_INTERNAL_H_
