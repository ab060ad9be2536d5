#include "bench/dnsdelay/id_table.h"

#include <utility>

namespace ndrdiag::dnsdelay {

IdTable::IdTable() : slots_(65536) {
  // A fixed stride through the id space so that consecutive queries do not
  // get consecutive ids (a cheap guard against an answer meant for the
  // previous query; the question check is the real one).
  for (uint32_t i = 0; i < 65536; ++i) {
    free_.push_back(static_cast<uint16_t>((i * 40503u + 1) & 0xffff));
  }
}

std::optional<uint16_t> IdTable::Allocate(PendingQuery query) {
  // Drop bookkeeping of entries already taken, so order_ stays bounded.
  while (!order_.empty()) {
    const Slot& head = slots_[order_.front().first];
    if (head.used && head.generation == order_.front().second) break;
    order_.pop_front();
  }
  if (free_.empty()) return std::nullopt;
  const uint16_t id = free_.front();
  free_.pop_front();
  Slot& slot = slots_[id];
  slot.used = true;
  ++slot.generation;
  slot.query = std::move(query);
  order_.emplace_back(id, slot.generation);
  ++in_flight_;
  return id;
}

std::optional<PendingQuery> IdTable::Take(uint16_t id,
                                          const std::string& question) {
  Slot& slot = slots_[id];
  if (!slot.used || slot.query.question != question) return std::nullopt;
  PendingQuery query = std::move(slot.query);
  Free(id);
  return query;
}

size_t IdTable::ExpireBefore(Clock::time_point cutoff) {
  size_t expired = 0;
  while (!order_.empty()) {
    auto [id, generation] = order_.front();
    Slot& slot = slots_[id];
    if (slot.used && slot.generation == generation) {
      if (slot.query.sent >= cutoff) break;
      Free(id);
      ++expired;
    }
    order_.pop_front();
  }
  return expired;
}

void IdTable::Free(uint16_t id) {
  Slot& slot = slots_[id];
  slot.used = false;
  slot.query = PendingQuery();
  free_.push_back(id);
  --in_flight_;
}

}  // namespace ndrdiag::dnsdelay
