#include "common/ndr/ndr_classify.h"

#include <initializer_list>
#include <string>

#include "common/exo_hosts.h"
#include "re2/re2.h"

namespace ndrdiag {
namespace {

using v1::RootCause;

void SetCauses(v1::NdrReport* report, std::initializer_list<RootCause> causes) {
  report->clear_causes();
  for (RootCause c : causes) report->add_causes(c);
}

bool Has(const std::string& text, const RE2& re) {
  return RE2::PartialMatch(text, re);
}

}  // namespace

void ClassifyNdr(v1::NdrReport* report) {
  report->set_sender_side(false);
  const std::string& remote = report->remote_server();
  const std::string& generating = report->generating_server();
  if (!remote.empty()) {
    report->set_rejected_by(IsExchangeOnlineHost(remote) ? "exchange-online"
                                                         : "external");
  } else {
    report->set_rejected_by("generating");
  }

  static const RE2 kDbeb(R"((?i)Recipient address rejected: Access denied)");
  static const RE2 kAttr36(R"((?i)Relay Access Denied ATTR36)");
  static const RE2 kTenantAttribution(
      R"((?i)TenantAttribution; Relay Access Denied)");
  static const RE2 kAttr35(R"(4\.4\.62\b.*\bATTR35)");
  static const RE2 kRelayDenied541(R"((?i)5\.4\.1 Relay Access Denied)");
  static const RE2 kRelayText(
      R"((?i)Relay Access Denied|Unable to relay|relay not permitted|)"
      R"(couldn't relay|5\.7\.54\b.*non-accepted domain)");
  static const RE2 kConnectorStatus(R"(^4\.4\.31[25678]$|^4\.7\.320$)");
  static const RE2 kLoopStatus(R"(^5\.4\.(14|6)$)");

  const std::string& reply = report->reply_text();
  const std::string& status = report->enhanced_status();
  // Whether EOP (not some other host) said relay denied: named as the remote
  // server, or the reply itself carries an EOP node tag.
  const bool eop_rejected = (!remote.empty() && IsExchangeOnlineHost(remote)) ||
                            !report->eop_node().empty();
  if (Has(reply, kDbeb)) {
    SetCauses(report, {v1::RECIPIENT_NOT_FOUND});
  } else if (Has(reply, kAttr36)) {
    SetCauses(report, {v1::HYBRID_CERTIFICATE, v1::CONNECTOR_MISCONFIGURED});
    report->set_sender_side(true);
  } else if (Has(reply, kTenantAttribution)) {
    SetCauses(report, {v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_SEND_CONNECTOR});
    report->set_sender_side(true);
  } else if (Has(reply, kAttr35)) {
    SetCauses(report, {v1::MX_LEGACY_ENDPOINT});
  } else if (Has(reply, kRelayDenied541) && eop_rejected) {
    if (!generating.empty() && !IsExchangeOnlineHost(generating)) {
      // KB2827473: on-premises relayed to EOP, which refused it: EOP found
      // no inbound connector that attributes the mail to the tenant (case
      // 2), or the on-premises send connector relays the wrong way (case 1).
      SetCauses(report,
                {v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_SEND_CONNECTOR});
      report->set_sender_side(true);
    } else {
      SetCauses(report, {v1::DOMAIN_NOT_ACCEPTED, v1::MX_INCORRECT});
    }
  } else if (Has(reply, kRelayText) && !remote.empty() &&
             !IsExchangeOnlineHost(remote)) {
    SetCauses(report, {v1::MX_INCORRECT});
  } else if (Has(reply, kRelayDenied541) && remote.empty() &&
             generating.empty()) {
    // A bare "#550 5.4.1 Relay Access Denied ##" names no server: any of
    // the seed article's causes fits, in its order (CHECKS.md C1-C5).
    SetCauses(report,
              {v1::MX_INCORRECT, v1::DOMAIN_NOT_ACCEPTED, v1::DNS_PROPAGATION,
               v1::CONNECTOR_MISCONFIGURED, v1::SERVICE_INCIDENT});
  } else if (Has(status, kConnectorStatus)) {
    SetCauses(report,
              {v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_RECEIVE_CONNECTOR});
  } else if (Has(status, kLoopStatus)) {
    SetCauses(report, {v1::CONNECTOR_MISCONFIGURED, v1::HYBRID_ROUTING_DOMAIN});
  } else {
    SetCauses(report, {v1::UNKNOWN});
  }
}

}  // namespace ndrdiag
