// JobStore: names, creation, cancellation and the worker side. Reads (Get,
// List, ReadEvents) live in job_store_read.cc.
#include "common/job_store.h"

#include <algorithm>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/job_store_internal.h"
#include "common/job_store_scripts.h"

namespace ndrdiag {
namespace {

namespace internal = job_store_internal;
namespace scripts = job_store_scripts;
using internal::Fenced;
using internal::kGroup;
using internal::Stamped;
using internal::StateEvent;

constexpr char kNamePrefix[] = "diagnoses/";
constexpr size_t kMaxIdLength = 64;
constexpr char kBase36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

}  // namespace

namespace job_store_internal {

// The fields every stored event gets from the store, whatever the caller set.
v1::DiagnosisEvent Stamped(v1::DiagnosisEvent event, const std::string& job_id,
                           int attempt, absl::Time now) {
  Stamp(job_id, attempt, now, event);
  return event;
}

void Stamp(const std::string& job_id, int attempt, absl::Time now,
           v1::DiagnosisEvent& event) {
  event.clear_event_id();  // the stream entry id is the event id
  event.set_diagnosis(JobStore::NameOf(job_id));
  // Microseconds, so that a watcher can measure delivery latency (the
  // fields of the job hash keep milliseconds).
  const int64_t us = absl::ToUnixMicros(now);
  const int64_t seconds = us / 1000000 - (us % 1000000 < 0 ? 1 : 0);
  event.mutable_time()->set_seconds(seconds);
  event.mutable_time()->set_nanos(
      static_cast<int32_t>((us - seconds * 1000000) * 1000));
  event.set_attempt(attempt);
  event.set_terminal(false);
}

v1::DiagnosisEvent StateEvent(const std::string& job_id, int attempt,
                              v1::Diagnosis::State state,
                              const std::string& reason, absl::Time now) {
  v1::DiagnosisEvent event;
  event.mutable_state_change()->set_state(state);
  event.mutable_state_change()->set_reason(reason);
  event = Stamped(std::move(event), job_id, attempt, now);
  event.set_terminal(IsTerminalState(state));
  return event;
}

absl::Status Fenced(const RedisReply& reply) {
  std::string why = reply.elements.size() > 1 ? reply.elements[1].str : "";
  return absl::AbortedError(absl::StrCat("fenced: ", why));
}

}  // namespace job_store_internal

bool IsTerminalState(v1::Diagnosis::State s) {
  return s == v1::Diagnosis::SUCCEEDED || s == v1::Diagnosis::FAILED ||
         s == v1::Diagnosis::CANCELLED;
}

JobStore::JobStore(RedisConnection& redis, const JobStoreOptions& options)
    : redis_(redis), options_(options) {}

std::string JobStore::Key(const std::string& kind,
                          const std::string& id) const {
  return absl::StrCat(options_.key_prefix, ":", kind, ":", id);
}

std::string JobStore::QueueKey() const {
  return absl::StrCat(options_.key_prefix, ":jobs");
}

std::string JobStore::NotifyChannel() const {
  return absl::StrCat(options_.key_prefix, ":notify");
}

std::string JobStore::NameOf(const std::string& job_id) {
  return absl::StrCat(kNamePrefix, job_id);
}

absl::StatusOr<std::string> JobStore::ParseName(const std::string& name,
                                                const std::string& field) {
  auto invalid = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", absl::CHexEscape(name.substr(0, 80)),
                     name.size() > 80 ? "..." : "", "\" ", why));
  };
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is required (\"diagnoses/{id}\")"));
  }
  if (!absl::StartsWith(name, kNamePrefix)) {
    return invalid("is not a diagnosis name (\"diagnoses/{id}\")");
  }
  std::string id = name.substr(sizeof(kNamePrefix) - 1);
  if (id.empty()) return invalid("has an empty id");
  if (id.size() > kMaxIdLength) return invalid("has an id that is too long");
  for (char c : id) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) &&
        !(c >= 'a' && c <= 'z') && c != '-') {
      return invalid("has an id with characters other than [0-9a-z-]");
    }
  }
  return id;
}

