// The tenant snapshot loader against exports shaped like real PowerShell
// output (tests/testdata/snapshots/) and one tolerance or error per test.
#include "common/tenant_snapshot.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/status/status.h"
#include "common/tenant_snapshot_internal.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace ndrdiag {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Fixture(const std::string& name) {
  return std::string(NDRDIAG_SOURCE_DIR) + "/tests/testdata/snapshots/" + name;
}

v1::TenantSnapshot MustParse(const std::string& json) {
  absl::StatusOr<v1::TenantSnapshot> s = ParseTenantSnapshotJson(json);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : v1::TenantSnapshot();
}

// The INVALID_ARGUMENT message `json` must fail with.
std::string ErrorOf(const std::string& json) {
  absl::StatusOr<v1::TenantSnapshot> s = ParseTenantSnapshotJson(json);
  if (s.ok()) {
    ADD_FAILURE() << "accepted: " << s->ShortDebugString();
    return "";
  }
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(s.status().message());
}

std::string Utf16(const std::string& ascii, bool little_endian, bool bom) {
  std::string out;
  if (bom) out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (char c : ascii) {
    out += little_endian ? std::string{c, '\0'} : std::string{'\0', c};
  }
  return out;
}

// --- fixtures ------------------------------------------------------------

TEST(TenantSnapshotTest, LoadsARealisticConvertToJsonExport) {
  absl::StatusOr<v1::TenantSnapshot> s =
      LoadTenantSnapshotFile(Fixture("contoso-export.json"));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->captured_at().seconds(), 1795773600);  // 7 fractional digits
  EXPECT_EQ(s->captured_at().nanos(), 123456700);
  EXPECT_EQ(s->tool_version(), "1.0.0");

  ASSERT_EQ(s->graph().domains_size(), 5);
  const v1::GraphDomain& contoso = s->graph().domains(0);
  EXPECT_EQ(contoso.id(), "contoso.com");
  EXPECT_TRUE(contoso.is_verified());
  EXPECT_TRUE(contoso.is_default());
  EXPECT_THAT(contoso.supported_services(),
              ElementsAre("Email", "OfficeCommunicationsOnline", "Intune"));
  ASSERT_EQ(contoso.service_configuration_records_size(), 4);
  EXPECT_EQ(contoso.service_configuration_records(0).mail_exchange(),
            "contoso-com.mail.protection.outlook.com");
  EXPECT_EQ(contoso.service_configuration_records(0).ttl(), 3600);
  EXPECT_EQ(contoso.service_configuration_records(2).canonical_name(),
            "autodiscover.outlook.com");
  EXPECT_THAT(contoso.verification_dns_records(0).text(), StartsWith("MS=ms"));
  EXPECT_FALSE(s->graph().domains(2).is_verified());
  EXPECT_TRUE(s->graph().domains(2).supported_services().empty());
  ASSERT_EQ(s->graph().service_health_size(), 2);
  EXPECT_EQ(s->graph().service_health(0).status(), "serviceDegradation");
  EXPECT_EQ(s->graph().service_health(0).issues(0).id(), "EX912345");
  EXPECT_FALSE(s->graph().service_health(0).issues(0).is_resolved());

  const v1::ExoSnapshot& exo = s->exo();
  ASSERT_EQ(exo.accepted_domains_size(), 6);
  EXPECT_EQ(exo.accepted_domains(1).domain_name(), "fabrikam.com");
  EXPECT_EQ(exo.accepted_domains(1).domain_type(), "InternalRelay");
  EXPECT_TRUE(exo.accepted_domains(0).is_default());
  EXPECT_TRUE(exo.accepted_domains(2).match_sub_domains());
  ASSERT_EQ(exo.inbound_connectors_size(), 3);
  EXPECT_EQ(exo.inbound_connectors(0).connector_source(), "HybridWizard");
  EXPECT_EQ(exo.inbound_connectors(0).tls_sender_certificate_name(),
            "mail.contoso.com");
  EXPECT_THAT(exo.inbound_connectors(1).sender_ip_addresses(),
              ElementsAre("203.0.113.25", "203.0.113.0/24"));
  EXPECT_TRUE(exo.inbound_connectors(1).restrict_domains_to_ip_addresses());
  EXPECT_FALSE(exo.inbound_connectors(2).enabled());
  ASSERT_EQ(exo.outbound_connectors_size(), 3);
  EXPECT_THAT(exo.outbound_connectors(1).smart_hosts(),
              ElementsAre("198.51.100.20", "relay.fabrikam.com"));
  EXPECT_EQ(exo.outbound_connectors(0).tls_settings(), "DomainValidation");
  EXPECT_TRUE(exo.outbound_connectors(2).use_mx_record());
  EXPECT_TRUE(exo.outbound_connectors(2).is_transport_rule_scoped());
  EXPECT_THAT(exo.on_prem_org().hybrid_domains(),
              ElementsAre("contoso.com", "sub.contoso.com"));
  EXPECT_EQ(exo.on_prem_org().organization_guid(),
            "5a1c27f0-6f1e-4b5f-9a8e-3d1f7c0b2e44");
  ASSERT_EQ(exo.dnssec_size(), 2);
  EXPECT_EQ(exo.dnssec(0).expected_mx_record().record(),
            "@ 60 IN MX 10 contoso-com.r-v1.mx.microsoft");
  EXPECT_THAT(exo.dnssec(1).mx_validation().actual_mx_records(),
              ElementsAre("mx1.fabrikam.com", "mx2.fabrikam.com"));
  EXPECT_EQ(exo.dnssec(0).dns_validation().dnssec_support(), "Supported");
  EXPECT_EQ(exo.dkim(1).status(), "CnameMissing");
  EXPECT_FALSE(exo.org().reject_direct_send());
  EXPECT_EQ(exo.recipients(0).recipient_type_details(), "UserMailbox");
  EXPECT_EQ(exo.recipients(0).email_addresses_size(), 4);

  const v1::OnPremisesSnapshot& op = s->on_premises();
  EXPECT_EQ(op.hybrid_configuration().on_premises_smart_host(),
            "mail.contoso.com");
  EXPECT_EQ(op.send_connectors(0).tls_domain(), "mail.protection.outlook.com");
  EXPECT_TRUE(op.send_connectors(0).require_tls());
  EXPECT_EQ(op.receive_connectors(0).identity(), "EX01\\Default Frontend EX01");
  EXPECT_EQ(op.exchange_certificates(0).not_after().seconds(), 1801353599);
  EXPECT_TRUE(op.remote_domains(0).target_delivery_domain());
  EXPECT_EQ(op.remote_mailboxes(0).remote_routing_address(),
            "adelev@contoso.mail.onmicrosoft.com");
  EXPECT_THAT(op.egress_ip_addresses(), ElementsAre("203.0.113.10"));
  EXPECT_TRUE(ValidateTenantSnapshot(*s).ok());
}

