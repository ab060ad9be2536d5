// JobStore: the diagnosis jobs, their queue and their event streams in Redis.
//
// This is the only state of ndrdiag (see docs/architecture.md, "Redis
// layout"). Keys, with P = the configured prefix (default "ndrdiag"):
//
//   P:jobs               stream + consumer group "workers"; field "job" = id
//   P:job:{id}           hash: owner, state, spec (proto bytes), attempt,
//                        worker, verdict (proto bytes), failure_reason,
//                        request_id, cancel_requested, create/start/end_ms,
//                        and the history of attempt N: attempt.N.worker,
//                        attempt.N.start_ms, attempt.N.end_ms, attempt.N.end
//                        (how it ended: "SUCCEEDED", "FAILED: why",
//                        "lease expired on worker X", "handed back by
//                        worker X at shutdown"); handback / handbacks: the
//                        last attempt handed back, and how many were
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
// Leases: a worker holds a job while the job's queue entry is in the
// group's pending list under its consumer name and has been idle for less
// than `lease`. Heartbeat resets the idle time; Reclaim (XAUTOCLAIM) takes
// over entries idle longer and starts their next attempt, which fences the
// old one. After `max_attempts` lost attempts Start ends the job FAILED (a
// dead letter). A queue entry is deleted only when its job is finished, so
// nothing is left pending forever and nothing trims the queue.
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
  // A queue entry idle this long in the pending list (no heartbeat) is
  // taken over by Reclaim.
  absl::Duration lease = absl::Seconds(30);
  // Start ends a job FAILED instead of beginning attempt N+1 once N
  // attempts were lost (attempts handed back at shutdown do not count).
  int max_attempts = 3;
};

// An event as stored, with its id filled in (event.event_id() == id).
struct StoredEvent {
  std::string id;
  v1::DiagnosisEvent event;
  bool terminal = false;
};

// An event as stored, not parsed: what the watch path forwards. `bytes` is
// the serialized DiagnosisEvent without event_id and terminal, which the
// stream entry's id and its `t` field carry.
struct RawEvent {
  std::string id;
  std::string bytes;
  bool terminal = false;

  // The event as a client receives it: `bytes` with event_id and terminal
  // appended (protobuf merges a message's concatenated encodings, the later
  // value of a field winning), so it is forwarded without a parse.
  std::string WireBytes() const;
  // What WireBytes() appends to `bytes` (event_id and terminal), for a
  // caller that frames the two parts itself.
  std::string WireSuffix() const;
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

// What a worker has for one attempt at a given moment: events to append, in
// order, then optionally the end of the attempt (see JobStore::Finish).
struct AttemptWrite {
  struct End {
    v1::Diagnosis::State state = v1::Diagnosis::STATE_UNSPECIFIED;
    const v1::Verdict* verdict = nullptr;  // not owned; may be null
    std::string reason;
  };
  const JobLease* lease = nullptr;  // not owned
  std::vector<v1::DiagnosisEvent> events;
  std::optional<End> end;
};

// What a heartbeat learned.
enum class HeartbeatOutcome {
  kExtended,
  // The caller asked to cancel: the worker should stop and Finish(CANCELLED).
  kCancelRequested,
};

// What one reclaim step did.
struct ReclaimResult {
  // Attempts started for the reclaiming consumer: run them.
  std::vector<JobLease> leases;
  // Entries taken over whose job was dead-lettered (ended FAILED).
  int dead_lettered = 0;
  // Entries acknowledged without a run: deleted from the stream, without a
  // job id, or of a job that is gone or already finished.
  int dropped = 0;
  // Set when the step stopped early on an error; `leases` still holds the
  // attempts started before it (they must be run).
  absl::Status error;
};

// The consumer group, as XINFO GROUPS reports it.
struct QueueStats {
  int64_t lag = 0;      // entries not yet delivered to any worker
  int64_t pending = 0;  // delivered, not yet acknowledged (leased)
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
  // owner (the message says it may have expired after the retention
  // period). With `with_results`, `results` holds the check results of the
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
  // OUT_OF_RANGE when after_id is not a valid stream id. Event streams are
  // never trimmed, only expired with their job (empty result then; callers
  // check the job with Get first, which says NOT_FOUND).
  // DATA_LOSS when an event does not parse.
  absl::StatusOr<std::vector<StoredEvent>> ReadEvents(
      const std::string& job_id, const std::string& after_id, int limit);

  // The same events, not parsed, for forwarding to watchers. Only the
  // framing of each event's top-level fields is checked (DATA_LOSS when it
  // is broken); a nested message that does not parse reaches the client.
  absl::StatusOr<std::vector<RawEvent>> ReadRawEvents(
      const std::string& job_id, const std::string& after_id, int limit);

