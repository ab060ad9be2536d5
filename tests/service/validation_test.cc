#include "service/validation.h"

#include <string>

#include "absl/status/status.h"
#include "common/tenant_snapshot.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

v1::CreateDiagnosisRequest Request(const std::string& domain) {
  v1::CreateDiagnosisRequest request;
  request.mutable_spec()->set_domain(domain);
  return request;
}

// The message of the INVALID_ARGUMENT that `request` must fail with.
std::string ErrorOf(const v1::CreateDiagnosisRequest& request) {
  absl::StatusOr<v1::DiagnosisSpec> spec = ValidateAndNormalize(request);
  if (spec.ok()) {
    ADD_FAILURE() << "accepted: " << spec->ShortDebugString();
    return "";
  }
  EXPECT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(spec.status().message());
}

TEST(ValidationTest, NormalisesAMinimalSpecAndFillsDefaults) {
  absl::StatusOr<v1::DiagnosisSpec> spec =
      ValidateAndNormalize(Request("Bücher.Example."));
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->domain(), "xn--bcher-kva.example");
  EXPECT_EQ(spec->locale(), "en");
  EXPECT_EQ(spec->probe_options().time_budget().seconds(), 20);
  EXPECT_EQ(spec->probe_options().time_budget().nanos(), 0);
}

TEST(ValidationTest, KeepsWhatIsValid) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  request.set_request_id("retry-key 42");
  v1::DiagnosisSpec& spec = *request.mutable_spec();
  spec.set_sender_domain("Fabrikam.COM");
  spec.set_ndr_text("Remote Server returned '550 5.4.1 Relay Access Denied'");
  spec.set_locale("ja");
  (*spec.mutable_labels())["ticket"] = "INC-1234";
  spec.add_families(v1::DNS);
  spec.add_families(v1::NDR);
  spec.mutable_probe_options()->mutable_time_budget()->set_seconds(120);
  absl::StatusOr<v1::DiagnosisSpec> out = ValidateAndNormalize(request);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->sender_domain(), "fabrikam.com");
  EXPECT_EQ(out->locale(), "ja");
  EXPECT_EQ(out->labels().at("ticket"), "INC-1234");
  EXPECT_THAT(out->families(), ElementsAre(v1::DNS, v1::NDR));
  EXPECT_EQ(out->probe_options().time_budget().seconds(), 120);
}

TEST(ValidationTest, RequestId) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  request.set_request_id(std::string(128, 'k'));
  EXPECT_TRUE(ValidateAndNormalize(request).ok());
  request.set_request_id(std::string(129, 'k'));
  EXPECT_EQ(ErrorOf(request),
            "request_id: is 129 characters; at most 128 are allowed");
  request.set_request_id("key\n");
  EXPECT_EQ(ErrorOf(request),
            "request_id: byte 0x0A at offset 3 is not printable ASCII");
  request.set_request_id("clé");
  EXPECT_THAT(ErrorOf(request), StartsWith("request_id: byte 0xC3"));
}

TEST(ValidationTest, RunRequestIsValidatedTheSameWay) {
  v1::RunDiagnosisRequest run;
  run.set_request_id("\x01");
  run.mutable_spec()->set_domain("contoso.com");
  EXPECT_THAT(std::string(ValidateAndNormalize(run).status().message()),
              StartsWith("request_id: "));
  run.clear_request_id();
  run.mutable_spec()->set_domain("contoso");
  EXPECT_THAT(std::string(ValidateAndNormalize(run).status().message()),
              StartsWith("spec.domain: \"contoso\" is a single label"));
}

