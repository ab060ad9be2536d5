#include "bench/chaos/event_id.h"

#include "absl/strings/numbers.h"

namespace ndrdiag::chaos {

std::optional<EventId> ParseEventId(absl::string_view id) {
  size_t dash = id.find('-');
  if (dash == absl::string_view::npos || dash == 0 || dash + 1 == id.size()) {
    return std::nullopt;
  }
  EventId parsed;
  // SimpleAtoi accepts a sign and spaces; a stream id has neither.
  for (char c : id) {
    if (c != '-' && (c < '0' || c > '9')) return std::nullopt;
  }
  if (!absl::SimpleAtoi(id.substr(0, dash), &parsed.first) ||
      !absl::SimpleAtoi(id.substr(dash + 1), &parsed.second)) {
    return std::nullopt;
  }
  return parsed;
}

}  // namespace ndrdiag::chaos
