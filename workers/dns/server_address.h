// ServerAddress: a DNS server's address as configured or found in DNS data.
//
// Accepts "IP", "IP:port", "[IPv6]" and "[IPv6]:port" (a bare IPv6 literal
// means port 53) and renders one canonical text, "IP:port" or "[IPv6]:port",
// the form DnsExchange.server records. Pure; safe from any thread.
#ifndef NDRDIAG_WORKERS_DNS_SERVER_ADDRESS_H_
#define NDRDIAG_WORKERS_DNS_SERVER_ADDRESS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ndrdiag::dns {

struct ServerAddress {
  std::string ip;  // canonical literal, without brackets
  uint16_t port = 53;
  bool v6 = false;
  unsigned char bytes[16] = {};  // 4 used for IPv4

  // "192.0.2.1:53" or "[2001:db8::1]:53".
  std::string ToString() const;
};

// INVALID_ARGUMENT naming the text when it is not one of the forms above
// (host names are not accepted: resolving them would need DNS).
absl::StatusOr<ServerAddress> ParseServerAddress(std::string_view text);

}  // namespace ndrdiag::dns

#endif  // NDRDIAG_WORKERS_DNS_SERVER_ADDRESS_H_
