#include "bench/dnsdelay/endpoint.h"

#include <arpa/inet.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ndrdiag::dnsdelay {

int Endpoint::port() const {
  if (family() == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  }
  return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
}

void Endpoint::set_port(int port) {
  if (family() == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(port);
  }
}

bool Endpoint::IsLoopback() const {
  if (family() == AF_INET) {
    const uint32_t ip =
        ntohl(reinterpret_cast<const sockaddr_in*>(&address)->sin_addr.s_addr);
    return (ip >> 24) == 127;
  }
  const in6_addr& ip =
      reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr;
  return IN6_IS_ADDR_LOOPBACK(&ip);
}

std::string Endpoint::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET) {
    inet_ntop(AF_INET,
              &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, text,
              sizeof(text));
    return absl::StrCat(text, ":", port());
  }
  inet_ntop(AF_INET6,
            &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, text,
            sizeof(text));
  return absl::StrCat("[", text, "]:", port());
}

absl::StatusOr<Endpoint> ParseEndpoint(const std::string& text) {
  const auto bad = [&text](const char* why) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not IP:PORT (", why, ")"));
  };
  std::string host, port_text;
  if (!text.empty() && text[0] == '[') {
    const size_t close = text.find("]:");
    if (close == std::string::npos) return bad("want [IPv6]:PORT");
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos) return bad("no port");
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  int port = 0;
  if (!absl::SimpleAtoi(port_text, &port) || port < 0 || port > 65535) {
    return bad("port must be 0..65535");
  }
  Endpoint endpoint;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&endpoint.address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&endpoint.address);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    endpoint.length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    endpoint.length = sizeof(sockaddr_in6);
  } else {
    return bad("not a numeric IPv4 or IPv6 address");
  }
  endpoint.set_port(port);
  return endpoint;
}

}  // namespace ndrdiag::dnsdelay