TEST(TenantSnapshotTest, Utf16LittleEndianCopyLoadsTheSame) {
  absl::StatusOr<v1::TenantSnapshot> utf8 =
      LoadTenantSnapshotFile(Fixture("contoso-export.json"));
  absl::StatusOr<v1::TenantSnapshot> utf16 =
      LoadTenantSnapshotFile(Fixture("contoso-export-utf16le.json"));
  ASSERT_TRUE(utf8.ok()) << utf8.status();
  ASSERT_TRUE(utf16.ok()) << utf16.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*utf8, *utf16));
}

TEST(TenantSnapshotTest, LoadsAWindowsPowerShell51Export) {
  absl::StatusOr<v1::TenantSnapshot> s =
      LoadTenantSnapshotFile(Fixture("contoso-ps51.json"));
  ASSERT_TRUE(s.ok()) << s.status();
  // {"value": "\/Date(ms)\/", "DisplayHint": 2, ...}
  EXPECT_EQ(s->captured_at().seconds(), 1795773600);
  // {"value": [...], "Count": 1} and the Graph SDK's PascalCase objects.
  ASSERT_EQ(s->graph().domains_size(), 1);
  const v1::GraphDomain& d = s->graph().domains(0);
  EXPECT_EQ(d.id(), "contoso.com");
  EXPECT_TRUE(d.is_verified());
  EXPECT_THAT(d.supported_services(), ElementsAre("Email"));
  ASSERT_EQ(d.service_configuration_records_size(), 1);
  EXPECT_EQ(d.service_configuration_records(0).ttl(), 3600);
  EXPECT_EQ(d.service_configuration_records(0).mail_exchange(),
            "contoso-com.mail.protection.outlook.com");
  EXPECT_EQ(s->graph().service_health(0).service(), "Exchange Online");
  // Unrolled one-element arrays; "True" strings.
  ASSERT_EQ(s->exo().accepted_domains_size(), 1);
  EXPECT_TRUE(s->exo().accepted_domains(0).is_default());
  EXPECT_FALSE(s->exo().accepted_domains(0).match_sub_domains());
  EXPECT_EQ(s->exo().inbound_connectors_size(), 0);
  ASSERT_EQ(s->exo().outbound_connectors_size(), 1);
  EXPECT_THAT(s->exo().outbound_connectors(0).recipient_domains(),
              ElementsAre("contoso.com"));
  EXPECT_THAT(s->exo().outbound_connectors(0).smart_hosts(),
              ElementsAre("mail.contoso.com"));
  EXPECT_EQ(s->on_premises().exchange_certificates(0).not_after().seconds(),
            1801526399);
  EXPECT_THAT(s->on_premises().egress_ip_addresses(),
              ElementsAre("203.0.113.10"));
}