std::string JobStore::NewJobId() {
  // 11 base-36 digits of microseconds since 1970 (fixed width, so ids sort
  // by time until the year 6000), '-', 17 random base-36 digits (87 bits).
  thread_local absl::BitGen gen;
  uint64_t us = static_cast<uint64_t>(absl::ToUnixMicros(absl::Now()));
  std::string id(29, '0');
  for (int i = 10; i >= 0; --i) {
    id[i] = kBase36[us % 36];
    us /= 36;
  }
  id[11] = '-';
  for (int i = 12; i < 29; ++i) {
    id[i] = kBase36[absl::Uniform(gen, 0, 36)];
  }
  return id;
}

absl::StatusOr<JobStore::CreateResult> JobStore::Create(
    const std::string& owner, const std::string& request_id,
    const v1::DiagnosisSpec& spec, absl::Time now) {
  const std::string id = NewJobId();
  const int64_t now_ms = internal::ToMs(now);
  v1::Diagnosis created;
  created.set_name(NameOf(id));
  *created.mutable_spec() = spec;
  created.set_state(v1::Diagnosis::QUEUED);
  internal::SetTimestamp(now_ms, created.mutable_create_time());
  created.set_request_id(request_id);

  v1::DiagnosisEvent accepted;
  *accepted.mutable_accepted()->mutable_diagnosis() = created;
  accepted = Stamped(std::move(accepted), id, 0, now);
  v1::DiagnosisEvent queued = StateEvent(id, 0, v1::Diagnosis::QUEUED, "", now);

  absl::StatusOr<RedisReply> reply = internal::Checked(
      redis_.Eval(
          scripts::kCreate,
          {Key("job", id), Key("events", id),
           absl::StrCat(options_.key_prefix, ":jobs"), Key("owner", owner),
           Key("idem", absl::StrCat(owner, ":", request_id))},
          {id, owner, request_id, spec.SerializeAsString(),
           absl::StrCat(now_ms),
           absl::StrCat(absl::ToInt64Milliseconds(options_.idempotency_ttl)),
           accepted.SerializeAsString(), queued.SerializeAsString(),
           NotifyChannel(), Key("job", "")}),
      "create");
  if (!reply.ok()) return reply.status();
  absl::StatusOr<int64_t> code = internal::ScriptCode(*reply, "create");
  if (!code.ok()) return code.status();
  CreateResult result;
  if (*code == 1) {
    result.diagnosis = std::move(created);
    result.created = true;
    return result;
  }
  if (reply->elements.size() < 2) {
    return absl::InternalError("create: malformed script reply");
  }
  absl::StatusOr<v1::Diagnosis> existing =
      Get(owner, reply->elements[1].str, /*with_results=*/false);
  if (!existing.ok()) return existing.status();
  result.diagnosis = *std::move(existing);
  return result;
}

absl::StatusOr<v1::Diagnosis> JobStore::Cancel(const std::string& owner,
                                               const std::string& job_id,
                                               absl::Time now) {
  v1::DiagnosisEvent cancelled = StateEvent(job_id, 0, v1::Diagnosis::CANCELLED,
                                            "cancelled by the caller", now);
  absl::StatusOr<RedisReply> reply = internal::Checked(
      redis_.Eval(scripts::kCancel, {Key("job", job_id), Key("events", job_id)},
                  {owner, absl::StrCat(internal::ToMs(now)),
                   absl::StrCat(absl::ToInt64Milliseconds(options_.retention)),
                   cancelled.SerializeAsString(), NotifyChannel(), job_id}),
      "cancel");
  if (!reply.ok()) return reply.status();
  absl::StatusOr<int64_t> code = internal::ScriptCode(*reply, "cancel");
  if (!code.ok()) return code.status();
  if (*code == 0) {
    return absl::NotFoundError(
        absl::StrCat("diagnosis \"", NameOf(job_id), "\" not found"));
  }
  if (*code == 2) {
    int64_t state = reply->elements.size() > 1 ? reply->elements[1].integer : 0;
    return absl::FailedPreconditionError(absl::StrCat(
        "diagnosis \"", NameOf(job_id), "\" has already finished (",
        v1::Diagnosis::State_Name(static_cast<v1::Diagnosis::State>(state)),
        ")"));
  }
  return Get(owner, job_id, /*with_results=*/true);
}

