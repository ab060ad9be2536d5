// Domain names and mail addresses as callers type them, checked and put into
// the one form the rest of ndrdiag uses.
//
// NormalizeDomain turns what a caller typed ("Bücher.Example.") into the
// A-label form DNS uses ("xn--bcher-kva.example"): lower case, no trailing
// dot, every label 1..63 octets of letters, digits and hyphens, at most 253
// octets in all, at least two labels, a top-level label that is not all
// digits. It never repairs input silently: surrounding whitespace, IP
// literals, URLs, ports and addresses are errors, because a diagnosis of a
// name the caller did not mean is worse than a clear refusal.
//
// Unicode names are converted with libidn2 (IDNA2008 with UTS #46
// non-transitional processing, the behaviour of current browsers and of
// Exchange Online: "faß.de" stays distinct from "fass.de").
//
//   absl::StatusOr<std::string> d = NormalizeDomain("Bücher.example");
//   // *d == "xn--bcher-kva.example"
//
// Errors are INVALID_ARGUMENT with a message that says exactly what is wrong
// and does not name the field (the caller prefixes it):
//   label 2 "aaaaaaaaaaaaaaaa…" is 64 octets; at most 63 are allowed
//
// Thread-safe (pure functions).
#ifndef NDRDIAG_COMMON_DOMAIN_NAME_H_
#define NDRDIAG_COMMON_DOMAIN_NAME_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ndrdiag {

// Most octets a domain name may have in text form, without the trailing dot.
inline constexpr size_t kMaxDomainOctets = 253;
// Most octets one label may have.
inline constexpr size_t kMaxLabelOctets = 63;
// Most octets of the local part of an address (RFC 5321 4.5.3.1.1).
inline constexpr size_t kMaxLocalPartOctets = 64;

// The A-label form of `input` (see above), or INVALID_ARGUMENT.
absl::StatusOr<std::string> NormalizeDomain(std::string_view input);

// "local@domain" with the domain normalised by NormalizeDomain and the local
// part kept as given (it is case-sensitive in principle). The local part must
// be 1..64 octets of valid UTF-8 without whitespace, control characters,
// angle brackets, commas or semicolons; display names ("Ann <a@b.c>") and
// lists are refused. INVALID_ARGUMENT otherwise; domain errors are prefixed
// "domain part: ".
absl::StatusOr<std::string> NormalizeEmailAddress(std::string_view input);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
// Sets `*bad_offset` (if not null) to the first bad byte otherwise.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_DOMAIN_NAME_H_
