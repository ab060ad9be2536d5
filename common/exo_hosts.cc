#include "common/exo_hosts.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace ndrdiag {
namespace {

constexpr absl::string_view kExchangeOnlineSuffixes[] = {
    "protection.outlook.com",         // *.mail.protection, eop-*.prod
    "mx.microsoft",                   // DNSSEC / DANE MX
    "prod.outlook.com",               // EXO mailbox / transport servers
    "protection.partner.outlook.cn",  // 21Vianet
    "mail.messaging.microsoft.com",   // legacy (ATTR35)
    "mail.global.frontbridge.com",    // legacy (ATTR35)
};

}  // namespace

bool IsExchangeOnlineHost(absl::string_view host) {
  std::string h = absl::AsciiStrToLower(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  for (absl::string_view suffix : kExchangeOnlineSuffixes) {
    if (h == suffix || (h.size() > suffix.size() && absl::EndsWith(h, suffix) &&
                        h[h.size() - suffix.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

}  // namespace ndrdiag
