#include "workers/verdict/documentation.h"

namespace ndrdiag {
namespace {

struct Source {
  const char* title;
  const char* url;
};

// CHECKS.md §6, by source number.
constexpr Source kS1 = {
    "Fix NDR error 550 5.4.1 in Exchange Online",
    "https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/"
    "fix-error-code-550-5-4-1-in-exchange-online"};
constexpr Source kS2 = {
    "Email non-delivery reports and SMTP errors in Exchange Online",
    "https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/"
    "non-delivery-reports-in-exchange-online"};
constexpr Source kS3 = {
    "Use Directory Based Edge Blocking to reject messages sent to invalid "
    "recipients",
    "https://learn.microsoft.com/exchange/mail-flow-best-practices/"
    "use-directory-based-edge-blocking"};
constexpr Source kS4 = {
    "Manage accepted domains in Exchange Online",
    "https://learn.microsoft.com/exchange/mail-flow-best-practices/"
    "manage-accepted-domains/manage-accepted-domains"};
constexpr Source kS5 = {"Set-AcceptedDomain",
                        "https://learn.microsoft.com/powershell/module/"
                        "exchange/set-accepteddomain"};
constexpr Source kS6 = {
    "Fix error 550 5.7.64 TenantAttribution; Relay Access Denied",
    "https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/"
    "relay-access-denied-smtp"};
constexpr Source kS8 = {
    "Certificate-based connector notice for Office 365",
    "https://learn.microsoft.com/troubleshoot/exchange/email-delivery/"
    "office-365-notice"};
constexpr Source kS9 = {
    "Error 451 4.4.62 Mail sent to the wrong Office 365 region (ATTR35)",
    "https://learn.microsoft.com/exchange/troubleshoot/connectors/"
    "wrong-office-365-region-exo"};
constexpr Source kS10 = {
    "KB2827473: \"Relay Access Denied\" for mail relayed from on-premises "
    "through Exchange Online Protection",
    "https://support.microsoft.com/kb/2827473"};
constexpr Source kS11 = {"Mail flow insights: mail flow intelligence",
                         "https://learn.microsoft.com/defender-office-365/"
                         "mail-flow-intelligence-in-office-365"};
constexpr Source kS12 = {"External Domain Name System records for Office 365",
                         "https://learn.microsoft.com/microsoft-365/enterprise/"
                         "external-domain-name-system-records"};
constexpr Source kS13 = {
    "Add DNS records to connect your domain",
    "https://learn.microsoft.com/microsoft-365/admin/get-help-with-domains/"
    "create-dns-records-at-any-dns-hosting-provider"};
constexpr Source kS17 = {"Microsoft 365 URLs and IP address ranges",
                         "https://learn.microsoft.com/microsoft-365/enterprise/"
                         "urls-and-ip-address-ranges"};
constexpr Source kS18 = {
    "domain resource type (Microsoft Graph)",
    "https://learn.microsoft.com/graph/api/resources/domain"};
constexpr Source kS19 = {
    "serviceHealth resource type (Microsoft Graph)",
    "https://learn.microsoft.com/graph/api/resources/servicehealth"};
constexpr Source kS20 = {
    "New-InboundConnector",
    "https://learn.microsoft.com/powershell/module/exchange/"
    "new-inboundconnector"};
constexpr Source kS21 = {
    "New-OutboundConnector",
    "https://learn.microsoft.com/powershell/module/exchange/"
    "new-outboundconnector"};
constexpr Source kS22 = {
    "Transport routing in Exchange hybrid deployments",
    "https://learn.microsoft.com/exchange/transport-routing"};
constexpr Source kS23 = {
    "TLS Certificates in Exchange Hybrid - Common Issues & How to Fix Them",
    "https://techcommunity.microsoft.com/blog/exchange/"
    "tls-certificates-in-exchange-hybrid---common-issues--how-to-fix-them/"
    "4420592"};

// A vector, not an initializer_list: the list's array would not outlive
// the return.
std::vector<Source> SourcesFor(v1::RootCause cause) {
  switch (cause) {
    case v1::HEALTHY:
    case v1::UNKNOWN:
      return {kS1, kS2};
    case v1::DOMAIN_NOT_FOUND:
      return {kS13};
    case v1::MX_MISSING:
      return {kS13, kS1, kS12};
    case v1::MX_INCORRECT:
      return {kS1, kS13, kS18};
    case v1::MX_MULTIPLE:
      return {kS1, kS12};
    case v1::MX_TARGET_UNRESOLVABLE:
      return {kS13, kS1};
    case v1::MX_LEGACY_ENDPOINT:
      return {kS9};
    case v1::DNS_PROPAGATION:
      return {kS1, kS13};
    case v1::DNS_INCONSISTENT_AUTHORITATIVE:
      return {kS1, kS13};
    case v1::DNS_LAME_DELEGATION:
      return {kS11, kS13};
    case v1::DOMAIN_NOT_ACCEPTED:
      return {kS1, kS4, kS18};
    case v1::DOMAIN_NOT_VERIFIED:
      return {kS13, kS18};
    case v1::ACCEPTED_DOMAIN_TYPE:
      return {kS4, kS5, kS3};
    case v1::RECIPIENT_NOT_FOUND:
      return {kS3, kS2};
    case v1::HOST_NOT_RESPONDING:
      return {kS2, kS17};
    case v1::CONNECTOR_MISCONFIGURED:
      return {kS10, kS6, kS20, kS21};
    case v1::HYBRID_SEND_CONNECTOR:
      return {kS10, kS23, kS22};
    case v1::HYBRID_RECEIVE_CONNECTOR:
      return {kS23, kS11, kS22};
    case v1::HYBRID_CERTIFICATE:
      return {kS23, kS6, kS8};
    case v1::HYBRID_ROUTING_DOMAIN:
      return {kS22};
    case v1::SPF_MISCONFIGURED:
    case v1::AUTODISCOVER_MISSING:
      return {kS12};
    case v1::SERVICE_INCIDENT:
      return {kS19, kS1};
    default:
      return {};
  }
}

}  // namespace

std::vector<v1::DocumentationLink> DocumentationFor(v1::RootCause cause) {
  std::vector<v1::DocumentationLink> out;
  for (const Source& s : SourcesFor(cause)) {
    v1::DocumentationLink link;
    link.set_title(s.title);
    link.set_url(s.url);
    out.push_back(std::move(link));
  }
  return out;
}

}  // namespace ndrdiag
