// Hand-built tenant snapshots and evidence for the tenant rule tests: a
// snapshot is written as the export script's JSON (so the json_names are
// exercised too) and adjusted per test through the proto API.
//
//   v1::TenantSnapshot s = CloudOnlySnapshot();
//   s.mutable_graph()->mutable_domains(1)->set_is_verified(false);
//   DiagnosisEvidence e = Evidence(s, HealthyDns().Build(kNow));
#ifndef NDRDIAG_TESTS_WORKERS_CHECKS_TENANT_TENANT_FIXTURE_H_
#define NDRDIAG_TESTS_WORKERS_CHECKS_TENANT_TENANT_FIXTURE_H_

#include <string>

#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "tests/workers/checks/dns/zone_evidence_builder.h"
#include "workers/checks/diagnosis_evidence.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag::testing {

inline const absl::Time kTenantNow = absl::FromCivil(
    absl::CivilSecond(2026, 11, 27, 12, 0, 0), absl::UTCTimeZone());
inline constexpr char kExoMx[] = "0 contoso-com.mail.protection.outlook.com.";

inline v1::TenantSnapshot SnapshotFromJson(const std::string& json) {
  v1::TenantSnapshot snapshot;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status =
      google::protobuf::util::JsonStringToMessage(json, &snapshot, options);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return snapshot;
}

// contoso.com, cloud-only, verified, Authoritative, Exchange Online
// operational, captured two hours before kTenantNow; one mailbox.
inline v1::TenantSnapshot CloudOnlySnapshot() {
  return SnapshotFromJson(R"json({
    "capturedAt": "2026-11-27T10:00:00Z",
    "toolVersion": "1.0",
    "graph": {
      "domains": [
        {"id": "contoso.onmicrosoft.com", "isVerified": true,
         "isInitial": true, "supportedServices": ["Email"]},
        {"id": "Contoso.com.", "isVerified": true, "isDefault": true,
         "supportedServices": ["Email", "OfficeCommunicationsOnline"],
         "authenticationType": "Managed",
         "serviceConfigurationRecords": [
           {"@odata.type": "#microsoft.graph.domainDnsMxRecord",
            "recordType": "Mx", "label": "contoso.com", "isOptional": false,
            "supportedService": "Email", "ttl": 3600,
            "mailExchange": "contoso-com.mail.protection.outlook.com",
            "preference": 0},
           {"recordType": "Txt", "label": "contoso.com", "isOptional": false,
            "supportedService": "Email", "ttl": 3600,
            "text": "v=spf1 include:spf.protection.outlook.com -all"},
           {"recordType": "CName", "label": "autodiscover.contoso.com",
            "isOptional": false, "supportedService": "Email", "ttl": 3600,
            "canonicalName": "autodiscover.outlook.com"},
           {"recordType": "CName", "label": "sip.contoso.com",
            "isOptional": false,
            "supportedService": "OfficeCommunicationsOnline",
            "canonicalName": "sipdir.online.lync.com"},
           {"recordType": "CName", "label": "msoid.contoso.com",
            "isOptional": true, "supportedService": "OrgIdAuthentication",
            "canonicalName": "clientconfig.microsoftonline-p.net"}
         ],
         "verificationDnsRecords": [
           {"recordType": "Txt", "label": "contoso.com",
            "text": "MS=ms12345678", "ttl": 3600},
           {"recordType": "Mx", "label": "contoso.com",
            "mailExchange": "ms12345678.msv1.invalid", "preference": 32767}
         ]}
      ],
      "serviceHealth": [
        {"service": "Exchange Online", "status": "serviceOperational",
         "issues": []},
        {"service": "Microsoft Teams", "status": "serviceDegradation"}
      ]
    },
    "exo": {
      "acceptedDomains": [
        {"Name": "contoso.com", "DomainName": "contoso.com",
         "DomainType": "Authoritative", "Default": true,
         "MatchSubDomains": false, "OutboundOnly": false},
        {"Name": "contoso.onmicrosoft.com",
         "DomainName": "contoso.onmicrosoft.com",
         "DomainType": "Authoritative"}
      ],
      "recipients": [
        {"PrimarySmtpAddress": "alice@contoso.com",
         "RecipientTypeDetails": "UserMailbox",
         "EmailAddresses": ["SMTP:alice@contoso.com",
                            "smtp:Alice.Smith@Contoso.com",
                            "X500:/o=ExchangeLabs/ou=x/cn=bob@contoso.com",
                            "smtp:alice@contoso.onmicrosoft.com"]}
      ],
      "SomethingNew": {"ignored": true}
    }
  })json");
}

// Adds what the Hybrid Configuration Wizard leaves in Exchange Online: an
// OnPremises outbound connector for contoso.com and the on-premises
// organisation listing it as a hybrid domain.
inline void MakeHybrid(v1::TenantSnapshot& s) {
  v1::OutboundConnector* c = s.mutable_exo()->add_outbound_connectors();
  c->set_name("Outbound to 6a1b…");
  c->set_enabled(true);
  c->set_connector_type("OnPremises");
  c->set_connector_source("HybridWizard");
  c->add_recipient_domains("contoso.com");
  c->add_smart_hosts("mail.contoso.com");
  s.mutable_exo()->mutable_on_prem_org()->add_hybrid_domains("contoso.com");
}

// Live DNS as it should be for the cloud-only snapshot.
inline ZoneEvidenceBuilder HealthyDns() {
  ZoneEvidenceBuilder b("contoso.com");
  b.RecursiveMx({kExoMx})
      .Target("contoso-com.mail.protection.outlook.com", {"104.47.1.1"})
      .Txt({"\"v=spf1 include:spf.protection.outlook.com -all\"",
            "\"MS=ms12345678\""})
      .Autodiscover("autodiscover.outlook.com");
  return b;
}

inline DiagnosisEvidence Evidence(const v1::TenantSnapshot& snapshot,
                                  DnsEvidence dns, std::string recipient = "") {
  DiagnosisEvidence e;
  e.domain = dns.mx.domain;
  e.recipient_address = std::move(recipient);
  e.dns = std::move(dns);
  e.dns.snapshot = &snapshot;
  e.snapshot = &snapshot;
  return e;
}
inline DiagnosisEvidence Evidence(const v1::TenantSnapshot& snapshot) {
  return Evidence(snapshot, HealthyDns().Build(kTenantNow));
}

// Every result must be renderable: its keys are in the catalogue and no
// placeholder is left unfilled in either locale.
inline v1::CheckResult Checked(v1::CheckResult r) {
  EXPECT_NE(FindCatalogEntry(r.message_key()), nullptr) << r.message_key();
  EXPECT_NE(FindCatalogEntry(r.check_id()), nullptr) << r.check_id();
  v1::CheckResult en = r, ja = r;
  Localize(en, "en");
  Localize(ja, "ja");
  EXPECT_FALSE(en.message().empty()) << r.message_key();
  EXPECT_EQ(en.message().find('{'), std::string::npos) << en.message();
  EXPECT_EQ(ja.message().find('{'), std::string::npos) << ja.message();
  EXPECT_EQ(en.remediation().find('{'), std::string::npos) << en.remediation();
  EXPECT_EQ(ja.remediation().find('{'), std::string::npos) << ja.remediation();
  return r;
}

}  // namespace ndrdiag::testing

#endif  // NDRDIAG_TESTS_WORKERS_CHECKS_TENANT_TENANT_FIXTURE_H_
