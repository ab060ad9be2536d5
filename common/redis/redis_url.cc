// ParseRedisUrl (declared in redis_connection.h). Error messages never echo
// the password: URLs end up in logs and in flag errors.
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/redis/redis_connection.h"

namespace ndrdiag {
namespace {

absl::Status Invalid(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("redis url: ", what));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Passwords may contain reserved characters only percent-encoded.
absl::StatusOr<std::string> PercentDecode(absl::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) {
      return Invalid("password has a truncated %-escape");
    }
    int hi = HexValue(in[i + 1]);
    int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return Invalid("password has a bad %-escape");
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

absl::Status ParseHostPort(absl::string_view hostport, RedisEndpoint& ep) {
  absl::string_view host = hostport;
  absl::string_view port;
  if (absl::StartsWith(hostport, "[")) {
    size_t close = hostport.find(']');
    if (close == absl::string_view::npos) {
      return Invalid("IPv6 host is missing its closing ']'");
    }
    host = hostport.substr(1, close - 1);
    absl::string_view rest = hostport.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return Invalid("unexpected text after ']'");
      port = rest.substr(1);
      if (port.empty()) return Invalid("port is empty");
    }
  } else {
    size_t colon = hostport.rfind(':');
    if (colon != absl::string_view::npos) {
      if (hostport.find(':') != colon) {
        return Invalid("IPv6 hosts must be written in brackets, [::1]:6379");
      }
      host = hostport.substr(0, colon);
      port = hostport.substr(colon + 1);
      if (port.empty()) return Invalid("port is empty");
    }
  }
  if (host.empty()) return Invalid("host is empty");
  for (char c : host) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '-' && c != '_' && c != ':') {
      return Invalid("host contains a character not allowed in a host name");
    }
  }
  ep.host = std::string(host);
  if (!port.empty()) {
    int value = 0;
    if (!absl::SimpleAtoi(port, &value) || value < 1 || value > 65535 ||
        !absl::ascii_isdigit(static_cast<unsigned char>(port[0]))) {
      return Invalid(absl::StrCat("port \"",
                                  absl::CHexEscape(port.substr(0, 16)),
                                  "\" is not a number in 1..65535"));
    }
    ep.port = value;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RedisEndpoint> ParseRedisUrl(std::string_view url_in) {
  // Abseil here predates absl::string_view being std::string_view.
  absl::string_view url(url_in.data(), url_in.size());
  RedisEndpoint ep;
  if (url.empty()) return Invalid("is empty");
  absl::string_view rest = url;
  size_t scheme_end = rest.find("://");
  if (scheme_end != absl::string_view::npos) {
    std::string scheme = absl::AsciiStrToLower(rest.substr(0, scheme_end));
    if (scheme == "rediss") {
      return Invalid("TLS (rediss://) is not supported; use redis://");
    }
    if (scheme != "redis") {
      return Invalid(absl::StrCat("scheme \"",
                                  absl::CHexEscape(scheme.substr(0, 16)),
                                  "\" is not supported; use redis://"));
    }
    rest = rest.substr(scheme_end + 3);
  }
  if (rest.find_first_of("?#") != absl::string_view::npos) {
    return Invalid("query strings and fragments are not supported");
  }
  size_t at = rest.rfind('@');
  if (at != absl::string_view::npos) {
    if (scheme_end == absl::string_view::npos) {
      return Invalid("a password needs the redis:// form");
    }
    absl::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    absl::string_view password = userinfo;
    size_t colon = userinfo.find(':');
    if (colon != absl::string_view::npos) {
      absl::string_view user = userinfo.substr(0, colon);
      if (!user.empty() && user != "default") {
        return Invalid("user names other than \"default\" are not supported");
      }
      password = userinfo.substr(colon + 1);
    }
    absl::StatusOr<std::string> decoded = PercentDecode(password);
    if (!decoded.ok()) return decoded.status();
    if (decoded->empty()) return Invalid("password is empty");
    ep.password = *std::move(decoded);
  }
  absl::string_view hostport = rest;
  size_t slash = rest.find('/');
  if (slash != absl::string_view::npos) {
    if (scheme_end == absl::string_view::npos) {
      return Invalid("a database number needs the redis:// form");
    }
    hostport = rest.substr(0, slash);
    absl::string_view db = rest.substr(slash + 1);
    if (!db.empty()) {
      int value = 0;
      if (!absl::SimpleAtoi(db, &value) || value < 0 || value > 65535 ||
          !absl::ascii_isdigit(static_cast<unsigned char>(db[0]))) {
        return Invalid(absl::StrCat("database \"",
                                    absl::CHexEscape(db.substr(0, 16)),
                                    "\" is not a number in 0..65535"));
      }
      ep.db = value;
    }
  }
  if (absl::Status s = ParseHostPort(hostport, ep); !s.ok()) return s;
  return ep;
}

}  // namespace ndrdiag