TEST(ValidationTest, Domain) {
  EXPECT_EQ(
      ErrorOf(Request("")),
      "spec.domain: is required (or give spec.recipient_address, or an NDR in "
      "spec.ndr_text that names the recipient)");
  EXPECT_EQ(
      ErrorOf(v1::CreateDiagnosisRequest()),
      "spec.domain: is required (or give spec.recipient_address, or an NDR in "
      "spec.ndr_text that names the recipient)");
  EXPECT_EQ(ErrorOf(Request(" contoso.com")),
            "spec.domain: has leading whitespace");
  EXPECT_EQ(ErrorOf(Request("x." + std::string(64, 'a') + ".com")),
            "spec.domain: label 2 \"aaaaaaaaaaaaaaaa…\" is 64 octets; at most "
            "63 are allowed");
  EXPECT_EQ(ErrorOf(Request("10.0.0.1")),
            "spec.domain: is an IPv4 address; a domain name is required");
  EXPECT_THAT(ErrorOf(Request("contoso.com:25")),
              StartsWith("spec.domain: contains ':'"));
}

TEST(ValidationTest, RecipientAddressGivesTheDomain) {
  v1::CreateDiagnosisRequest request;
  request.mutable_spec()->set_recipient_address("Ann@Bücher.example");
  absl::StatusOr<v1::DiagnosisSpec> spec = ValidateAndNormalize(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->domain(), "xn--bcher-kva.example");
  EXPECT_EQ(spec->recipient_address(), "Ann@xn--bcher-kva.example");

  request.mutable_spec()->set_domain("XN--BCHER-KVA.example");
  EXPECT_TRUE(ValidateAndNormalize(request).ok());
}

TEST(ValidationTest, RecipientAddressMustAgreeWithDomain) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  request.mutable_spec()->set_recipient_address("ann@fabrikam.com");
  EXPECT_EQ(ErrorOf(request),
            "spec.recipient_address: its domain \"fabrikam.com\" differs from "
            "spec.domain \"contoso.com\"; give one of them, or make them "
            "agree");
  request.mutable_spec()->set_recipient_address("Ann <ann@contoso.com>");
  EXPECT_THAT(ErrorOf(request),
              StartsWith("spec.recipient_address: contains an angle bracket"));
  request.mutable_spec()->set_recipient_address("ann@contoso");
  EXPECT_THAT(ErrorOf(request),
              StartsWith("spec.recipient_address: domain part: "));
}

TEST(ValidationTest, SenderDomain) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  request.mutable_spec()->set_sender_domain("fabrikam.com/");
  EXPECT_THAT(ErrorOf(request), StartsWith("spec.sender_domain: contains '/'"));
}

TEST(ValidationTest, NdrText) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  request.mutable_spec()->set_ndr_text(std::string(256 * 1024, 'x'));
  EXPECT_TRUE(ValidateAndNormalize(request).ok());
  request.mutable_spec()->set_ndr_text(std::string(256 * 1024 + 1, 'x'));
  EXPECT_EQ(ErrorOf(request),
            "spec.ndr_text: is 262145 octets; at most 262144 (256 KiB) are "
            "allowed");
  request.mutable_spec()->set_ndr_text("550 5.4.1 \xC3");
  EXPECT_EQ(ErrorOf(request), "spec.ndr_text: is not valid UTF-8 (byte 10)");
}

TEST(ValidationTest, Locale) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  request.mutable_spec()->set_locale("fr");
  EXPECT_EQ(ErrorOf(request),
            "spec.locale: \"fr\" is not supported; use \"en\" or \"ja\"");
  request.mutable_spec()->set_locale("EN");
  EXPECT_THAT(ErrorOf(request), StartsWith("spec.locale: \"EN\""));
}

TEST(ValidationTest, Labels) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  auto& labels = *request.mutable_spec()->mutable_labels();
  for (int i = 0; i < 16; ++i) labels["k" + std::to_string(i)] = "v";
  EXPECT_TRUE(ValidateAndNormalize(request).ok());
  labels["k16"] = "v";
  EXPECT_EQ(ErrorOf(request), "spec.labels: 17 labels; at most 16 are allowed");

  labels.clear();
  labels["Team"] = "mail";
  EXPECT_EQ(ErrorOf(request),
            "spec.labels[\"Team\"]: key contains 'T'; keys may only contain "
            "a-z, 0-9, '_' and '-'");
  labels.clear();
  labels[""] = "x";
  EXPECT_EQ(ErrorOf(request), "spec.labels: a key is empty");
  labels.clear();
  labels[std::string(63, 'k')] = std::string(255, 'v');
  EXPECT_TRUE(ValidateAndNormalize(request).ok());
  labels.clear();
  labels[std::string(64, 'k')] = "v";
  EXPECT_THAT(ErrorOf(request),
              HasSubstr("key is 64 octets; at most 63 are allowed"));
  labels.clear();
  labels["k"] = std::string(256, 'v');
  EXPECT_EQ(ErrorOf(request),
            "spec.labels[\"k\"]: value is 256 octets; at most 255 are "
            "allowed");
}

