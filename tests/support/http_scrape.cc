#include "tests/support/http_scrape.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace ndrdiag {
namespace {

bool WaitFor(int fd, short events, absl::Time deadline) {
  const int64_t ms = absl::ToInt64Milliseconds(deadline - absl::Now());
  if (ms <= 0) return false;
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, static_cast<int>(ms)) == 1;
}

// {a="x",b="y"} -> labels (values without escapes, which ours never have).
std::map<std::string, std::string> ParseLabels(absl::string_view text) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t eq = text.find('=', i);
    if (eq == absl::string_view::npos || eq + 1 >= text.size()) break;
    const size_t end = text.find('"', eq + 2);
    if (end == absl::string_view::npos) break;
    out[std::string(text.substr(i, eq - i))] =
        std::string(text.substr(eq + 2, end - eq - 2));
    i = end + 1;
    if (i < text.size() && text[i] == ',') ++i;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> HttpGet(int port, const std::string& path,
                                    absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return absl::InternalError("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  absl::Status status;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 &&
      errno != EINPROGRESS) {
    status = absl::UnavailableError(absl::StrCat("connect to port ", port));
  } else if (!WaitFor(fd, POLLOUT, deadline)) {
    status = absl::DeadlineExceededError("connect timed out");
  } else {
    int error = 0;
    socklen_t len = sizeof(error);
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) {
      status = absl::UnavailableError(absl::StrCat("connect to port ", port));
    }
  }
  const std::string request =
      absl::StrCat("GET ", path,
                   " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  size_t sent = 0;
  while (status.ok() && sent < request.size()) {
    if (!WaitFor(fd, POLLOUT, deadline)) {
      status = absl::DeadlineExceededError("send timed out");
      break;
    }
    const ssize_t n =
        ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN) status = absl::UnavailableError("send");
    if (n > 0) sent += static_cast<size_t>(n);
  }
  while (status.ok()) {
    if (!WaitFor(fd, POLLIN, deadline)) {
      status = absl::DeadlineExceededError("read timed out");
      break;
    }
    char buffer[16384];
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n == 0) break;
    if (n < 0 && errno != EAGAIN) status = absl::UnavailableError("recv");
    if (n > 0) response.append(buffer, static_cast<size_t>(n));
    if (response.size() > (64 << 20)) status = absl::OutOfRangeError("big");
  }
  ::close(fd);
  if (!status.ok()) return status;
  const size_t body = response.find("\r\n\r\n");
  if (body == std::string::npos) {
    return absl::DataLossError("no end of the HTTP header");
  }
  const std::string head = response.substr(0, body);
  if (head.find(" 200 ") == std::string::npos) {
    return absl::FailedPreconditionError(
        absl::StrCat("HTTP status: ", head.substr(0, head.find('\r'))));
  }
  return response.substr(body + 4);
}

double SampleSum(const std::string& text, const std::string& name,
                 const std::map<std::string, std::string>& labels) {
  double sum = 0;
  bool found = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const size_t name_end = line.find_first_of("{ ");
    if (name_end == absl::string_view::npos || line.substr(0, name_end) != name)
      continue;
    std::map<std::string, std::string> have;
    absl::string_view rest = line.substr(name_end);
    if (rest[0] == '{') {
      const size_t close = rest.rfind('}');
      if (close == absl::string_view::npos) continue;
      have = ParseLabels(rest.substr(1, close - 1));
      rest = rest.substr(close + 1);
    }
    bool match = true;
    for (const auto& [k, v] : labels) {
      auto it = have.find(k);
      if (it == have.end() || it->second != v) match = false;
    }
    if (!match) continue;
    std::vector<absl::string_view> parts =
        absl::StrSplit(rest, ' ', absl::SkipEmpty());
    double value = 0;
    if (parts.empty() || !absl::SimpleAtod(parts[0], &value)) continue;
    sum += value;
    found = true;
  }
  return found ? sum : -1;
}

}  // namespace ndrdiag
