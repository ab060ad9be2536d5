// Hand-built tenant snapshots and smart-host evidence for the conn.* rule
// tests: snapshots are written as the JSON the export script produces
// (PascalCase PowerShell properties, extra properties present) and loaded
// with protobuf's JSON parser, so the tests read like the scenarios of
// CHECKS.md §5.
#ifndef NDRDIAG_TESTS_WORKERS_CHECKS_CONNECTOR_CONNECTOR_FIXTURES_H_
#define NDRDIAG_TESTS_WORKERS_CHECKS_CONNECTOR_CONNECTOR_FIXTURES_H_

#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "ndrdiag/v1/tenant.pb.h"
#include "tests/workers/checks/dns/mx_evidence_builder.h"
#include "workers/checks/diagnosis_evidence.h"
#include "workers/i18n/catalog.h"

namespace ndrdiag::testing {

// Parses `json` into a snapshot; fails the test on a parse error.
inline std::unique_ptr<v1::TenantSnapshot> Snapshot(const std::string& json) {
  auto snapshot = std::make_unique<v1::TenantSnapshot>();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const auto status = google::protobuf::util::JsonStringToMessage(
      json, snapshot.get(), options);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return snapshot;
}

// Evidence for contoso.com reading `snapshot` (may be nullptr).
inline DiagnosisEvidence Evidence(const v1::TenantSnapshot* snapshot,
                                  const std::string& domain = "contoso.com") {
  DiagnosisEvidence e;
  e.domain = domain;
  e.dns.mx.domain = domain;
  e.snapshot = snapshot;
  return e;
}

// The live MX answer (recursive) and the targets' A answers.
inline void SetLiveMx(DiagnosisEvidence& e, const std::string& target,
                      const std::vector<std::string>& addresses) {
  e.dns.mx.mx = Exchange(kResolver, e.domain, "MX", "NOERROR",
                         MxAnswers(e.domain, {"0 " + target + "."}));
  MxTargetEvidence t;
  t.host = target;
  std::vector<v1::DnsRecord> answers;
  for (const std::string& a : addresses)
    answers.push_back(Record(target, "A", a));
  t.a = Exchange(kResolver, target, "A", "NOERROR", answers);
  t.aaaa = Exchange(kResolver, target, "AAAA", "NOERROR", {});
  e.dns.mx.targets.push_back(t);
}

// A smart host that resolved to `addresses` (A only; AAAA NODATA).
inline SmartHostEvidence ResolvedSmartHost(
    const std::string& host, const std::string& connector,
    const std::vector<std::string>& addresses) {
  SmartHostEvidence h;
  h.host = host;
  h.connector = connector;
  std::vector<v1::DnsRecord> answers;
  for (const std::string& a : addresses)
    answers.push_back(Record(host, "A", a));
  h.a = Exchange(kResolver, host, "A", "NOERROR", answers);
  h.aaaa = Exchange(kResolver, host, "AAAA", "NOERROR", {});
  return h;
}

inline SmtpReply Reply(int code, std::vector<std::string> lines) {
  SmtpReply r;
  r.code = code;
  r.lines = std::move(lines);
  return r;
}

// A session that ran to QUIT; `starttls` = EHLO offered STARTTLS and the
// handshake worked, presenting a certificate for `cert_cn` / `sans`.
inline SmtpSessionEvidence CompletedSession(
    const std::string& host, const std::string& address, bool starttls,
    const std::string& cert_cn = "",
    const std::vector<std::string>& sans = {}) {
  SmtpSessionEvidence s;
  s.host = host;
  s.address = address;
  s.outcome = SmtpOutcome::kCompleted;
  s.transcript.set_server(address + ":25");
  s.transcript.set_host(host);
  auto line = [&s](v1::SmtpLine::Sender sender, const std::string& text) {
    v1::SmtpLine* l = s.transcript.add_lines();
    l->set_sender(sender);
    l->set_text(text);
  };
  s.banner = Reply(220, {host + " ESMTP"});
  line(v1::SmtpLine::SERVER, "220 " + host + " ESMTP");
  line(v1::SmtpLine::CLIENT, "EHLO probe.ndrdiag.example");
  if (starttls) {
    s.ehlo = Reply(250, {host, "SIZE 37748736", "STARTTLS"});
    line(v1::SmtpLine::SERVER, "250-" + host);
    line(v1::SmtpLine::SERVER, "250-SIZE 37748736");
    line(v1::SmtpLine::SERVER, "250 STARTTLS");
    line(v1::SmtpLine::CLIENT, "STARTTLS");
    s.starttls = Reply(220, {"2.0.0 SMTP server ready"});
    line(v1::SmtpLine::SERVER, "220 2.0.0 SMTP server ready");
    s.tls_established = true;
    v1::TlsCertificate* cert = s.transcript.mutable_certificate();
    cert->set_subject("CN=" + cert_cn);
    cert->set_issuer("CN=Contoso CA");
    for (const std::string& san : sans) cert->add_subject_alt_names(san);
    cert->mutable_not_after()->set_seconds(4102444800);  // 2100-01-01
    cert->set_chain_verified(true);
    s.ehlo_tls = Reply(250, {host, "SIZE 37748736"});
  } else {
    s.ehlo = Reply(250, {host, "SIZE 37748736"});
    line(v1::SmtpLine::SERVER, "250-" + host);
    line(v1::SmtpLine::SERVER, "250 SIZE 37748736");
  }
  s.mail_from = Reply(250, {"2.1.0 Sender OK"});
  line(v1::SmtpLine::CLIENT, "MAIL FROM:<probe@ndrdiag.example>");
  line(v1::SmtpLine::SERVER, "250 2.1.0 Sender OK");
  line(v1::SmtpLine::CLIENT, "QUIT");
  return s;
}

// A session that ended early with `outcome` at `step`.
inline SmtpSessionEvidence FailedSession(const std::string& host,
                                         const std::string& address,
                                         SmtpOutcome outcome, SmtpStep step,
                                         const std::string& error) {
  SmtpSessionEvidence s;
  s.host = host;
  s.address = address;
  s.outcome = outcome;
  s.failed_step = step;
  s.transcript.set_server(address + ":25");
  s.transcript.set_host(host);
  s.transcript.set_error(error);
  return s;
}

// The parts of the scenarios' snapshots, as JSON fragments.
inline std::string AcceptedDomainsJson(
    const std::string& type = "Authoritative") {
  return R"("acceptedDomains": [
      {"Name": "contoso.com", "DomainName": "contoso.com", "DomainType": ")" +
         type + R"(", "Default": true, "MatchSubDomains": false,
       "PSComputerName": "outlook.office365.com"},
      {"Name": "contoso.onmicrosoft.com",
       "DomainName": "contoso.onmicrosoft.com", "DomainType": "Authoritative"}])";
}

