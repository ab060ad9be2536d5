#include "workers/checks/hybrid/cert_names.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/domain_name.h"

namespace ndrdiag::cert {
namespace {

bool IsAscii(absl::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
}

// The name less its left-most label ("" when it has only one).
absl::string_view ParentOf(absl::string_view name) {
  const size_t dot = name.find('.');
  return dot == absl::string_view::npos ? absl::string_view()
                                        : name.substr(dot + 1);
}

bool IsWildcard(absl::string_view name) { return absl::StartsWith(name, "*."); }

// "*.a.b" with no other "*" and at least two labels after the wildcard.
bool IsValidWildcard(absl::string_view name) {
  if (!IsWildcard(name)) return false;
  const absl::string_view rest = name.substr(2);
  return rest.find('*') == absl::string_view::npos &&
         rest.find('.') != absl::string_view::npos;
}

// Both normalised; `wild` a valid wildcard, `host` concrete.
bool WildcardCovers(absl::string_view wild, absl::string_view host) {
  const absl::string_view parent = ParentOf(host);
  return !parent.empty() && parent == wild.substr(2);
}

std::string CanonicalType(absl::string_view type) {
  std::string t = absl::AsciiStrToLower(absl::StripAsciiWhitespace(type));
  if (t == "s") return "st";
  if (t == "e" || t == "email") return "emailaddress";
  if (absl::StartsWith(t, "oid.")) t.erase(0, 4);
  return t;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string EscapeValue(absl::string_view value) {
  std::string out;
  for (char c : value) {
    if (absl::string_view(",+\"\\;<>").find(c) != absl::string_view::npos) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string NormalizeHostName(absl::string_view name) {
  name = absl::StripAsciiWhitespace(name);
  if (absl::EndsWith(name, ".")) name.remove_suffix(1);
  if (name.empty()) return "";
  std::string out;
  if (IsAscii(name)) {
    out = absl::AsciiStrToLower(name);
  } else {
    // A U-label: the A-label form is what certificates carry (RFC 6125
    // §6.4.2). A wildcard label is kept as it is.
    const bool wild = IsWildcard(name);
    const absl::string_view bare = wild ? name.substr(2) : name;
    absl::StatusOr<std::string> a =
        NormalizeDomain(std::string_view(bare.data(), bare.size()));
    if (!a.ok()) return "";
    out = wild ? "*." + *a : *a;
  }
  for (absl::string_view label : absl::StrSplit(out, '.')) {
    if (label.empty()) return "";
  }
  return out;
}

bool PresentedNameMatches(absl::string_view presented,
                          absl::string_view reference) {
  const std::string p = NormalizeHostName(presented);
  const std::string r = NormalizeHostName(reference);
  if (p.empty() || r.empty() || r.find('*') != std::string::npos) {
    return false;
  }
  if (p.find('*') == std::string::npos) return p == r;
  return IsValidWildcard(p) && WildcardCovers(p, r);
}

bool CertNameMatches(absl::string_view pattern, absl::string_view name) {
  const std::string p = NormalizeHostName(pattern);
  const std::string n = NormalizeHostName(name);
  if (p.empty() || n.empty()) return false;
  const bool p_star = p.find('*') != std::string::npos;
  const bool n_star = n.find('*') != std::string::npos;
  if (p_star && !IsValidWildcard(p)) return false;
  if (n_star && !IsValidWildcard(n)) return false;
  if (p == n) return true;
  // Two different wildcards never describe the same host set.
  if (p_star == n_star) return false;
  return p_star ? WildcardCovers(p, n) : WildcardCovers(n, p);
}

std::vector<std::string> PresentedDnsIds(absl::string_view subject_dn,
                                         const std::vector<std::string>& sans) {
  std::vector<std::string> out;
  for (const std::string& san : sans) {
    std::string n = NormalizeHostName(san);
    if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) {
      out.push_back(std::move(n));
    }
  }
  if (!sans.empty()) return out;
  std::string cn = NormalizeHostName(CommonName(subject_dn));
  if (!cn.empty()) out.push_back(std::move(cn));
  return out;
}

bool CertificateMatches(absl::string_view reference,
                        absl::string_view subject_dn,
                        const std::vector<std::string>& sans) {
  for (const std::string& id : PresentedDnsIds(subject_dn, sans)) {
    if (CertNameMatches(reference, id)) return true;
  }
  return false;
}

std::optional<std::vector<DnAttribute>> ParseDn(absl::string_view dn) {
  std::vector<DnAttribute> out;
  size_t i = 0;
  const size_t n = dn.size();
  auto skip_blanks = [&] {
    while (i < n && (dn[i] == ' ' || dn[i] == '\t')) ++i;
  };
  skip_blanks();
  if (i == n) return out;
  while (true) {
    skip_blanks();
    const size_t eq = dn.find('=', i);
    if (eq == absl::string_view::npos) return std::nullopt;
    const absl::string_view type =
        absl::StripAsciiWhitespace(dn.substr(i, eq - i));
    if (type.empty() ||
        type.find_first_of(",;+\"\\") != absl::string_view::npos) {
      return std::nullopt;
    }
    i = eq + 1;
    skip_blanks();
    std::string value;
    size_t keep = 0;  // length of value up to its last escaped/quoted char
    if (i < n && dn[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (dn[i] == '\\' && i + 1 < n) {
          value.push_back(dn[i + 1]);
          i += 2;
        } else if (dn[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          value.push_back(dn[i++]);
        }
      }
      if (!closed) return std::nullopt;
      keep = value.size();
    } else {
      while (i < n && dn[i] != ',' && dn[i] != ';' && dn[i] != '+') {
        if (dn[i] == '\\') {
          if (i + 1 >= n) return std::nullopt;
          const int hi = HexValue(dn[i + 1]);
          const int lo = i + 2 < n ? HexValue(dn[i + 2]) : -1;
          if (hi >= 0 && lo >= 0) {
            value.push_back(static_cast<char>(hi * 16 + lo));
            i += 3;
          } else if (absl::string_view(" ,+\"\\<>;=#").find(dn[i + 1]) !=
                     absl::string_view::npos) {
            value.push_back(dn[i + 1]);
            i += 2;
          } else {
            return std::nullopt;
          }
          keep = value.size();
        } else if (dn[i] == '"') {
          return std::nullopt;
        } else {
          value.push_back(dn[i++]);
        }
      }
    }
    // Unescaped trailing blanks are not part of the value (RFC 4514 §3).
    while (value.size() > keep &&
           (value.back() == ' ' || value.back() == '\t')) {
      value.pop_back();
    }
    out.push_back({CanonicalType(type), std::move(value)});
    skip_blanks();
    if (i == n) return out;
    if (dn[i] != ',' && dn[i] != ';' && dn[i] != '+') return std::nullopt;
    ++i;
    skip_blanks();
    if (i == n) return std::nullopt;  // a separator with nothing after it
  }
}

std::string NormalizeDn(absl::string_view dn) {
  const std::optional<std::vector<DnAttribute>> parsed = ParseDn(dn);
  if (!parsed.has_value()) {
    return absl::AsciiStrToLower(absl::StripAsciiWhitespace(dn));
  }
  std::vector<std::string> parts;
  for (const DnAttribute& a : *parsed) {
    parts.push_back(a.type + "=" + EscapeValue(absl::AsciiStrToLower(a.value)));
  }
  return absl::StrJoin(parts, ",");
}

bool DnEquals(absl::string_view a, absl::string_view b) {
  return NormalizeDn(a) == NormalizeDn(b);
}

std::string CommonName(absl::string_view dn) {
  const std::optional<std::vector<DnAttribute>> parsed = ParseDn(dn);
  if (!parsed.has_value()) return "";
  for (const DnAttribute& a : *parsed) {
    if (a.type == "cn") return absl::AsciiStrToLower(a.value);
  }
  return "";
}

std::optional<CertificateRef> ParseTlsCertificateName(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (!absl::StartsWithIgnoreCase(text, "<I>")) return std::nullopt;
  text.remove_prefix(3);
  const std::string upper = absl::AsciiStrToUpper(text);
  const size_t s = upper.find("<S>");
  if (s == std::string::npos) return std::nullopt;
  if (upper.find("<S>", s + 3) != std::string::npos ||
      upper.find("<I>") != std::string::npos) {
    return std::nullopt;
  }
  CertificateRef ref{
      std::string(absl::StripAsciiWhitespace(text.substr(0, s))),
      std::string(absl::StripAsciiWhitespace(text.substr(s + 3)))};
  if (ref.issuer.empty() || ref.subject.empty()) return std::nullopt;
  return ref;
}

bool SameCertificateName(absl::string_view a, absl::string_view b) {
  const std::optional<CertificateRef> ra = ParseTlsCertificateName(a);
  const std::optional<CertificateRef> rb = ParseTlsCertificateName(b);
  if (!ra.has_value() || !rb.has_value()) {
    return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(a),
                                  absl::StripAsciiWhitespace(b));
  }
  return DnEquals(ra->issuer, rb->issuer) && DnEquals(ra->subject, rb->subject);
}

}  // namespace ndrdiag::cert
