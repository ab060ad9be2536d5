#include "bench/chaos/redis_audit.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/job_store.h"
#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag::chaos {
namespace {

constexpr size_t kBatch = 100;

absl::StatusOr<std::vector<RedisReply>> Run(
    RedisConnection& redis, const std::vector<std::vector<std::string>>& cmds) {
  absl::StatusOr<std::vector<RedisReply>> replies = redis.Pipeline(cmds);
  if (!replies.ok()) return replies.status();
  for (const RedisReply& reply : *replies) {
    if (reply.is_error()) {
      return absl::InternalError(absl::StrCat("redis: ", reply.str));
    }
  }
  return replies;
}

// An XRANGE reply: [[id, [field, value, ...]], ...] -> ids and how many
// entries are terminal (flag "t" = 1, or a terminal state change).
void ReadEventStream(const RedisReply& xrange, StoreView& view) {
  for (const RedisReply& entry : xrange.elements) {
    if (entry.elements.size() != 2) continue;
    view.event_ids.push_back(entry.elements[0].str);
    const std::vector<RedisReply>& fields = entry.elements[1].elements;
    bool terminal = false;
    for (size_t i = 0; i + 1 < fields.size(); i += 2) {
      if (fields[i].str == "t" && fields[i + 1].str == "1") terminal = true;
      if (fields[i].str == "e") {
        v1::DiagnosisEvent event;
        if (event.ParseFromString(fields[i + 1].str) &&
            event.has_state_change() &&
            IsTerminalState(event.state_change().state())) {
          terminal = true;
        }
      }
    }
    if (terminal) ++view.terminal_events;
  }
}

// job id of each pending entry of the group (empty when the entry is gone).
absl::StatusOr<std::vector<std::string>> PendingJobs(
    RedisConnection& redis, const std::string& jobs_key) {
  absl::StatusOr<std::vector<RedisReply>> pending =
      Run(redis, {{"XPENDING", jobs_key, "workers", "-", "+", "1000000"}});
  if (!pending.ok()) return pending.status();
  std::vector<std::string> entry_ids;
  for (const RedisReply& p : (*pending)[0].elements) {
    if (!p.elements.empty()) entry_ids.push_back(p.elements[0].str);
  }
  std::vector<std::string> jobs;
  for (size_t start = 0; start < entry_ids.size(); start += kBatch) {
    std::vector<std::vector<std::string>> cmds;
    for (size_t i = start; i < std::min(entry_ids.size(), start + kBatch);
         ++i) {
      cmds.push_back({"XRANGE", jobs_key, entry_ids[i], entry_ids[i]});
    }
    absl::StatusOr<std::vector<RedisReply>> replies = Run(redis, cmds);
    if (!replies.ok()) return replies.status();
    for (const RedisReply& xrange : *replies) {
      std::string job;
      if (!xrange.elements.empty() && xrange.elements[0].elements.size() == 2) {
        const std::vector<RedisReply>& fields =
            xrange.elements[0].elements[1].elements;
        for (size_t i = 0; i + 1 < fields.size(); i += 2) {
          if (fields[i].str == "job") job = fields[i + 1].str;
        }
      }
      jobs.push_back(job);
    }
  }
  return jobs;
}

}  // namespace

absl::StatusOr<AuditResult> AuditRedis(
    RedisConnection& redis, const std::string& key_prefix,
    const std::string& owner, const std::vector<std::string>& job_ids) {
  AuditResult result;
  result.jobs.resize(job_ids.size());

  absl::StatusOr<std::vector<std::string>> pending =
      PendingJobs(redis, absl::StrCat(key_prefix, ":jobs"));
  if (!pending.ok()) return pending.status();
  result.pending_total = static_cast<int>(pending->size());
  absl::flat_hash_map<std::string, int> pending_by_job;
  for (const std::string& job : *pending) {
    if (job.empty()) {
      ++result.orphan_pending;
    } else {
      ++pending_by_job[job];
    }
  }

  for (size_t start = 0; start < job_ids.size(); start += kBatch) {
    size_t end = std::min(job_ids.size(), start + kBatch);
    std::vector<std::vector<std::string>> cmds;
    for (size_t i = start; i < end; ++i) {
      const std::string& id = job_ids[i].empty() ? "-" : job_ids[i];
      cmds.push_back(
          {"HMGET", absl::StrCat(key_prefix, ":job:", id), "state", "attempt"});
      cmds.push_back(
          {"XRANGE", absl::StrCat(key_prefix, ":events:", id), "-", "+"});
    }
    absl::StatusOr<std::vector<RedisReply>> replies = Run(redis, cmds);
    if (!replies.ok()) return replies.status();
    for (size_t i = start; i < end; ++i) {
      const RedisReply& hash = (*replies)[2 * (i - start)];
      const RedisReply& events = (*replies)[2 * (i - start) + 1];
      if (job_ids[i].empty() || hash.elements.size() != 2 ||
          hash.elements[0].is_nil()) {
        continue;
      }
      StoreView view;
      int number = 0;
      if (absl::SimpleAtoi(hash.elements[0].str, &number) &&
          v1::Diagnosis::State_IsValid(number)) {
        view.state = static_cast<v1::Diagnosis::State>(number);
      }
      (void)absl::SimpleAtoi(hash.elements[1].str, &view.attempt);
      ReadEventStream(events, view);
      auto it = pending_by_job.find(job_ids[i]);
      if (it != pending_by_job.end()) view.pending_entries = it->second;
      result.jobs[i] = std::move(view);
    }
  }

  absl::StatusOr<std::vector<RedisReply>> owned =
      Run(redis,
          {{"ZRANGE", absl::StrCat(key_prefix, ":owner:", owner), "0", "-1"}});
  if (!owned.ok()) return owned.status();
  absl::flat_hash_set<std::string> asked(job_ids.begin(), job_ids.end());
  for (const RedisReply& member : (*owned)[0].elements) {
    if (!asked.contains(member.str)) result.extra_job_ids.push_back(member.str);
  }
  return result;
}

}  // namespace ndrdiag::chaos