// --- tolerances ------------------------------------------------------------

TEST(TenantSnapshotTest, Utf16BigEndianAndWithoutBom) {
  const std::string json = R"({"toolVersion":"9","exo":{"org":{"Name":"é"}}})";
  for (const auto& [le, bom] :
       {std::pair{true, true}, {false, true}, {true, false}, {false, false}}) {
    const std::string ascii = R"({"toolVersion":"9"})";
    EXPECT_EQ(MustParse(Utf16(ascii, le, bom)).tool_version(), "9")
        << le << bom;
  }
  // Non-ASCII and a surrogate pair ("😀" U+1F600) in UTF-16LE.
  std::string text = "\xFF\xFE";
  for (char c : std::string(R"({"toolVersion":")")) text += {c, '\0'};
  text += std::string("\xE9\x00", 2);          // é
  text += std::string("\x3D\xD8\x00\xDE", 4);  // U+1F600
  for (char c : std::string(R"("})")) text += {c, '\0'};
  EXPECT_EQ(MustParse(text).tool_version(), "é\xF0\x9F\x98\x80");
  EXPECT_EQ(MustParse("\xEF\xBB\xBF" + json).exo().org().name(), "é");
}

TEST(TenantSnapshotTest, DatesInEveryPowerShellForm) {
  struct Case {
    std::string json_date;
    int64_t seconds;
    int32_t nanos;
  };
  for (const Case& c : std::vector<Case>{
           {R"("2026-11-27T10:00:00Z")", 1795773600, 0},
           {R"("2026-11-27T10:00:00.1234567Z")", 1795773600, 123456700},
           {R"("2026-11-27T19:00:00.5+09:00")", 1795773600, 500000000},
           {R"("2026-11-27T10:00:00")", 1795773600, 0},  // taken as UTC
           {R"("2026-11-27 10:00:00Z")", 1795773600, 0},
           {R"("\/Date(1795773600123)\/")", 1795773600, 123000000},
           {R"("\/Date(1795773600000+0900)\/")", 1795773600, 0},
           {R"("/Date(-1500)/")", -2, 500000000},
           {R"({"value":"\/Date(1795773600000)\/","DisplayHint":2})",
            1795773600, 0},
       }) {
    v1::TenantSnapshot s = MustParse(R"({"capturedAt":)" + c.json_date + "}");
    EXPECT_EQ(s.captured_at().seconds(), c.seconds) << c.json_date;
    EXPECT_EQ(s.captured_at().nanos(), c.nanos) << c.json_date;
  }
}

TEST(TenantSnapshotTest, SingleValuesBecomeArraysAndNullsAreDropped) {
  v1::TenantSnapshot s = MustParse(R"({
    "exo": {
      "inboundConnectors": {"Name": "only", "SenderIPAddresses": "192.0.2.1",
                            "EFSkipIPs": null, "TlsSenderCertificateName": null},
      "outboundConnectors": [null, {"Name": "b", "SmartHosts": ["a", null, "c"]}],
      "acceptedDomains": {"value": [{"DomainName": "x.example"}], "Count": 1}
    }})");
  ASSERT_EQ(s.exo().inbound_connectors_size(), 1);
  EXPECT_EQ(s.exo().inbound_connectors(0).name(), "only");
  EXPECT_THAT(s.exo().inbound_connectors(0).sender_ip_addresses(),
              ElementsAre("192.0.2.1"));
  ASSERT_EQ(s.exo().outbound_connectors_size(), 1);
  EXPECT_THAT(s.exo().outbound_connectors(0).smart_hosts(),
              ElementsAre("a", "c"));
  EXPECT_EQ(s.exo().accepted_domains(0).domain_name(), "x.example");
}

