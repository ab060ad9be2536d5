// JobStore: the lease side of the worker protocol — Start (including dead
// letters), Heartbeat, Reclaim, Release and the queue statistics.
#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/job_store.h"
#include "common/job_store_internal.h"
#include "common/job_store_scripts.h"
#include "common/metrics.h"

namespace ndrdiag {
namespace {

namespace internal = job_store_internal;
namespace scripts = job_store_scripts;
using internal::kGroup;

// Entries XAUTOCLAIM takes per call at most; Redis scans ten times as many
// pending entries per call.
constexpr int kReclaimPage = 100;

std::string JobIdOf(const RedisReply& entry_fields) {
  for (size_t i = 0; i + 1 < entry_fields.elements.size(); i += 2) {
    if (entry_fields.elements[i].str == "job") {
      return entry_fields.elements[i + 1].str;
    }
  }
  return "";
}

}  // namespace

absl::StatusOr<std::optional<JobLease>> JobStore::Start(
    const QueueEntry& entry, const std::string& worker, absl::Time now) {
  absl::StatusOr<std::vector<StartResult>> results =
      StartBatch({entry}, worker, now);
  if (!results.ok()) return results.status();
  return std::move((*results)[0]);
}

absl::StatusOr<std::vector<JobStore::StartResult>> JobStore::StartBatch(
    const std::vector<QueueEntry>& entries, const std::string& worker,
    absl::Time now) {
  std::vector<int> codes;
  return StartEntries(entries, worker, now, &codes);
}

absl::StatusOr<std::vector<JobStore::StartResult>> JobStore::StartEntries(
    const std::vector<QueueEntry>& entries, const std::string& worker,
    absl::Time now, std::vector<int>* codes) {
  static const std::string* const kScript = new std::string(scripts::kStart);
  v1::DiagnosisEvent running;
  running.mutable_state_change()->set_state(v1::Diagnosis::RUNNING);
  const std::string now_ms = absl::StrCat(internal::ToMs(now));
  const std::string max_attempts =
      absl::StrCat(std::max(1, options_.max_attempts));
  const std::string retention =
      absl::StrCat(absl::ToInt64Milliseconds(options_.retention));
  std::vector<RedisConnection::ScriptCall> calls;
  calls.reserve(entries.size());
  for (const QueueEntry& entry : entries) {
    // attempt 0 is not serialized; the script appends the real one.
    internal::Stamp(entry.job_id, 0, now, running);
    // Likewise the dead letter's reason.
    v1::DiagnosisEvent failed =
        internal::StateEvent(entry.job_id, 0, v1::Diagnosis::FAILED, "", now);
    calls.push_back(
        {kScript,
         {Key("job", entry.job_id), Key("events", entry.job_id), QueueKey()},
         {entry.job_id, entry.entry_id, worker, now_ms, kGroup,
          running.SerializeAsString(), NotifyChannel(), max_attempts, retention,
          failed.SerializeAsString()}});
  }
  codes->assign(entries.size(), 0);
  std::vector<StartResult> out;
  if (calls.empty()) return out;
  absl::StatusOr<std::vector<RedisReply>> replies = redis_.EvalPipeline(calls);
  if (!replies.ok()) return replies.status();
  out.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    out.push_back(
        ParseStart(entries[i], std::move((*replies)[i]), &(*codes)[i]));
  }
  return out;
}

JobStore::StartResult JobStore::ParseStart(const QueueEntry& entry,
                                           RedisReply raw, int* code_out) {
  absl::StatusOr<RedisReply> reply = internal::Checked(std::move(raw), "start");
  if (!reply.ok()) return reply.status();
  absl::StatusOr<int64_t> code = internal::ScriptCode(*reply, "start");
  if (!code.ok()) return code.status();
  *code_out = static_cast<int>(*code);
  if (*code == 0) return std::optional<JobLease>();
  if (*code == 2) {
    Metrics::Counter(metric_names::kJobsDeadLettered).Add();
    return std::optional<JobLease>();
  }
  if (reply->elements.size() != 3) {
    return absl::InternalError("start: malformed script reply");
  }
  Metrics::Counter(metric_names::kJobAttempts).Add();
  JobLease lease;
  lease.job_id = entry.job_id;
  lease.entry_id = entry.entry_id;
  lease.attempt = static_cast<int>(reply->elements[1].integer);
  if (!lease.spec.ParseFromString(reply->elements[2].str)) {
    return absl::DataLossError(
        absl::StrCat("job ", entry.job_id, ": stored spec does not parse"));
  }
  return std::optional<JobLease>(std::move(lease));
}

absl::StatusOr<HeartbeatOutcome> JobStore::Heartbeat(
    const JobLease& lease, const std::string& consumer) {
  absl::StatusOr<RedisReply> reply = internal::Checked(
      redis_.Eval(
          scripts::kHeartbeat, {Key("job", lease.job_id), QueueKey()},
          {absl::StrCat(lease.attempt), lease.entry_id, kGroup, consumer}),
      "heartbeat");
  if (!reply.ok()) return reply.status();
  absl::StatusOr<int64_t> code = internal::ScriptCode(*reply, "heartbeat");
  if (!code.ok()) return code.status();
  if (*code == 0) return internal::Fenced(*reply);
  return *code == 2 ? HeartbeatOutcome::kCancelRequested
                    : HeartbeatOutcome::kExtended;
}