inline std::string OnPremOrgJson() {
  return R"("onPremOrg": {"Name": "Hybrid", "HybridDomains": ["contoso.com"],
      "InboundConnector": "Inbound from 5f3c", "OutboundConnector":
      "Outbound to 5f3c", "OrganizationGuid": "5f3c0d1e"})";
}

// The result's message key is in the catalogue and both locales fill every
// placeholder from the result's arguments.
inline void ExpectLocalized(const v1::CheckResult& result) {
  ASSERT_NE(FindCatalogEntry(result.message_key()), nullptr)
      << result.message_key();
  ASSERT_NE(FindCatalogEntry(result.check_id()), nullptr) << result.check_id();
  for (const char* locale : {"en", "ja"}) {
    v1::CheckResult localized = result;
    Localize(localized, locale);
    EXPECT_FALSE(localized.title().empty()) << result.check_id();
    EXPECT_FALSE(localized.message().empty()) << result.message_key();
    EXPECT_EQ(localized.message().find('{'), std::string::npos)
        << locale << ": " << localized.message();
    EXPECT_EQ(localized.remediation().find('{'), std::string::npos)
        << locale << ": " << localized.remediation();
  }
}

}  // namespace ndrdiag::testing

#endif  // NDRDIAG_TESTS_WORKERS_CHECKS_CONNECTOR_CONNECTOR_FIXTURES_H_