TEST(TenantSnapshotTest, NamesMatchIgnoringCaseAndExactNamesWin) {
  v1::TenantSnapshot s = MustParse(R"({
    "EXO": {"Org": {"name": "lower", "Name": "exact", "rejectdirectsend": "TRUE"}},
    "graph": {"domains": [{"ID": "a.example", "is_verified": true,
                           "supportedServices": ["Email"], "@odata.type": "x",
                           "AdditionalProperties": {"isDefault": true}}]},
    "unknownTopLevel": {"deep": [1, 2, {"x": null}]}
  })");
  EXPECT_EQ(s.exo().org().name(), "exact");
  EXPECT_TRUE(s.exo().org().reject_direct_send());
  EXPECT_EQ(s.graph().domains(0).id(), "a.example");
  EXPECT_TRUE(s.graph().domains(0).is_verified());
  EXPECT_TRUE(s.graph().domains(0).is_default());
}

TEST(TenantSnapshotTest, NumbersAsStringsAndTrailingComma) {
  v1::TenantSnapshot s =
      MustParse(R"({"graph":{"domains":[{"serviceConfigurationRecords":[)"
                R"({"ttl":"3600","preference":10.0},]}]}})");
  EXPECT_EQ(s.graph().domains(0).service_configuration_records(0).ttl(), 3600);
  EXPECT_EQ(s.graph().domains(0).service_configuration_records(0).preference(),
            10);
}

// --- errors name the path ----------------------------------------------------

TEST(TenantSnapshotTest, BadBooleanNamesThePath) {
  EXPECT_EQ(ErrorOf(R"({"exo":{"outboundConnectors":[{"Enabled":true},)"
                    R"({"Enabled":"yes"}]}})"),
            "exo.outboundConnectors[1].Enabled: expected true or false, got "
            "\"yes\"");
  EXPECT_EQ(ErrorOf(R"({"exo":{"org":{"RejectDirectSend":1}}})"),
            "exo.org.RejectDirectSend: expected true or false, got 1");
}

TEST(TenantSnapshotTest, BadIntegerNamesThePath) {
  EXPECT_EQ(ErrorOf(R"({"graph":{"domains":[{"serviceConfigurationRecords":)"
                    R"({"ttl":1.5}}]}})"),
            "graph.domains[0].serviceConfigurationRecords.ttl: expected an "
            "integer from -2147483648 to 2147483647, got 1.5");
  EXPECT_EQ(ErrorOf(R"({"graph":{"domains":[{"serviceConfigurationRecords":)"
                    R"([{"ttl":"soon"}]}]}})"),
            "graph.domains[0].serviceConfigurationRecords[0].ttl: expected an "
            "integer, got \"soon\"");
  EXPECT_THAT(
      ErrorOf(R"({"graph":{"domains":[{"serviceConfigurationRecords":[{)"
              R"("AdditionalProperties":{"preference":"x"}}]}]}})"),
      StartsWith("graph.domains[0].serviceConfigurationRecords[0]."
                 "AdditionalProperties.preference: expected an integer"));
}