TEST(ValidationTest, Families) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  request.mutable_spec()->add_families(v1::DNS);
  request.mutable_spec()->add_families(v1::CHECK_FAMILY_UNSPECIFIED);
  EXPECT_EQ(ErrorOf(request),
            "spec.families[1]: CHECK_FAMILY_UNSPECIFIED is not a family");
  request.mutable_spec()->set_families(1, v1::DNS);
  EXPECT_EQ(ErrorOf(request), "spec.families[1]: DNS is listed twice");
  request.mutable_spec()->set_families(1, static_cast<v1::CheckFamily>(77));
  EXPECT_EQ(ErrorOf(request), "spec.families[1]: 77 is not a known family");
}

TEST(ValidationTest, TimeBudget) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  auto* budget =
      request.mutable_spec()->mutable_probe_options()->mutable_time_budget();
  budget->set_seconds(1);
  EXPECT_TRUE(ValidateAndNormalize(request).ok());
  budget->set_seconds(0);
  budget->set_nanos(500000000);
  EXPECT_EQ(ErrorOf(request),
            "spec.probe_options.time_budget: 500ms is less than the minimum "
            "of 1s");
  budget->set_seconds(121);
  budget->set_nanos(0);
  EXPECT_EQ(ErrorOf(request),
            "spec.probe_options.time_budget: 2m1s is more than the maximum "
            "of 2m");
  budget->set_seconds(-5);
  EXPECT_THAT(ErrorOf(request), HasSubstr("-5s is less than the minimum"));
  budget->set_seconds(1);
  budget->set_nanos(-1);
  EXPECT_EQ(ErrorOf(request),
            "spec.probe_options.time_budget: is not a valid duration");
  budget->set_seconds(int64_t{1} << 40);
  budget->set_nanos(0);
  EXPECT_THAT(ErrorOf(request), HasSubstr("is more than the maximum of 2m"));
}

TEST(ValidationTest, TenantSnapshotIsKeptAndBounded) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  v1::TenantSnapshot& snapshot =
      *request.mutable_spec()->mutable_tenant_snapshot();
  snapshot.set_tool_version("1.0.0");
  v1::InboundConnector& c = *snapshot.mutable_exo()->add_inbound_connectors();
  c.set_name("Inbound from on-premises");
  c.add_sender_ip_addresses("203.0.113.10");
  absl::StatusOr<v1::DiagnosisSpec> out = ValidateAndNormalize(request);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->tenant_snapshot().exo().inbound_connectors(0).name(),
            "Inbound from on-premises");

  for (int i = 0; i < 3; ++i) snapshot.mutable_exo()->add_inbound_connectors();
  snapshot.mutable_exo()->mutable_inbound_connectors(3)->set_name(
      std::string(kMaxTenantSnapshotStringOctets + 1, 'n'));
  EXPECT_EQ(ErrorOf(request),
            "spec.tenant_snapshot.exo.inbound_connectors[3].name: is 4097 "
            "octets; at most 4096 are allowed");
}

