#include "workers/checks/smtp/smtp_checks.h"

namespace ndrdiag {

const std::vector<Check>& SmtpChecks() {
  static const auto* const kChecks = new std::vector<Check>{
      {kCheckSmtpMxConnect, v1::CONNECTOR, kSmtpStageMx, &CheckSmtpMxConnect},
      {kCheckSmtpEhloCaps, v1::CONNECTOR, kSmtpStageMx, &CheckSmtpEhloCaps},
      {kCheckSmtpStartTls, v1::CONNECTOR, kSmtpStageMx, &CheckSmtpStartTls},
      {kCheckSmtpRcptKnown, v1::CONNECTOR, kSmtpStageMx, &CheckSmtpRcptKnown},
      {kCheckSmtpRcptDbebMode, v1::CONNECTOR, kSmtpStageMx,
       &CheckSmtpRcptDbebMode},
      {kCheckSmtpRcptRelayDenied, v1::CONNECTOR, kSmtpStageMx,
       &CheckSmtpRcptRelayDenied},
      {kCheckTenantDomainResync, v1::TENANT, kSmtpStageMx,
       &CheckTenantDomainResync},
  };
  return *kChecks;
}

}  // namespace ndrdiag
