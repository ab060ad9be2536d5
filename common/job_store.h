// JobStore: the diagnosis jobs, their queue and their event streams in Redis.
//
// This is the only state of ndrdiag (see docs/architecture.md, "Redis
// layout"). Keys, with P = the configured prefix (default "ndrdiag"):
//
//   P:jobs               stream + consumer group "workers"; field "job" = id
//   P:job:{id}           hash: owner, state, spec (proto bytes), attempt,
//                        worker, verdict (proto bytes), failure_reason,
//                        request_id, cancel_requested, create/start/end_ms
//   P:events:{id}        stream; field "e" = DiagnosisEvent bytes (without
//                        event_id), "t" = "1" on the terminal event.
//                        Entry id = event id = resume token.
//   P:owner:{owner}      sorted set of the owner's job ids by create time
//   P:idem:{owner}:{rid} string: job id, with the idempotency TTL
//   P:notify             pub/sub channel; message = job id, published
//                        whenever an event is appended (a hint only: the
//                        streams are the truth, watchers also poll)
//
// Every state change is one Lua script, so Redis never holds a job without
// its queue entry (or the reverse) and no event is appended by a worker whose
// attempt is no longer current (fencing).
//
// A JobStore is a thin, stateless view over one RedisConnection: cheap to
// construct, not thread-safe (like the connection).
#ifndef NDRDIAG_COMMON_JOB_STORE_H_
#define NDRDIAG_COMMON_JOB_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/redis/redis_connection.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag {

struct JobStoreOptions {
  std::string key_prefix = "ndrdiag";
  // How long a request_id maps to the diagnosis it created.
  absl::Duration idempotency_ttl = absl::Hours(24);
  // How long a finished job and its events are kept.
  absl::Duration retention = absl::Hours(24 * 7);
};

// An event as stored, with its id filled in (event.event_id() == id).
struct StoredEvent {
  std::string id;
  v1::DiagnosisEvent event;
  bool terminal = false;
};

// One entry taken from the queue by a worker.
struct QueueEntry {
  std::string entry_id;  // stream entry id in P:jobs
  std::string job_id;
};

// A job a worker is running: what it needs to publish results.
struct JobLease {
  std::string job_id;
  std::string entry_id;
  int attempt = 0;
  v1::DiagnosisSpec spec;
};

// What happened to an appended event.
enum class AppendOutcome {
  kAppended,
  // The caller asked to cancel: the worker should stop and Finish(CANCELLED).
  kCancelRequested,
};

// SUCCEEDED, FAILED and CANCELLED: nothing follows the terminal event.
bool IsTerminalState(v1::Diagnosis::State state);

struct ListPage {
  std::vector<v1::Diagnosis> diagnoses;
  std::string next_page_token;
};

class JobStore {
 public:
  JobStore(RedisConnection& redis, const JobStoreOptions& options);

  // Resource name <-> job id. ParseName: INVALID_ARGUMENT naming `field`.
  static std::string NameOf(const std::string& job_id);
  static absl::StatusOr<std::string> ParseName(const std::string& name,
                                               const std::string& field);
  // A new, unique, time-ordered job id ([0-9a-z-], 29 characters).
  static std::string NewJobId();

  // ---- Frontend side ------------------------------------------------------

  struct CreateResult {
    v1::Diagnosis diagnosis;
    bool created = false;  // false: an earlier request with this id won
  };
  // Atomically: job hash, owner index, accepted + QUEUED events, queue entry
  // and (when request_id is non-empty) the idempotency key. `spec` must be
  // validated and normalised already.
  absl::StatusOr<CreateResult> Create(const std::string& owner,
                                      const std::string& request_id,
                                      const v1::DiagnosisSpec& spec,
                                      absl::Time now);

  // NOT_FOUND when the job does not exist, expired, or belongs to another
  // owner. With `with_results`, `results` holds the check results of the
  // latest attempt, read from the event stream.
  absl::StatusOr<v1::Diagnosis> Get(const std::string& owner,
                                    const std::string& job_id,
                                    bool with_results);

  // Newest first. `state_filter` == STATE_UNSPECIFIED lists all. The page
  // token is opaque; INVALID_ARGUMENT ("page_token: ...") if it is bad.
  absl::StatusOr<ListPage> List(const std::string& owner, int page_size,
                                const std::string& page_token,
                                v1::Diagnosis::State state_filter);

  // QUEUED -> CANCELLED at once (terminal event appended, the worker that
  // later takes the queue entry just acknowledges it). RUNNING -> sets
  // cancel_requested; the worker stops between steps. Terminal ->
  // FAILED_PRECONDITION. Returns the diagnosis after the change.
  absl::StatusOr<v1::Diagnosis> Cancel(const std::string& owner,
                                       const std::string& job_id,
                                       absl::Time now);

  // Events with id > after_id (all when after_id is empty), at most `limit`.
  // OUT_OF_RANGE when after_id is not a valid stream id or is older than the
  // first retained event while the job's earlier events are gone.
  absl::StatusOr<std::vector<StoredEvent>> ReadEvents(
      const std::string& job_id, const std::string& after_id, int limit);

  // Reads events for many jobs in one round trip (the watch pump's sweep).
  absl::StatusOr<std::vector<std::vector<StoredEvent>>> ReadEventsBatch(
      const std::vector<std::pair<std::string, std::string>>& job_and_after,
      int limit_per_job);

  // ---- Worker side --------------------------------------------------------

  // Creates the consumer group if it does not exist (idempotent).
  absl::Status EnsureGroup();

  // XREADGROUP of up to `max` new entries, blocking up to `block`.
  absl::StatusOr<std::vector<QueueEntry>> Fetch(const std::string& consumer,
                                                int max, absl::Duration block);

  // Starts an attempt: attempt += 1, state RUNNING, worker recorded, RUNNING
  // event appended. Returns nullopt (and acknowledges the entry) when the job
  // is gone or already terminal (e.g. cancelled while queued).
  absl::StatusOr<std::optional<JobLease>> Start(const QueueEntry& entry,
                                                const std::string& worker,
                                                absl::Time now);

  // Appends an event of the lease's attempt. ABORTED ("fenced") when the
  // attempt is no longer current or the job is terminal.
  absl::StatusOr<AppendOutcome> Append(const JobLease& lease,
                                       const v1::DiagnosisEvent& event,
                                       absl::Time now);

  // Ends the attempt: sets the terminal state (SUCCEEDED, FAILED or
  // CANCELLED), stores the verdict, appends the verdict event (if any) and
  // the terminal state event, acknowledges and deletes the queue entry, and
  // starts the retention clock. ABORTED ("fenced") as for Append.
  absl::Status Finish(const JobLease& lease, v1::Diagnosis::State state,
                      const v1::Verdict* verdict, const std::string& reason,
                      absl::Time now);

  // ---- Shared -------------------------------------------------------------

  // PING; UNAVAILABLE when Redis cannot be reached.
  absl::Status Ping();

  // The pub/sub channel carrying job ids of appended events.
  std::string NotifyChannel() const;

 private:
  std::string Key(const std::string& kind, const std::string& id) const;

  RedisConnection& redis_;
  JobStoreOptions options_;  // by value: callers often pass a temporary
};

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_JOB_STORE_H_