TEST(TenantSnapshotTest, EnumNumberInAStringFieldSaysToExportNames) {
  EXPECT_EQ(ErrorOf(R"({"exo":{"acceptedDomains":[{"DomainType":0}]}})"),
            "exo.acceptedDomains[0].DomainType: expected a string (export "
            "enumerations as their names, as "
            "scripts/export-tenant-snapshot.ps1 does), got 0");
  EXPECT_EQ(ErrorOf(R"({"exo":{"org":{"Name":{"a":1}}}})"),
            "exo.org.Name: expected a string, got an object");
  EXPECT_EQ(ErrorOf(R"({"exo":{"inboundConnectors":[{"SenderDomains":[["x"],)"
                    R"(["a","b"]]}]}})"),
            "exo.inboundConnectors[0].SenderDomains[1]: expected a string, got "
            "an array");
}

TEST(TenantSnapshotTest, BadShapeNamesThePath) {
  EXPECT_EQ(ErrorOf(R"({"exo":{"org":"contoso"}})"),
            "exo.org: expected an object, got \"contoso\"");
  EXPECT_EQ(ErrorOf(R"({"exo":{"dkim":[{"Name":"a"}, 7]}})"),
            "exo.dkim[1]: expected an object, got 7");
  EXPECT_EQ(ErrorOf(R"([{"exo":{}}])"),
            "the snapshot must be a JSON object, got an array");
}

TEST(TenantSnapshotTest, BadDateNamesThePath) {
  EXPECT_THAT(ErrorOf(R"({"capturedAt":"yesterday"})"),
              StartsWith("capturedAt: expected a date such as "
                         "\"2026-11-27T10:00:00Z\""));
  EXPECT_THAT(ErrorOf(R"({"capturedAt":"\/Date(99999999999999999)\/"})"),
              StartsWith("capturedAt: expected a date"));
  EXPECT_EQ(ErrorOf(R"({"onPremises":{"exchangeCertificates":[)"
                    R"({"NotAfter":1700000000}]}})"),
            "onPremises.exchangeCertificates[0].NotAfter: expected a date "
            "string, got 1700000000");
}

TEST(TenantSnapshotTest, SyntaxAndEncodingErrors) {
  EXPECT_EQ(ErrorOf(R"({"exo": {"org": tru}})"),
            "not valid JSON: Unexpected token. at line 1, column 17 near "
            "\"tru}}\"");
  EXPECT_EQ(ErrorOf("{\n  \"exo\": {\n    \"org\": tru\n  }\n}\n"),
            "not valid JSON: Unexpected token. at line 3, column 12 near "
            "\"tru   } }\"");
  EXPECT_THAT(ErrorOf(""), StartsWith("not valid JSON: Unexpected end"));
  EXPECT_EQ(ErrorOf("{\"toolVersion\":\"caf\xE9\"}"),  // Windows-1252
            "the text is not UTF-8 (byte 19); save it as UTF-8 (PowerShell: "
            "Out-File -Encoding utf8)");
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF{\"a\":\"\xE9\"}"),
            "the text is not UTF-8 (byte 9); save it as UTF-8 (PowerShell: "
            "Out-File -Encoding utf8)");
  EXPECT_THAT(ErrorOf(Utf16("{}", true, true) + "x"), HasSubstr("odd number"));
  EXPECT_EQ(ErrorOf(std::string("\xFF\xFE{\0\x00\xD8}\0", 8)),
            "unpaired UTF-16 surrogate at byte 4");
  EXPECT_THAT(ErrorOf(std::string("\xFF\xFE\0\0{\0\0\0", 8)),
              HasSubstr("UTF-32"));
}

