#include "bench/chaos/tally.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/job_store.h"

namespace ndrdiag::chaos {
Summary Tally(const std::vector<JobOutcome>& jobs, int extra_jobs,
              int orphan_pending, double elapsed_s) {
  Summary s;
  s.orphan_pending = orphan_pending;
  s.submitted = static_cast<int>(jobs.size());
  s.extra_jobs = extra_jobs;
  s.elapsed_s = elapsed_s;
  for (const JobOutcome& job : jobs) {
    const CallerView& caller = job.caller;
    const StoreView* store = job.store ? &*job.store : nullptr;
    s.repeated_ids += caller.repeated_ids;
    s.out_of_order += caller.out_of_order;
    if (store != nullptr)
      s.max_attempts = std::max(s.max_attempts, store->attempt);

    if (caller.terminal_events > 1 ||
        (store != nullptr && store->terminal_events > 1)) {
      ++s.duplicate_terminal;
    }
    bool store_terminal = store != nullptr && IsTerminalState(store->state) &&
                          store->terminal_events > 0;
    if (store != nullptr && store_terminal && store->pending_entries > 0) {
      ++s.pending_left;
    }

    if (!caller.acknowledged) {
      ++s.lost;
      ++s.lost_unacknowledged;
      continue;
    }
    if (store == nullptr) {
      ++s.lost;
      ++s.lost_missing_in_redis;
      continue;
    }
    if (caller.terminal_events == 0) {
      ++s.lost;
      ++(store_terminal ? s.lost_only_in_redis : s.lost_not_terminal);
      continue;
    }
    if (caller.event_ids != store->event_ids) ++s.gaps;
    if (caller.terminal_state != store->state) ++s.state_mismatch;
    switch (caller.terminal_state) {
      case v1::Diagnosis::SUCCEEDED:
        ++s.succeeded;
        break;
      case v1::Diagnosis::FAILED:
        ++s.failed;
        break;
      case v1::Diagnosis::CANCELLED:
        ++s.cancelled;
        break;
      default:
        // A terminal event without a terminal state: the caller got no
        // verdict it could use.
        ++s.lost;
        ++s.lost_not_terminal;
        break;
    }
  }
  return s;
}

std::string SummaryLine(const Summary& s) {
  return absl::StrFormat(
      "submitted=%d succeeded=%d failed=%d cancelled=%d lost=%d "
      "duplicate_terminal=%d max_attempts=%d elapsed_s=%.1f violations=%d",
      s.submitted, s.succeeded, s.failed, s.cancelled, s.lost,
      s.duplicate_terminal, s.max_attempts, s.elapsed_s, s.violations());
}

std::string SummaryDetails(const Summary& s) {
  std::vector<std::string> parts;
  auto add = [&parts](const char* name, int value) {
    if (value != 0) parts.push_back(absl::StrCat(name, "=", value));
  };
  add("lost_unacknowledged", s.lost_unacknowledged);
  add("lost_missing_in_redis", s.lost_missing_in_redis);
  add("lost_not_terminal", s.lost_not_terminal);
  add("lost_only_in_redis", s.lost_only_in_redis);
  add("repeated_ids", s.repeated_ids);
  add("out_of_order", s.out_of_order);
  add("gaps", s.gaps);
  add("state_mismatch", s.state_mismatch);
  add("pending_left", s.pending_left);
  add("extra_jobs", s.extra_jobs);
  add("orphan_pending", s.orphan_pending);
  return parts.empty() ? "none" : absl::StrJoin(parts, " ");
}

}  // namespace ndrdiag::chaos
