// Which host names belong to Exchange Online: the one test the SMTP rules
// (is the MX host, or the banner's host, EOP?) and the NDR rules
// (ndr.who_rejected: did Exchange Online reject it?) share.
//
// *.protection.outlook.com (mail.protection, eop-*.prod.protection),
// *.mx.microsoft (DNSSEC/DANE MX), *.prod.outlook.com (EXO transport
// servers), 21Vianet's *.protection.partner.outlook.cn and the legacy EOP
// endpoints (mail.messaging.microsoft.com, mail.global.frontbridge.com).
// Whole labels only, case-insensitive, trailing dot ignored. Pure.
#ifndef NDRDIAG_COMMON_EXO_HOSTS_H_
#define NDRDIAG_COMMON_EXO_HOSTS_H_

#include "absl/strings/string_view.h"

namespace ndrdiag {

bool IsExchangeOnlineHost(absl::string_view host);

}  // namespace ndrdiag

#endif  // NDRDIAG_COMMON_EXO_HOSTS_H_
