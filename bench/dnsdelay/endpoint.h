// Endpoints of the delaying proxy: "IP:PORT" (IPv4) or "[IPv6]:PORT" parsed
// into a socket address, and the loopback rule (the proxy refuses to listen
// on or forward to anything but loopback unless told otherwise).
#ifndef NDRDIAG_BENCH_DNSDELAY_ENDPOINT_H_
#define NDRDIAG_BENCH_DNSDELAY_ENDPOINT_H_

#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "absl/status/statusor.h"

namespace ndrdiag::dnsdelay {

struct Endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;

  int family() const { return address.ss_family; }
  int port() const;
  void set_port(int port);
  bool IsLoopback() const;  // 127.0.0.0/8 or ::1
  std::string ToString() const;
};

// INVALID_ARGUMENT naming the text when it is not IP:PORT with a numeric IP
// (no host names: nothing is resolved) and a port in 0..65535.
absl::StatusOr<Endpoint> ParseEndpoint(const std::string& text);

}  // namespace ndrdiag::dnsdelay

#endif  // NDRDIAG_BENCH_DNSDELAY_ENDPOINT_H_