// Not a fuzzer, but the same idea on a budget: every truncation and many
// single-byte corruptions of a real export end in a result or an error,
// never a crash (run under ASan to get the most from it).
TEST(TenantSnapshotTest, TruncatedAndCorruptedExportsNeverCrash) {
  std::ifstream f(Fixture("contoso-export.json"), std::ios::binary);
  const std::string json((std::istreambuf_iterator<char>(f)),
                         std::istreambuf_iterator<char>());
  ASSERT_GT(json.size(), 10000u);
  int errors = 0;
  for (size_t n = 0; n < json.size(); n += 401) {
    errors += !ParseTenantSnapshotJson(json.substr(0, n)).ok();
  }
  EXPECT_GT(errors, 0);
  const char kBytes[] = {'"', '{', ']', ',', '\\', '\0', '\xFF', 'x', '1'};
  size_t k = 0;
  for (size_t at = 0; at < json.size(); at += 193) {
    std::string bad = json;
    bad[at] = kBytes[k++ % sizeof kBytes];
    (void)ParseTenantSnapshotJson(bad);
  }
}

// --- files -----------------------------------------------------------------

TEST(TenantSnapshotTest, FileErrorsNameThePath) {
  absl::StatusOr<v1::TenantSnapshot> s =
      LoadTenantSnapshotFile("/nonexistent/tenant.json");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(s.status().message()),
              StartsWith("/nonexistent/tenant.json: "));

  s = LoadTenantSnapshotFile(Fixture("bad-enabled.json"));
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(),
            Fixture("bad-enabled.json") +
                ": exo.outboundConnectors[1].Enabled: expected true or "
                "false, got \"yes\"");

  s = LoadTenantSnapshotFile(std::string(NDRDIAG_SOURCE_DIR) + "/tests");
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("/tests: "));
}

TEST(TenantSnapshotTest, OversizedFileIsRefused) {
  const std::string path = ::testing::TempDir() + "/huge-snapshot.json";
  {
    std::ofstream f(path, std::ios::binary);
    f << "{\"toolVersion\":\"" << std::string(kMaxTenantSnapshotFileOctets, 'x')
      << "\"}";
  }
  absl::StatusOr<v1::TenantSnapshot> s = LoadTenantSnapshotFile(path);
  std::remove(path.c_str());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.status().message()),
              HasSubstr("larger than 8 MiB"));
  EXPECT_THAT(std::string(s.status().message()), StartsWith(path));
}

// --- ValidateTenantSnapshot -------------------------------------------------

TEST(TenantSnapshotTest, ValidateBoundsListsStringsAndTimestamps) {
  v1::TenantSnapshot s;
  EXPECT_TRUE(ValidateTenantSnapshot(s).ok());
  for (int i = 0; i < 4; ++i) s.mutable_exo()->add_inbound_connectors();
  s.mutable_exo()->mutable_inbound_connectors(3)->set_name(
      std::string(5000, 'n'));
  absl::Status st = ValidateTenantSnapshot(s);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(),
            "tenant_snapshot.exo.inbound_connectors[3].name: is 5000 octets; "
            "at most 4096 are allowed");

  s.mutable_exo()->mutable_inbound_connectors(3)->set_name("ok");
  s.mutable_exo()->mutable_inbound_connectors(1)->add_sender_domains("\xC3(");
  EXPECT_EQ(ValidateTenantSnapshot(s).message(),
            "tenant_snapshot.exo.inbound_connectors[1].sender_domains[0]: is "
            "not valid UTF-8 (byte 0)");

  s.mutable_exo()->clear_inbound_connectors();
  for (int i = 0; i <= kMaxTenantSnapshotListItems; ++i) {
    s.mutable_graph()->add_domains()->set_id("d.example");
  }
  EXPECT_EQ(ValidateTenantSnapshot(s).message(),
            "tenant_snapshot.graph.domains: 5001 items; at most 5000 are "
            "allowed");

  s.mutable_graph()->clear_domains();
  s.mutable_captured_at()->set_nanos(-1);
  EXPECT_EQ(ValidateTenantSnapshot(s).message(),
            "tenant_snapshot.captured_at: is not a timestamp between the years "
            "1 and 9999");
  s.mutable_captured_at()->set_nanos(0);
  s.mutable_on_premises()
      ->add_exchange_certificates()
      ->mutable_not_after()
      ->set_seconds(253402300800);
  EXPECT_EQ(ValidateTenantSnapshot(s).message(),
            "tenant_snapshot.on_premises.exchange_certificates[0].not_after: "
            "is not a timestamp between the years 1 and 9999");
}

}  // namespace
}  // namespace ndrdiag
