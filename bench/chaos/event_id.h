// Event ids as the harness checks them: ordering of resume tokens.
//
// The API calls event ids opaque and strictly increasing per diagnosis. The
// harness knows they are Redis stream ids ("<ms>-<seq>") and checks that
// promise with their numeric order, which is the order Redis gives them.
#ifndef NDRDIAG_BENCH_CHAOS_EVENT_ID_H_
#define NDRDIAG_BENCH_CHAOS_EVENT_ID_H_

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/string_view.h"

namespace ndrdiag::chaos {

// (milliseconds, sequence) of "<ms>-<seq>"; nullopt for anything else.
using EventId = std::pair<uint64_t, uint64_t>;
std::optional<EventId> ParseEventId(absl::string_view id);

}  // namespace ndrdiag::chaos

#endif  // NDRDIAG_BENCH_CHAOS_EVENT_ID_H_
