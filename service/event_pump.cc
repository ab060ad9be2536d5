#include "service/event_pump.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/logging.h"

namespace ndrdiag {
namespace {

// "ms-seq" as a pair of numbers; false when `id` is not of that form.
bool ParseEventId(const std::string& id, uint64_t* ms, uint64_t* seq) {
  std::pair<std::string, std::string> parts =
      absl::StrSplit(id, absl::MaxSplits('-', 1));
  return absl::SimpleAtoi(parts.first, ms) &&
         absl::SimpleAtoi(parts.second, seq);
}

bool IsTransportError(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

}  // namespace

bool EventIdLess(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return a.empty() && !b.empty();
  uint64_t a_ms = 0, a_seq = 0, b_ms = 0, b_seq = 0;
  if (!ParseEventId(a, &a_ms, &a_seq) || !ParseEventId(b, &b_ms, &b_seq)) {
    return a < b;
  }
  return std::tie(a_ms, a_seq) < std::tie(b_ms, b_seq);
}

EventPump::EventPump(RedisEndpoint endpoint, EventPumpOptions options)
    : endpoint_(std::move(endpoint)), options_(std::move(options)) {}

EventPump::~EventPump() { Shutdown(); }

void EventPump::Start() {
  {
    absl::MutexLock lock(&mu_);
    if (started_ || shutdown_) return;
    started_ = true;
  }
  RedisSubscriberCallbacks callbacks;
  callbacks.on_message = [this](const std::string& job_id) {
    absl::MutexLock lock(&mu_);
    if (by_job_.contains(job_id)) dirty_.insert(job_id);
  };
  callbacks.on_reconnect = [this] {
    absl::MutexLock lock(&mu_);
    sweep_now_ = true;
  };
  callbacks.on_state = [this](bool connected) {
    if (connected) {
      // Notifications published before the subscription was confirmed are
      // lost; a sweep picks up whatever they announced.
      {
        absl::MutexLock lock(&mu_);
        sweep_now_ = true;
      }
      NDRDIAG_LOG(INFO) << "event pump: subscribed to job notifications";
    } else {
      NDRDIAG_LOG(WARNING) << "event pump: notification subscription lost; "
                              "reconnecting";
    }
  };
  subscriber_ = std::make_unique<RedisSubscriber>(endpoint_, options_.redis,
                                                  std::move(callbacks));
  RedisConnection unused(endpoint_, options_.redis);  // never connects
  subscriber_->Subscribe(JobStore(unused, options_.store).NotifyChannel());
  subscriber_thread_ = std::thread([this] { subscriber_->Run(); });
  pump_thread_ = std::thread([this] { Loop(); });
}

absl::StatusOr<EventPump::WatchId> EventPump::Watch(const std::string& job_id,
                                                    std::string cursor,
                                                    WatchSinkPtr sink) {
  absl::MutexLock lock(&mu_);
  if (shutdown_) return absl::UnavailableError(kShuttingDownMessage);
  const WatchId id = next_id_++;
  watchers_[id] =
      Watcher{job_id, std::move(cursor), std::move(sink), absl::Now()};
  by_job_[job_id].insert(id);
  // A notification may have come and gone before this registration.
  dirty_.insert(job_id);
  return id;
}

void EventPump::Unwatch(WatchId id) {
  absl::MutexLock lock(&mu_);
  auto it = watchers_.find(id);
  if (it == watchers_.end()) return;
  auto job = by_job_.find(it->second.job_id);
  if (job != by_job_.end()) {
    job->second.erase(id);
    if (job->second.empty()) by_job_.erase(job);
  }
  watchers_.erase(it);
}

size_t EventPump::watcher_count() const {
  absl::MutexLock lock(&mu_);
  return watchers_.size();
}

void EventPump::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shutdown_) return;
    shutdown_ = true;
  }
  if (subscriber_ != nullptr) subscriber_->Stop();
  if (subscriber_thread_.joinable()) subscriber_thread_.join();
  if (pump_thread_.joinable()) pump_thread_.join();
  CloseAll(absl::UnavailableError(kShuttingDownMessage));
}

bool EventPump::ShouldWake() const {
  return shutdown_ || sweep_now_ || !dirty_.empty();
}

void EventPump::Loop() {
  RedisConnection redis(endpoint_, options_.redis);
  JobStore store(redis, options_.store);
  absl::Time next_sweep = absl::Now() + options_.sweep_interval;
  for (;;) {
    bool sweep = false;
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithDeadline(absl::Condition(this, &EventPump::ShouldWake),
                            next_sweep);
      if (shutdown_) return;
      sweep = sweep_now_ || absl::Now() >= next_sweep;
      sweep_now_ = false;
    }
    if (sweep) next_sweep = absl::Now() + options_.sweep_interval;
    Round(store, sweep);
  }
}

