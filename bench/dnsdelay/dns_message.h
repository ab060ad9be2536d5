// The few DNS wire-format facts the delaying proxy needs: a message's id and
// its first question, read without trusting the message.
//
// Promises: every read is bounded by the message's length (a truncated or
// malformed message is an error, never a read past its end); the question
// comes back lower-cased so that a resolver that echoes the question with
// another case (0x20 randomisation) still matches.
#ifndef NDRDIAG_BENCH_DNSDELAY_DNS_MESSAGE_H_
#define NDRDIAG_BENCH_DNSDELAY_DNS_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ndrdiag::dnsdelay {

inline constexpr size_t kDnsHeaderSize = 12;

// The message's id; 0 when it is shorter than a header.
uint16_t MessageId(std::string_view message);
// Overwrites the id in place; no-op on a message shorter than a header.
void SetMessageId(std::string& message, uint16_t id);

// The first question's wire bytes (name, type, class), lower-cased; empty
// when the message has no question. Compression pointers end the name (they
// are not followed). INVALID_ARGUMENT on a truncated or malformed message.
absl::StatusOr<std::string> QuestionKey(std::string_view message);

}  // namespace ndrdiag::dnsdelay

#endif  // NDRDIAG_BENCH_DNSDELAY_DNS_MESSAGE_H_
