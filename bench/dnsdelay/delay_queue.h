// DelayQueue: answers held until their release time, the timer queue of the
// delaying proxy (one thread; thousands of answers waiting at once).
//
// Promises: PopDue returns every item whose time has come, earliest first,
// items with the same time in the order they were pushed; nothing is
// returned before its time. Pure: the caller passes the clock's readings.
#ifndef NDRDIAG_BENCH_DNSDELAY_DELAY_QUEUE_H_
#define NDRDIAG_BENCH_DNSDELAY_DELAY_QUEUE_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

namespace ndrdiag::dnsdelay {

template <typename T>
class DelayQueue {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  void Push(TimePoint due, T item) {
    heap_.push(Entry{due, next_sequence_++, std::move(item)});
  }

  // When the earliest item is due; nullopt when empty.
  std::optional<TimePoint> NextDue() const {
    if (heap_.empty()) return std::nullopt;
    return heap_.top().due;
  }

  // Removes and returns the items due at or before `now`, at most `limit`
  // (so one busy loop turn cannot starve the sockets).
  std::vector<T> PopDue(TimePoint now, size_t limit = SIZE_MAX) {
    std::vector<T> due;
    while (!heap_.empty() && heap_.top().due <= now && due.size() < limit) {
      // priority_queue::top is const; the entry is discarded right after.
      due.push_back(std::move(const_cast<Entry&>(heap_.top()).item));
      heap_.pop();
    }
    return due;
  }

  size_t size() const { return heap_.size(); }
  bool empty() const { return heap_.empty(); }

 private:
  struct Entry {
    TimePoint due;
    uint64_t sequence;
    T item;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.due != b.due ? a.due > b.due : a.sequence > b.sequence;
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  uint64_t next_sequence_ = 0;
};

}  // namespace ndrdiag::dnsdelay

#endif  // NDRDIAG_BENCH_DNSDELAY_DELAY_QUEUE_H_
