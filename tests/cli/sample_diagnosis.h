// A handcrafted diagnosis and its event stream, shared by the CLI tests.
//
// Shaped like what a worker publishes for a domain with two MX records: a
// PASS, a FAIL with remediation and DNS evidence, an INCONCLUSIVE with a
// reason, and a partial verdict ranking MX_MULTIPLE first.
#ifndef NDRDIAG_TESTS_CLI_SAMPLE_DIAGNOSIS_H_
#define NDRDIAG_TESTS_CLI_SAMPLE_DIAGNOSIS_H_

#include <string>
#include <vector>

#include "ndrdiag/v1/diagnosis.pb.h"

namespace ndrdiag::cli::testing {

inline constexpr char kSampleName[] = "diagnoses/abc123";

inline v1::CheckResult SamplePass() {
  v1::CheckResult r;
  r.set_check_id("dns.mx.present");
  r.set_family(v1::DNS);
  r.set_status(v1::PASS);
  r.set_title("MX record published");
  r.set_message("contoso.com publishes 2 MX records.");
  r.set_remediation("Nothing to do.");
  return r;
}

inline v1::CheckResult SampleFail() {
  v1::CheckResult r;
  r.set_check_id("dns.mx.single_record");
  r.set_family(v1::DNS);
  r.set_status(v1::FAIL);
  r.set_title("Single MX record");
  r.set_message("contoso.com has 2 MX records; Exchange Online supports one.");
  r.set_message_key("dns.mx.single_record.fail_multiple");
  (*r.mutable_message_args())["count"] = "2";
  r.set_cause(v1::MX_MULTIPLE);
  r.set_remediation("Delete every MX record except the Exchange Online one.");
  v1::DnsExchange& dns = *r.add_evidence()->mutable_dns();
  dns.set_server("127.77.0.53:53");
  dns.set_recursion_desired(true);
  dns.set_qname("contoso.com.");
  dns.set_qtype("MX");
  dns.set_rcode("NOERROR");
  v1::DnsRecord& a = *dns.add_answers();
  a.set_name("contoso.com.");
  a.set_type("MX");
  a.set_ttl(3600);
  a.set_data("0 contoso-com.mail.protection.outlook.com.");
  v1::DnsRecord& b = *dns.add_answers();
  b.set_name("contoso.com.");
  b.set_type("MX");
  b.set_ttl(3600);
  b.set_data("10 mx.old-host.example.");
  dns.mutable_time()->set_seconds(1714000000);
  dns.mutable_elapsed()->set_nanos(2500000);
  r.add_evidence()->set_note("two MX RRs, one targets EOP");
  return r;
}

inline v1::CheckResult SampleInconclusive() {
  v1::CheckResult r;
  r.set_check_id("dns.mx.target_resolves");
  r.set_family(v1::DNS);
  r.set_status(v1::INCONCLUSIVE);
  r.set_title("MX target resolves");
  r.set_message("The address lookup of mx.old-host.example. got no answer.");
  r.set_inconclusive_reason("timeout after 5s");
  return r;
}

inline v1::Verdict SampleVerdict() {
  v1::Verdict v;
  v.set_summary("contoso.com publishes two MX records.");
  v.set_partial(true);
  v1::RankedCause& first = *v.add_causes();
  first.set_cause(v1::MX_MULTIPLE);
  first.set_confidence(0.9);
  first.add_check_ids("dns.mx.single_record");
  first.set_explanation("Only one MX record is supported for Exchange Online.");
  first.add_remediation("Delete the MX record mx.old-host.example.");
  first.add_remediation("Wait for the old record's TTL (1 hour) to expire.");
  v1::RankedCause& second = *v.add_causes();
  second.set_cause(v1::UNKNOWN);
  second.set_confidence(0.1);
  return v;
}

inline v1::Diagnosis SampleDiagnosis() {
  v1::Diagnosis d;
  d.set_name(kSampleName);
  d.mutable_spec()->set_domain("contoso.com");
  d.mutable_spec()->set_locale("en");
  (*d.mutable_spec()->mutable_labels())["ticket"] = "4711";
  d.set_state(v1::Diagnosis::SUCCEEDED);
  d.mutable_create_time()->set_seconds(1714000000);
  d.mutable_start_time()->set_seconds(1714000001);
  d.mutable_end_time()->set_seconds(1714000003);
  *d.add_results() = SamplePass();
  *d.add_results() = SampleFail();
  *d.add_results() = SampleInconclusive();
  *d.mutable_verdict() = SampleVerdict();
  d.set_attempt(1);
  return d;
}

// The events of SampleDiagnosis with ids "1".."8"; the last is terminal and
// moves to `final_state`.
inline std::vector<v1::DiagnosisEvent> SampleEvents(
    v1::Diagnosis::State final_state = v1::Diagnosis::SUCCEEDED) {
  std::vector<v1::DiagnosisEvent> events;
  const auto add = [&events]() -> v1::DiagnosisEvent& {
    v1::DiagnosisEvent& e = events.emplace_back();
    e.set_event_id(std::to_string(events.size()));
    e.set_diagnosis(kSampleName);
    e.mutable_time()->set_seconds(1714000000 + events.size());
    return e;
  };
  v1::Diagnosis accepted = SampleDiagnosis();
  accepted.clear_results();
  accepted.clear_verdict();
  accepted.clear_start_time();
  accepted.clear_end_time();
  accepted.set_state(v1::Diagnosis::QUEUED);
  *add().mutable_accepted()->mutable_diagnosis() = accepted;
  v1::DiagnosisEvent& running = add();
  running.set_attempt(1);
  running.mutable_state_change()->set_state(v1::Diagnosis::RUNNING);
  add().mutable_check_started()->add_check_ids("dns.mx.present");
  *add().mutable_check_result() = SamplePass();
  *add().mutable_check_result() = SampleFail();
  *add().mutable_check_result() = SampleInconclusive();
  *add().mutable_verdict() = SampleVerdict();
  v1::DiagnosisEvent& last = add();
  last.set_terminal(true);
  last.mutable_state_change()->set_state(final_state);
  if (final_state == v1::Diagnosis::FAILED) {
    last.mutable_state_change()->set_reason("3 attempts failed");
  }
  return events;
}

}  // namespace ndrdiag::cli::testing

#endif  // NDRDIAG_TESTS_CLI_SAMPLE_DIAGNOSIS_H_
