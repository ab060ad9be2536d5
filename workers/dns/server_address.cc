#include "workers/dns/server_address.h"

#include <arpa/inet.h>

#include <optional>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ndrdiag::dns {
namespace {

std::optional<uint16_t> ParsePort(std::string_view text) {
  absl::string_view digits(text.data(), text.size());
  uint32_t port;
  // SimpleAtoi alone would also take "+53" and " 53".
  if (text.empty() || text.size() > 5 ||
      !absl::c_all_of(digits, absl::ascii_isdigit) ||
      !absl::SimpleAtoi(digits, &port) || port == 0 || port > 65535) {
    return std::nullopt;
  }
  return static_cast<uint16_t>(port);
}

}  // namespace

std::string ServerAddress::ToString() const {
  return v6 ? absl::StrCat("[", ip, "]:", port) : absl::StrCat(ip, ":", port);
}

absl::StatusOr<ServerAddress> ParseServerAddress(std::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", absl::string_view(text.data(), text.size()),
        "\" is not a server address (IP, IP:port or [IPv6]:port)"));
  };
  std::string_view host = text;
  std::optional<uint16_t> port = 53;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return bad();
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad();
      port = ParsePort(rest.substr(1));
    }
  } else if (size_t colon = text.find(':');
             colon != std::string_view::npos &&
             text.find(':', colon + 1) == std::string_view::npos) {
    host = text.substr(0, colon);  // exactly one colon: IPv4:port
    port = ParsePort(text.substr(colon + 1));
  }
  if (!port) return bad();
  ServerAddress address;
  address.port = *port;
  std::string h(host);
  if (inet_pton(AF_INET, h.c_str(), address.bytes) == 1) {
    if (text.front() == '[') return bad();
  } else if (inet_pton(AF_INET6, h.c_str(), address.bytes) == 1) {
    address.v6 = true;
  } else {
    return bad();
  }
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes, buf, sizeof(buf));
  address.ip = buf;
  return address;
}

}  // namespace ndrdiag::dns