absl::Status JobStore::Release(const JobLease& lease,
                               const std::string& consumer, absl::Time now) {
  absl::StatusOr<RedisReply> reply = internal::Checked(
      redis_.Eval(
          scripts::kRelease, {Key("job", lease.job_id), QueueKey()},
          {absl::StrCat(lease.attempt), lease.entry_id, kGroup, consumer,
           absl::StrCat(absl::ToInt64Milliseconds(options_.lease)),
           absl::StrCat(internal::ToMs(now))}),
      "release");
  if (!reply.ok()) return reply.status();
  absl::StatusOr<int64_t> code = internal::ScriptCode(*reply, "release");
  if (!code.ok()) return code.status();
  if (*code == 0) return internal::Fenced(*reply);
  Metrics::Counter(metric_names::kJobsHandedBack).Add();
  return absl::OkStatus();
}

ReclaimResult JobStore::Reclaim(const std::string& consumer, int max,
                                absl::Time now) {
  ReclaimResult result;
  const std::string stream = QueueKey();
  const std::string min_idle = absl::StrCat(
      std::max<int64_t>(1, absl::ToInt64Milliseconds(options_.lease)));
  std::string cursor = "0-0";
  int budget = max;
  while (budget > 0) {
    absl::StatusOr<RedisReply> reply = internal::Checked(
        redis_.Command({"XAUTOCLAIM", stream, kGroup, consumer, min_idle,
                        cursor, "COUNT",
                        absl::StrCat(std::min(budget, kReclaimPage))}),
        "XAUTOCLAIM");
    if (!reply.ok()) {
      // No group (yet, or after a data loss): nothing is pending.
      if (!absl::StrContains(reply.status().message(), "NOGROUP")) {
        result.error = reply.status();
      }
      return result;
    }
    if (reply->elements.size() < 2) {
      result.error = absl::InternalError("XAUTOCLAIM: malformed reply");
      return result;
    }
    cursor = reply->elements[0].str;
    // Redis 7 also reports entries that were pending but are gone from the
    // stream (and drops them from the pending list itself); acknowledging
    // them again is harmless and keeps older servers tidy.
    if (reply->elements.size() > 2) {
      for (const RedisReply& id : reply->elements[2].elements) {
        (void)redis_.Command({"XACK", stream, kGroup, id.str});
        ++result.dropped;
      }
    }
    for (const RedisReply& e : reply->elements[1].elements) {
      if (e.elements.size() != 2) {
        // A deleted entry (nil fields, before Redis 7).
        if (!e.elements.empty()) {
          (void)redis_.Command({"XACK", stream, kGroup, e.elements[0].str});
        }
        ++result.dropped;
        continue;
      }
      QueueEntry entry{e.elements[0].str, JobIdOf(e.elements[1])};
      if (entry.job_id.empty()) {
        (void)redis_.Command({"XACK", stream, kGroup, entry.entry_id});
        (void)redis_.Command({"XDEL", stream, entry.entry_id});
        ++result.dropped;
        continue;
      }
      Metrics::Counter(metric_names::kJobsReclaimed).Add();
      std::vector<int> codes;
      absl::StatusOr<std::vector<StartResult>> started =
          StartEntries({entry}, consumer, now, &codes);
      if (started.ok() && !(*started)[0].ok()) started = (*started)[0].status();
      if (!started.ok()) {
        // The entry stays pending under `consumer` and is reclaimed again
        // after another lease.
        result.error = started.status();
        return result;
      }
      StartResult& lease = (*started)[0];
      const int code = codes[0];
      if (lease->has_value()) {
        result.leases.push_back(**std::move(lease));
        --budget;
      } else if (code == 2) {
        ++result.dead_lettered;
      } else {
        ++result.dropped;
      }
    }
    if (cursor == "0-0") break;
  }
  return result;
}

absl::StatusOr<int> JobStore::PruneConsumers(absl::Duration idle) {
  absl::StatusOr<RedisReply> reply = internal::Checked(
      redis_.Eval(scripts::kPruneConsumers, {QueueKey()},
                  {kGroup, absl::StrCat(absl::ToInt64Milliseconds(idle))}),
      "prune consumers");
  if (!reply.ok()) return reply.status();
  return static_cast<int>(reply->integer);
}

absl::StatusOr<QueueStats> JobStore::Stats() {
  absl::StatusOr<RedisReply> reply =
      redis_.Command({"XINFO", "GROUPS", QueueKey()});
  if (!reply.ok()) return reply.status();
  QueueStats stats;
  if (reply->is_error()) {
    // "ERR no such key": no job was ever queued.
    if (absl::StrContains(reply->str, "no such key")) return stats;
    return internal::ErrorReply(*reply, "XINFO GROUPS");
  }
  for (const RedisReply& group : reply->elements) {
    internal::HashFields f = internal::ToHashFields(group);
    if (f["name"] != kGroup) continue;
    for (size_t i = 0; i + 1 < group.elements.size(); i += 2) {
      const std::string& name = group.elements[i].str;
      const RedisReply& value = group.elements[i + 1];
      if (name == "lag") stats.lag = value.integer;
      if (name == "pending") stats.pending = value.integer;
    }
  }
  return stats;
}

}  // namespace ndrdiag