absl::Status JobStore::EnsureGroup() {
  // Id 0, not '$': jobs queued before the first worker ever ran must still
  // be delivered.
  absl::StatusOr<RedisReply> reply = redis_.Command(
      {"XGROUP", "CREATE", absl::StrCat(options_.key_prefix, ":jobs"), kGroup,
       "0", "MKSTREAM"});
  if (!reply.ok()) return reply.status();
  if (reply->is_error() && !absl::StartsWith(reply->str, "BUSYGROUP")) {
    return internal::ErrorReply(*reply, "XGROUP CREATE");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<QueueEntry>> JobStore::Fetch(
    const std::string& consumer, int max, absl::Duration block) {
  const std::string stream = absl::StrCat(options_.key_prefix, ":jobs");
  std::vector<std::string> argv = {
      "XREADGROUP", "GROUP", kGroup,
      consumer,     "COUNT", absl::StrCat(std::max(1, max))};
  if (block > absl::ZeroDuration()) {
    argv.push_back("BLOCK");
    argv.push_back(
        absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(block))));
  }
  argv.insert(argv.end(), {"STREAMS", stream, ">"});
  absl::StatusOr<RedisReply> reply;
  for (int round = 0; round < 2; ++round) {
    reply = block > absl::ZeroDuration()
                ? redis_.CommandWithTimeout(argv, block + absl::Seconds(1))
                : redis_.Command(argv);
    if (!reply.ok()) return reply.status();
    // The group vanishes only when the data did (FLUSHALL, a fresh Redis
    // without AOF): recreate it rather than fail every fetch.
    if (round == 0 && reply->is_error() &&
        absl::StartsWith(reply->str, "NOGROUP")) {
      if (absl::Status s = EnsureGroup(); !s.ok()) return s;
      continue;
    }
    break;
  }
  if (reply->is_error()) return internal::ErrorReply(*reply, "XREADGROUP");
  std::vector<QueueEntry> entries;
  if (reply->is_nil()) return entries;
  for (const RedisReply& s : reply->elements) {
    if (s.elements.size() != 2) continue;
    for (const RedisReply& e : s.elements[1].elements) {
      if (e.elements.size() != 2) continue;
      QueueEntry entry;
      entry.entry_id = e.elements[0].str;
      const std::vector<RedisReply>& fields = e.elements[1].elements;
      for (size_t i = 0; i + 1 < fields.size(); i += 2) {
        if (fields[i].str == "job") entry.job_id = fields[i + 1].str;
      }
      if (entry.job_id.empty()) {
        // Not ours to run; acknowledged so that it does not haunt the
        // pending list.
        (void)redis_.Command({"XACK", stream, kGroup, entry.entry_id});
        continue;
      }
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

absl::StatusOr<AppendOutcome> JobStore::Append(const JobLease& lease,
                                               const v1::DiagnosisEvent& event,
                                               absl::Time now) {
  std::vector<AttemptWrite> writes(1);
  writes[0].lease = &lease;
  writes[0].events.push_back(event);
  absl::StatusOr<std::vector<absl::StatusOr<AppendOutcome>>> results =
      Write(writes, now);
  if (!results.ok()) return results.status();
  return (*results)[0];
}

absl::Status JobStore::Finish(const JobLease& lease, v1::Diagnosis::State state,
                              const v1::Verdict* verdict,
                              const std::string& reason, absl::Time now) {
  std::vector<AttemptWrite> writes(1);
  writes[0].lease = &lease;
  writes[0].end = AttemptWrite::End{state, verdict, reason};
  absl::StatusOr<std::vector<absl::StatusOr<AppendOutcome>>> results =
      Write(writes, now);
  if (!results.ok()) return results.status();
  return (*results)[0].status();
}

absl::StatusOr<std::vector<absl::StatusOr<AppendOutcome>>> JobStore::Write(
    std::vector<AttemptWrite>& writes, absl::Time now) {
  static const std::string* const kScript = new std::string(scripts::kWrite);
  std::vector<absl::StatusOr<AppendOutcome>> results(writes.size(),
                                                     AppendOutcome::kAppended);
  std::vector<RedisConnection::ScriptCall> calls;
  std::vector<size_t> call_of;  // index into `writes` of each call
  const std::string now_ms = absl::StrCat(internal::ToMs(now));
  for (size_t i = 0; i < writes.size(); ++i) {
    AttemptWrite& w = writes[i];
    const JobLease& lease = *w.lease;
    if (w.end && !IsTerminalState(w.end->state)) {
      results[i] = absl::InvalidArgumentError(absl::StrCat(
          "finish: state ", v1::Diagnosis::State_Name(w.end->state),
          " is not terminal"));
      continue;
    }
    RedisConnection::ScriptCall call{
        kScript,
        {Key("job", lease.job_id), Key("events", lease.job_id), QueueKey()},
        {}};
    std::vector<std::string>& args = call.args;
    args.reserve(4 + w.events.size() + (w.end ? 9 : 0));
    args.push_back(absl::StrCat(lease.attempt));
    args.push_back(NotifyChannel());
    args.push_back(lease.job_id);
    args.push_back(absl::StrCat(w.events.size()));
    // Stamped in place: a copy of each event (evidence and all) only to
    // stamp it was a twentieth of a worker's time.
    for (v1::DiagnosisEvent& event : w.events) {
      internal::Stamp(lease.job_id, lease.attempt, now, event);
      args.push_back(event.SerializeAsString());
    }
    if (w.end) {
      std::string verdict_bytes;
      std::string verdict_event;
      if (w.end->verdict != nullptr) {
        verdict_bytes = w.end->verdict->SerializeAsString();
        v1::DiagnosisEvent e;
        *e.mutable_verdict() = *w.end->verdict;
        verdict_event = Stamped(std::move(e), lease.job_id, lease.attempt, now)
                            .SerializeAsString();
      }
      args.push_back(absl::StrCat(static_cast<int>(w.end->state)));
      args.push_back(std::move(verdict_bytes));
      args.push_back(w.end->reason);
      args.push_back(now_ms);
      args.push_back(
          absl::StrCat(absl::ToInt64Milliseconds(options_.retention)));
      args.push_back(std::move(verdict_event));
      args.push_back(StateEvent(lease.job_id, lease.attempt, w.end->state,
                                w.end->reason, now)
                         .SerializeAsString());
      args.push_back(lease.entry_id);
      args.push_back(kGroup);
    }
    calls.push_back(std::move(call));
    call_of.push_back(i);
  }
  if (calls.empty()) return results;
  absl::StatusOr<std::vector<RedisReply>> replies = redis_.EvalPipeline(calls);
  if (!replies.ok()) return replies.status();
  for (size_t c = 0; c < calls.size(); ++c) {
    absl::StatusOr<RedisReply> reply =
        internal::Checked(std::move((*replies)[c]), "write");
    absl::StatusOr<AppendOutcome>& result = results[call_of[c]];
    if (!reply.ok()) {
      result = reply.status();
      continue;
    }
    absl::StatusOr<int64_t> code = internal::ScriptCode(*reply, "write");
    if (!code.ok()) {
      result = code.status();
    } else if (*code == 0) {
      result = Fenced(*reply);
    } else {
      result = *code == 2 ? AppendOutcome::kCancelRequested
                          : AppendOutcome::kAppended;
    }
  }
  return results;
}

absl::Status JobStore::Ping() {
  absl::StatusOr<RedisReply> reply = redis_.Command({"PING"});
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) return internal::ErrorReply(*reply, "PING");
  return absl::OkStatus();
}

}  // namespace ndrdiag