TEST(ValidationTest, TenantSnapshotListsAreBounded) {
  v1::RunDiagnosisRequest request;
  request.mutable_spec()->set_domain("contoso.com");
  v1::ExoSnapshot& exo =
      *request.mutable_spec()->mutable_tenant_snapshot()->mutable_exo();
  for (int i = 0; i < kMaxTenantSnapshotListItems; ++i) {
    exo.add_recipients()->set_primary_smtp_address("a@contoso.com");
  }
  EXPECT_TRUE(ValidateAndNormalize(request).ok());
  exo.add_recipients();
  absl::StatusOr<v1::DiagnosisSpec> out = ValidateAndNormalize(request);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(out.status().message(),
            "spec.tenant_snapshot.exo.recipients: 5001 items; at most 5000 "
            "are allowed");
}

TEST(ValidationTest, TenantSnapshotTimestampMustBeReal) {
  v1::CreateDiagnosisRequest request = Request("contoso.com");
  request.mutable_spec()
      ->mutable_tenant_snapshot()
      ->mutable_captured_at()
      ->set_nanos(1000000000);
  EXPECT_EQ(ErrorOf(request),
            "spec.tenant_snapshot.captured_at: is not a timestamp between the "
            "years 1 and 9999");
}

TEST(ValidationTest, RecipientFromTheNdrWhenNoneIsGiven) {
  v1::CreateDiagnosisRequest request;
  request.mutable_spec()->set_ndr_text(
      "Delivery has failed to these recipients or groups:\n\n"
      "Jun@Contoso.CO.JP\n\n"
      "Diagnostic information for administrators:\n\n"
      "Generating server: OS3PR01MB7890.jpnprd01.prod.outlook.com\n\n"
      "Jun@Contoso.CO.JP\n"
      "contoso-co-jp.mail.protection.outlook.com\n"
      "Remote Server returned '550 5.4.1 Relay Access Denied'\n");
  absl::StatusOr<v1::DiagnosisSpec> spec = ValidateAndNormalize(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->domain(), "contoso.co.jp");
  EXPECT_EQ(spec->recipient_address(), "Jun@contoso.co.jp");
  // A given domain wins over the NDR's recipient.
  request.mutable_spec()->set_domain("fabrikam.com");
  spec = ValidateAndNormalize(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->domain(), "fabrikam.com");
  EXPECT_EQ(spec->recipient_address(), "");
}

TEST(ValidationTest, SendersDomainWhenTheNdrBlamesTheSendingSide) {
  // KB2827473: on-premises relayed through EOP, which refused it; the
  // recipient is someone else's, the sender's tenant is the one to check.
  v1::CreateDiagnosisRequest request;
  request.mutable_spec()->set_ndr_text(
      "Delivery has failed to these recipients or groups:\n\n"
      "heidi@fabrikam.com\n\n"
      "Diagnostic information for administrators:\n\n"
      "Generating server: EX01.contoso.com\n\n"
      "heidi@fabrikam.com\n"
      "contoso-com.mail.protection.outlook.com\n"
      "Remote Server returned '550 5.4.1 Relay Access Denied'\n\n"
      "Original message headers:\n\n"
      "From: Kim Akers <Kim@Contoso.com>\n"
      "To: heidi@fabrikam.com\n");
  absl::StatusOr<v1::DiagnosisSpec> spec = ValidateAndNormalize(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->domain(), "contoso.com");
  EXPECT_EQ(spec->recipient_address(), "");
}

TEST(ValidationTest, NdrThatNamesNoRecipientNeedsADomain) {
  v1::CreateDiagnosisRequest request;
  request.mutable_spec()->set_ndr_text("#550 5.4.1 Relay Access Denied ##");
  EXPECT_EQ(ErrorOf(request),
            "spec.domain: is required: the NDR in spec.ndr_text names no "
            "recipient address (give spec.domain or spec.recipient_address)");
  request.mutable_spec()->set_ndr_text("hello, my mail bounced");
  EXPECT_THAT(ErrorOf(request),
              StartsWith("spec.domain: is required: spec.ndr_text names no "
                         "recipient because it could not be parsed ("));
  request.mutable_spec()->set_ndr_text(std::string(300 * 1024, 'x'));
  EXPECT_THAT(ErrorOf(request), StartsWith("spec.ndr_text: is 307200 octets"));
}

}  // namespace
}  // namespace ndrdiag