  // ReadRawEvents for many jobs in one round trip (the watch pump's sweep).
  absl::StatusOr<std::vector<std::vector<RawEvent>>> ReadRawEventsBatch(
      const std::vector<std::pair<std::string, std::string>>& job_and_after,
      int limit_per_job);

  // ---- Worker side --------------------------------------------------------

  // Creates the consumer group if it does not exist (idempotent).
  absl::Status EnsureGroup();

  // XREADGROUP of up to `max` new entries, blocking up to `block`.
  absl::StatusOr<std::vector<QueueEntry>> Fetch(const std::string& consumer,
                                                int max, absl::Duration block);

  // Starts an attempt: attempt += 1, state RUNNING, worker recorded, RUNNING
  // event appended. Accepts a RUNNING job (a reclaimed entry): its current
  // attempt ends ("lease expired on worker X") and is fenced from then on.
  // Returns nullopt (and acknowledges and deletes the entry) when the job
  // is gone or already terminal (e.g. cancelled while queued), or when
  // `max_attempts` attempts were lost: the job then ends FAILED ("gave up
  // after 3 attempts: ...", with the history) — a dead letter.
  absl::StatusOr<std::optional<JobLease>> Start(const QueueEntry& entry,
                                                const std::string& worker,
                                                absl::Time now);
  // Start for many entries in one round trip (one script call each,
  // pipelined; each atomic on its own), so that a worker taking a batch of
  // entries does not wait one fsync'ed round trip per job. The outer status
  // is a transport failure (some may have started: their entries stay
  // pending and are reclaimed after a lease); otherwise one result per
  // entry, in order.
  using StartResult = absl::StatusOr<std::optional<JobLease>>;
  absl::StatusOr<std::vector<StartResult>> StartBatch(
      const std::vector<QueueEntry>& entries, const std::string& worker,
      absl::Time now);

  // Extends the lease of a running attempt (resets its queue entry's idle
  // time) and reports a pending cancel. ABORTED ("fenced: ...") when the
  // attempt is no longer current, the job is finished, or another consumer
  // has taken the entry over: the worker must drop the attempt.
  absl::StatusOr<HeartbeatOutcome> Heartbeat(const JobLease& lease,
                                             const std::string& consumer);

  // One reclaim step: XAUTOCLAIM of entries idle longer than `lease`,
  // paginated until the cursor is back at 0-0 or `max` attempts were
  // started; each entry goes through Start (so dead letters happen here).
  // Entries the stream no longer has are acknowledged.
  ReclaimResult Reclaim(const std::string& consumer, int max, absl::Time now);

  // Hands a running attempt back at shutdown: its end is recorded (not
  // counted towards max_attempts) and the entry becomes reclaimable at
  // once. ABORTED as for Heartbeat.
  absl::Status Release(const JobLease& lease, const std::string& consumer,
                       absl::Time now);

  // Deletes the group's consumers that have nothing pending and were idle
  // for at least `idle` (dead workers); returns how many.
  absl::StatusOr<int> PruneConsumers(absl::Duration idle);

  // Lag and pending count of the consumer group (zeros before it exists).
  absl::StatusOr<QueueStats> Stats();

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

  // Append and Finish for many attempts in one round trip: one script call
  // per AttemptWrite (its events, then its end), pipelined. The outer status
  // is a transport failure (UNAVAILABLE / DEADLINE_EXCEEDED: some calls may
  // have run); otherwise one result per write, in order: kAppended (or
  // kCancelRequested for a write without an end), ABORTED when fenced,
  // INVALID_ARGUMENT for an end whose state is not terminal. Each write is
  // atomic; writes are independent of each other. The events are stamped
  // in place (job name, time, attempt), so a retry may pass them again.
  absl::StatusOr<std::vector<absl::StatusOr<AppendOutcome>>> Write(
      std::vector<AttemptWrite>& writes, absl::Time now);

  // ---- Shared -------------------------------------------------------------

  // PING; UNAVAILABLE when Redis cannot be reached.
  absl::Status Ping();

  // The pub/sub channel carrying job ids of appended events.
  std::string NotifyChannel() const;

 private:
  std::string Key(const std::string& kind, const std::string& id) const;
  std::string QueueKey() const;
  // StartBatch, telling a dead letter (code 2) from a gone job (code 0) in
  // `codes` (one per entry whose script ran).
  absl::StatusOr<std::vector<StartResult>> StartEntries(
      const std::vector<QueueEntry>& entries, const std::string& worker,
      absl::Time now, std::vector<int>* codes);
  StartResult ParseStart(const QueueEntry& entry, RedisReply reply, int* code);

  RedisConnection& redis_;
  JobStoreOptions options_;  // by value: callers often pass a temporary
};

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_JOB_STORE_H_
