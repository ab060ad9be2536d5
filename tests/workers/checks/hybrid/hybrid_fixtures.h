// A healthy hybrid tenant (what the Hybrid Configuration Wizard leaves
// behind) as the export script writes it; each test breaks one thing, as
// the scenarios of CHECKS.md §5 do.
#ifndef NDRDIAG_TESTS_WORKERS_CHECKS_HYBRID_HYBRID_FIXTURES_H_
#define NDRDIAG_TESTS_WORKERS_CHECKS_HYBRID_HYBRID_FIXTURES_H_

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tests/workers/checks/connector/connector_fixtures.h"

namespace ndrdiag::testing {

inline std::unique_ptr<v1::TenantSnapshot> HealthyHybridSnapshot() {
  const std::string cert =
      R"(<I>CN=Contoso CA, O=\"Contoso, Ltd.\"<S>CN=mail.contoso.com, O=\"Contoso, Ltd.\")";
  return Snapshot(R"({
  "graph": {"domains": [{"id": "contoso.onmicrosoft.com", "isInitial": true},
                        {"id": "contoso.com", "isVerified": true}]},
  "exo": {
    "acceptedDomains": [
      {"DomainName": "contoso.com", "DomainType": "InternalRelay"},
      {"DomainName": "contoso.onmicrosoft.com", "DomainType": "Authoritative"},
      {"DomainName": "contoso.mail.onmicrosoft.com",
       "DomainType": "Authoritative"}],
    "onPremOrg": {"Name": "Hybrid", "HybridDomains": ["contoso.com"],
      "InboundConnector": "Inbound from 5f3c",
      "OutboundConnector": "Outbound to 5f3c"},
    "inboundConnectors": [{"Name": "Inbound from 5f3c", "Enabled": true,
      "ConnectorType": "OnPremises"}],
    "outboundConnectors": [{"Name": "Outbound to 5f3c", "Enabled": true,
      "ConnectorType": "OnPremises", "RecipientDomains": ["contoso.com"],
      "SmartHosts": ["mail.contoso.com"], "TlsSettings": "DomainValidation",
      "TlsDomain": "mail.contoso.com", "CloudServicesMailEnabled": true}],
    "recipients": [{"PrimarySmtpAddress": "ann@contoso.com",
      "EmailAddresses": ["SMTP:ann@contoso.com",
                         "smtp:ann@contoso.mail.onmicrosoft.com"]}]},
  "onPremises": {
    "hybridConfiguration": {
      "Domains": ["contoso.com", "autod:contoso.com",
                  "contoso.mail.onmicrosoft.com"],
      "OnPremisesSmartHost": "mail.contoso.com",
      "TlsCertificateName": ")" +
                  cert + R"(",
      "Features": ["FreeBusy", "MailTips"]},
    "sendConnectors": [{"Name": "Outbound to Office 365 - 5f3c",
      "Enabled": true, "AddressSpaces": ["smtp:contoso.mail.onmicrosoft.com;1"],
      "DNSRoutingEnabled": true, "SmartHosts": [], "RequireTLS": true,
      "TlsAuthLevel": "DomainValidation",
      "TlsDomain": "mail.protection.outlook.com",
      "TlsCertificateName": ")" +
                  cert + R"(",
      "CloudServicesMailEnabled": true}],
    "receiveConnectors": [{"Identity": "EX01\\Default Frontend EX01",
      "TransportRole": "FrontendTransport",
      "PermissionGroups": "AnonymousUsers, ExchangeServers, ExchangeLegacyServers",
      "AuthMechanism": "Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer",
      "TlsCertificateName": ")" +
                  cert + R"(",
      "TlsDomainCapabilities": ["mail.protection.outlook.com:AcceptCloudServicesMail"],
      "Enabled": true},
      {"Identity": "EX01\\Client Frontend EX01",
       "TransportRole": "FrontendTransport", "PermissionGroups": "ExchangeUsers",
       "AuthMechanism": "Tls, BasicAuth"}],
    "exchangeCertificates": [{"Thumbprint": "AB12CD34",
      "Issuer": "CN=Contoso CA, O=\"Contoso, Ltd.\"",
      "Subject": "CN=mail.contoso.com, O=\"Contoso, Ltd.\"",
      "CertificateDomains": ["mail.contoso.com", "autodiscover.contoso.com"],
      "NotAfter": "2027-06-01T00:00:00Z", "Services": "SMTP, IIS"},
      {"Thumbprint": "EE99", "Issuer": "CN=EX01", "Subject": "CN=EX01",
       "NotAfter": "2030-01-01T00:00:00Z"}],
    "acceptedDomains": [
      {"DomainName": "contoso.com", "DomainType": "Authoritative"},
      {"DomainName": "contoso.mail.onmicrosoft.com",
       "DomainType": "Authoritative"}],
    "remoteDomains": [{"Name": "Default", "DomainName": "*"},
      {"Name": "Hybrid Domain - contoso.mail.onmicrosoft.com",
       "DomainName": "contoso.mail.onmicrosoft.com",
       "TargetDeliveryDomain": true}],
    "emailAddressPolicies": [{"Name": "Default Policy",
      "EnabledEmailAddressTemplates": ["SMTP:@contoso.com",
                                       "smtp:%m@contoso.mail.onmicrosoft.com"]}],
    "remoteMailboxes": [{"PrimarySmtpAddress": "ann@contoso.com",
      "RemoteRoutingAddress": "SMTP:ann@contoso.mail.onmicrosoft.com"}]}})");
}

// Evidence for contoso.com at 2026-11-27 12:00 UTC.
inline DiagnosisEvidence HybridEvidence(const v1::TenantSnapshot* snapshot) {
  DiagnosisEvidence e = Evidence(snapshot);
  e.dns.now = absl::FromCivil(absl::CivilSecond(2026, 11, 27, 12, 0, 0),
                              absl::UTCTimeZone());
  return e;
}

}  // namespace ndrdiag::testing

#endif  // NDRDIAG_TESTS_WORKERS_CHECKS_HYBRID_HYBRID_FIXTURES_H_