void EventPump::Round(JobStore& store, bool sweep) {
  // (job, the cursor the read starts from): the smallest of its watchers'.
  std::vector<std::pair<std::string, std::string>> reads;
  {
    absl::MutexLock lock(&mu_);
    auto add = [&](const std::string& job, const std::set<WatchId>& ids) {
      std::string from = watchers_.at(*ids.begin()).cursor;
      for (WatchId id : ids) {
        const std::string& c = watchers_.at(id).cursor;
        if (EventIdLess(c, from)) from = c;
      }
      reads.emplace_back(job, std::move(from));
    };
    if (sweep) {
      for (const auto& [job, ids] : by_job_) add(job, ids);
    } else {
      for (const std::string& job : dirty_) {
        auto it = by_job_.find(job);
        if (it != by_job_.end()) add(job, it->second);
      }
    }
    dirty_.clear();
  }
  const size_t per_batch = std::max(1, options_.jobs_per_batch);
  for (size_t start = 0; start < reads.size(); start += per_batch) {
    const std::vector<std::pair<std::string, std::string>> chunk(
        reads.begin() + start,
        reads.begin() + std::min(reads.size(), start + per_batch));
    absl::StatusOr<std::vector<std::vector<RawEvent>>> events =
        store.ReadRawEventsBatch(chunk, options_.events_per_job);
    if (!events.ok() && !IsTransportError(events.status())) {
      // One job's data is bad; it must not stall the watchers of the others.
      events = ReadOneByOne(store, chunk);
    }
    if (!events.ok()) {
      HandleReadFailure(events.status());
      return;
    }
    if (unreadable_since_ != absl::InfiniteFuture()) {
      NDRDIAG_LOG(INFO) << "event pump: job store readable again";
      unreadable_since_ = absl::InfiniteFuture();
    }
    std::vector<Delivery> deliveries;
    {
      absl::MutexLock lock(&mu_);
      for (size_t i = 0; i < chunk.size(); ++i) {
        const auto& [job, from] = chunk[i];
        std::vector<RawEvent>& read = (*events)[i];
        if (static_cast<int>(read.size()) >= options_.events_per_job) {
          dirty_.insert(job);  // more to read
        }
        auto it = by_job_.find(job);
        if (read.empty() || it == by_job_.end()) continue;
        const std::set<WatchId> ids = it->second;
        size_t watchers_left = ids.size();
        for (WatchId id : ids) {
          // The last watcher of the job (most often the only one) takes the
          // events read; the others get copies.
          const bool last = --watchers_left == 0;
          Watcher& w = watchers_.at(id);
          // Registered during the read with an older cursor: what it needs
          // may precede `from`, so it waits for the next read.
          if (EventIdLess(w.cursor, from)) {
            dirty_.insert(job);
            continue;
          }
          Delivery d{w.sink, id, {}};
          bool terminal = false;
          for (RawEvent& e : read) {
            if (!EventIdLess(w.cursor, e.id)) continue;
            const bool end = e.terminal;
            d.events.push_back(last ? std::move(e) : e);
            if (end) {
              terminal = true;
              break;
            }
          }
          if (d.events.empty()) continue;
          w.cursor = d.events.back().id;
          deliveries.push_back(std::move(d));
          if (terminal) {
            by_job_[job].erase(id);
            if (by_job_[job].empty()) by_job_.erase(job);
            watchers_.erase(id);
          }
        }
      }
    }
    for (Delivery& d : deliveries) {
      if (!d.sink->OnEvents(std::move(d.events))) Unwatch(d.id);
    }
  }
}

absl::StatusOr<std::vector<std::vector<RawEvent>>> EventPump::ReadOneByOne(
    JobStore& store,
    const std::vector<std::pair<std::string, std::string>>& chunk) {
  std::vector<std::vector<RawEvent>> out(chunk.size());
  for (size_t i = 0; i < chunk.size(); ++i) {
    absl::StatusOr<std::vector<RawEvent>> events = store.ReadRawEvents(
        chunk[i].first, chunk[i].second, options_.events_per_job);
    if (events.ok()) {
      out[i] = *std::move(events);
    } else if (IsTransportError(events.status())) {
      return events.status();
    } else {
      NDRDIAG_LOG(ERROR)
              .With("job", chunk[i].first)
              .With("attempt", 0)  // not known here
              .With("error", events.status().ToString())
          << "event pump: cannot read the events of a job; closing its "
             "watchers";
      CloseJob(chunk[i].first, events.status());
    }
  }
  return out;
}

void EventPump::CloseJob(const std::string& job_id,
                         const absl::Status& status) {
  std::vector<WatchSinkPtr> closing;
  {
    absl::MutexLock lock(&mu_);
    auto job = by_job_.find(job_id);
    if (job == by_job_.end()) return;
    for (WatchId id : job->second) {
      closing.push_back(std::move(watchers_.at(id).sink));
      watchers_.erase(id);
    }
    by_job_.erase(job);
  }
  for (const WatchSinkPtr& sink : closing) sink->OnClosed(status);
}

void EventPump::HandleReadFailure(const absl::Status& status) {
  const absl::Time now = absl::Now();
  if (unreadable_since_ == absl::InfiniteFuture()) {
    unreadable_since_ = now;
    NDRDIAG_LOG(WARNING).With("error", status.ToString())
        << "event pump: cannot read job events; watchers wait up to "
        << absl::FormatDuration(options_.unavailable_grace);
  }
  if (now - unreadable_since_ < options_.unavailable_grace) return;
  const absl::Time cutoff = now - options_.unavailable_grace;
  CloseAll(absl::UnavailableError(absl::StrCat(
               "job store unavailable for more than ",
               absl::FormatDuration(options_.unavailable_grace), " (",
               status.message(), "); resume with after_event_id")),
           cutoff);
}

void EventPump::CloseAll(const absl::Status& status, absl::Time cutoff) {
  std::vector<WatchSinkPtr> closing;
  {
    absl::MutexLock lock(&mu_);
    for (auto it = watchers_.begin(); it != watchers_.end();) {
      if (it->second.registered >= cutoff) {
        ++it;
        continue;
      }
      closing.push_back(std::move(it->second.sink));
      auto job = by_job_.find(it->second.job_id);
      if (job != by_job_.end()) {
        job->second.erase(it->first);
        if (job->second.empty()) by_job_.erase(job);
      }
      watchers_.erase(it++);
    }
  }
  if (!closing.empty()) {
    NDRDIAG_LOG(WARNING).With("watchers", closing.size())
        << "event pump: closing watchers: " << status.message();
  }
  for (const WatchSinkPtr& sink : closing) sink->OnClosed(status);
}

}  // namespace ndrdiag
