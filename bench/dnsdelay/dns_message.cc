#include "bench/dnsdelay/dns_message.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"

namespace ndrdiag::dnsdelay {

uint16_t MessageId(std::string_view message) {
  if (message.size() < kDnsHeaderSize) return 0;
  return static_cast<uint16_t>(static_cast<uint8_t>(message[0]) << 8 |
                               static_cast<uint8_t>(message[1]));
}

void SetMessageId(std::string& message, uint16_t id) {
  if (message.size() < kDnsHeaderSize) return;
  message[0] = static_cast<char>(id >> 8);
  message[1] = static_cast<char>(id & 0xff);
}

absl::StatusOr<std::string> QuestionKey(std::string_view message) {
  if (message.size() < kDnsHeaderSize) {
    return absl::InvalidArgumentError("DNS message shorter than its header");
  }
  const int qdcount =
      static_cast<uint8_t>(message[4]) << 8 | static_cast<uint8_t>(message[5]);
  if (qdcount == 0) return std::string();
  size_t pos = kDnsHeaderSize;
  size_t name_length = 0;
  while (true) {
    if (pos >= message.size()) {
      return absl::InvalidArgumentError("question name runs past the message");
    }
    const uint8_t length = static_cast<uint8_t>(message[pos]);
    if ((length & 0xc0) == 0xc0) {  // A pointer ends the name.
      pos += 2;
      break;
    }
    if ((length & 0xc0) != 0) {
      return absl::InvalidArgumentError("unknown label type in question");
    }
    pos += 1 + length;
    name_length += 1 + length;
    if (name_length > 255) {
      return absl::InvalidArgumentError("question name longer than 255");
    }
    if (length == 0) break;
  }
  pos += 4;  // QTYPE, QCLASS
  if (pos > message.size()) {
    return absl::InvalidArgumentError("question runs past the message");
  }
  std::string key(message.substr(kDnsHeaderSize, pos - kDnsHeaderSize));
  absl::AsciiStrToLower(&key);
  return key;
}

}  // namespace ndrdiag::dnsdelay
