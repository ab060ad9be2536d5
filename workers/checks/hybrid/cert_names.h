// Certificate names: how the names a TLS certificate presents compare with
// the names a connector expects, and how the distinguished names Exchange
// writes into TlsCertificateName ("<I>issuer<S>subject") compare with the
// Issuer and Subject Get-ExchangeCertificate prints.
//
// Host names follow RFC 6125 §6.4: compared case-insensitively as A-labels
// (a U-label is converted with libidn2 first), a single trailing dot
// ignored; a "*" is honoured only as the whole left-most label of a
// presented name, stands for exactly one label and needs at least two
// labels after it ("*.com" matches nothing; "m*.contoso.com" and
// "xn--*.contoso.com" match nothing). When a certificate has DNS
// subjectAltNames its subject CN is not used (§6.4.4).
//
// Distinguished names are parsed per RFC 4514 plus the quoting Windows
// prints (O="Contoso, Ltd."): escaped and quoted commas stay inside a value,
// blanks around separators are dropped, attribute types and values compare
// case-insensitively, and Windows' "S=" / "E=" equal "ST=" / "emailAddress=".
// RDN order is kept (both sides come from Exchange, most specific first).
//
// Pure functions, thread-safe.
#ifndef NDRDIAG_WORKERS_CHECKS_HYBRID_CERT_NAMES_H_
#define NDRDIAG_WORKERS_CHECKS_HYBRID_CERT_NAMES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace ndrdiag::cert {

// Lower-case A-label form, surrounding blanks and one trailing dot dropped;
// "" when the name is empty or has an empty label or invalid U-labels.
std::string NormalizeHostName(absl::string_view name);

// RFC 6125: whether the certificate name `presented` (possibly "*.x")
// covers the reference identifier `reference` (a concrete host name).
bool PresentedNameMatches(absl::string_view presented,
                          absl::string_view reference);

// Either side may be a wildcard (a connector's TlsDomain "*.contoso.com"
// accepts any certificate for one host of contoso.com): equal names match,
// a wildcard matches a concrete name under the RFC 6125 rules, and two
// different wildcards never match.
bool CertNameMatches(absl::string_view pattern, absl::string_view name);

// The DNS identifiers a certificate presents: its DNS subjectAltNames, or
// its subject CN only when it has none (RFC 6125 §6.4.4). Normalised.
std::vector<std::string> PresentedDnsIds(absl::string_view subject_dn,
                                         const std::vector<std::string>& sans);
// Whether one of those identifiers matches `reference` (CertNameMatches).
bool CertificateMatches(absl::string_view reference,
                        absl::string_view subject_dn,
                        const std::vector<std::string>& sans);

// One attribute of a distinguished name: type lower case (aliases mapped),
// value unescaped with its blanks trimmed (case kept).
struct DnAttribute {
  std::string type;
  std::string value;
};
// The attributes in order ("+" multi-valued RDNs flattened); std::nullopt
// when malformed (no "=", unterminated quote, dangling or bad escape).
std::optional<std::vector<DnAttribute>> ParseDn(absl::string_view dn);

// Canonical form: "type=value" lower case joined by ",", with ',', '+',
// '"', '\\', ';', '<', '>' escaped in values. A malformed DN is only
// lower-cased and trimmed, so it still compares equal to itself.
std::string NormalizeDn(absl::string_view dn);
bool DnEquals(absl::string_view a, absl::string_view b);

// The first CN value, lower case; "" when none.
std::string CommonName(absl::string_view dn);

// "<I>issuer<S>subject" of a TlsCertificateName. Tags are
// case-insensitive and blanks around them are allowed.
struct CertificateRef {
  std::string issuer;
  std::string subject;
};
std::optional<CertificateRef> ParseTlsCertificateName(absl::string_view text);
// Whether two TlsCertificateName texts name the same certificate (parsed
// DNs equal; texts equal ignoring case when either does not parse).
bool SameCertificateName(absl::string_view a, absl::string_view b);

}  // namespace ndrdiag::cert

#endif  // NDRDIAG_WORKERS_CHECKS_HYBRID_CERT_NAMES_H_
