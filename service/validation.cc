#include "service/validation.h"

#include <map>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/domain_name.h"
#include "common/ndr/ndr_parser.h"
#include "common/tenant_snapshot.h"
#include "ndrdiag/v1/check.pb.h"

namespace ndrdiag {
namespace {

absl::Status FieldError(const std::string& field, const std::string& reason) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", reason));
}

// Prefixes a NormalizeDomain/NormalizeEmailAddress error with the field.
absl::Status Prefixed(const std::string& field, const absl::Status& status) {
  return FieldError(field, std::string(status.message()));
}

absl::Status ValidateLabels(const v1::DiagnosisSpec& spec) {
  if (spec.labels_size() > kMaxLabels) {
    return FieldError("spec.labels",
                      absl::StrCat(spec.labels_size(), " labels; at most ",
                                   kMaxLabels, " are allowed"));
  }
  // Sorted, so that the error for several bad labels is always the same.
  const std::map<std::string, std::string> sorted(spec.labels().begin(),
                                                  spec.labels().end());
  for (const auto& [key, value] : sorted) {
    const std::string field = absl::StrCat("spec.labels[\"", key, "\"]");
    if (key.empty()) return FieldError("spec.labels", "a key is empty");
    if (key.size() > kMaxLabelKeyOctets) {
      return FieldError(field,
                        absl::StrCat("key is ", key.size(), " octets; at most ",
                                     kMaxLabelKeyOctets, " are allowed"));
    }
    for (unsigned char c : key) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-') {
        continue;
      }
      const std::string shown = c >= 0x21 && c < 0x7F
                                    ? absl::StrFormat("'%c'", c)
                                    : absl::StrFormat("byte 0x%02X", c);
      return FieldError(field, absl::StrCat("key contains ", shown,
                                            "; keys may only contain a-z, "
                                            "0-9, '_' and '-'"));
    }
    if (value.size() > kMaxLabelValueOctets) {
      return FieldError(
          field, absl::StrCat("value is ", value.size(), " octets; at most ",
                              kMaxLabelValueOctets, " are allowed"));
    }
    if (!IsValidUtf8(value)) {
      return FieldError(field, "value is not valid UTF-8");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateFamilies(const v1::DiagnosisSpec& spec) {
  std::set<int> seen;
  for (int i = 0; i < spec.families_size(); ++i) {
    const int family = spec.families(i);
    const std::string field = absl::StrCat("spec.families[", i, "]");
    if (family == v1::CHECK_FAMILY_UNSPECIFIED) {
      return FieldError(field, "CHECK_FAMILY_UNSPECIFIED is not a family");
    }
    if (!v1::CheckFamily_IsValid(family)) {
      return FieldError(field, absl::StrCat(family, " is not a known family"));
    }
    if (!seen.insert(family).second) {
      return FieldError(field, absl::StrCat(v1::CheckFamily_Name(family),
                                            " is listed twice"));
    }
  }
  return absl::OkStatus();
}

// Fills in the default time budget and checks the range.
absl::Status ValidateTimeBudget(v1::DiagnosisSpec& spec) {
  const std::string field = "spec.probe_options.time_budget";
  google::protobuf::Duration* budget =
      spec.mutable_probe_options()->mutable_time_budget();
  const int64_t seconds = budget->seconds();
  const int32_t nanos = budget->nanos();
  if (nanos <= -1000000000 || nanos >= 1000000000 ||
      (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
    return FieldError(field, "is not a valid duration");
  }
  if (seconds == 0 && nanos == 0) {
    budget->set_seconds(absl::ToInt64Seconds(kDefaultTimeBudget));
    return absl::OkStatus();
  }
  // Clamp before converting so a huge value cannot overflow.
  const absl::Duration d =
      seconds > 1000000 ? absl::Seconds(1000000)
                        : absl::Seconds(seconds) + absl::Nanoseconds(nanos);
  if (d < kMinTimeBudget) {
    return FieldError(
        field,
        absl::StrCat(absl::FormatDuration(d), " is less than the minimum of ",
                     absl::FormatDuration(kMinTimeBudget)));
  }
  if (d > kMaxTimeBudget) {
    return FieldError(
        field, absl::StrCat(seconds > 1000000 ? absl::StrCat(seconds, "s")
                                              : absl::FormatDuration(d),
                            " is more than the maximum of ",
                            absl::FormatDuration(kMaxTimeBudget)));
  }
  return absl::OkStatus();
}

// Neither domain nor address given: the first rejected recipient of the
// NDR is the address, its domain the domain (a user who pastes a bounce
// should not have to retype what it says). When the NDR blames the sending
// organisation (KB2827473: its on-premises server was refused relaying
// through Exchange Online), the sender's domain is diagnosed instead: the
// recipient's is someone else's and fine.
absl::Status RecipientFromNdr(v1::DiagnosisSpec& spec) {
  absl::StatusOr<v1::NdrReport> ndr = ParseNdr(spec.ndr_text());
  if (!ndr.ok()) {
    return FieldError(
        "spec.domain",
        absl::StrCat("is required: spec.ndr_text names no recipient because "
                     "it could not be parsed (",
                     ndr.status().message(), ")"));
  }
  if (ndr->sender_side() && !ndr->sender().empty()) {
    absl::StatusOr<std::string> sender = NormalizeEmailAddress(ndr->sender());
    if (sender.ok()) {
      spec.set_domain(sender->substr(sender->find('@') + 1));
      return absl::OkStatus();
    }
  }
  for (const std::string& recipient : ndr->recipients()) {
    absl::StatusOr<std::string> address = NormalizeEmailAddress(recipient);
    if (!address.ok()) continue;
    spec.set_domain(address->substr(address->find('@') + 1));
    spec.set_recipient_address(*std::move(address));
    return absl::OkStatus();
  }
  return FieldError("spec.domain",
                    "is required: the NDR in spec.ndr_text names no "
                    "recipient address (give spec.domain or "
                    "spec.recipient_address)");
}

// Domain, recipient address and their agreement.
absl::Status ValidateRecipient(v1::DiagnosisSpec& spec) {
  std::string domain;
  if (!spec.domain().empty()) {
    absl::StatusOr<std::string> normalized = NormalizeDomain(spec.domain());
    if (!normalized.ok()) return Prefixed("spec.domain", normalized.status());
    domain = *std::move(normalized);
  }
  if (!spec.recipient_address().empty()) {
    absl::StatusOr<std::string> address =
        NormalizeEmailAddress(spec.recipient_address());
    if (!address.ok()) {
      return Prefixed("spec.recipient_address", address.status());
    }
    const std::string address_domain = address->substr(address->find('@') + 1);
    if (domain.empty()) {
      domain = address_domain;
    } else if (domain != address_domain) {
      return FieldError(
          "spec.recipient_address",
          absl::StrCat("its domain \"", address_domain,
                       "\" differs from spec.domain \"", domain,
                       "\"; give one of them, or make them agree"));
    }
    spec.set_recipient_address(*std::move(address));
  }
  if (domain.empty() && !spec.ndr_text().empty()) {
    return RecipientFromNdr(spec);
  }
  if (domain.empty()) {
    return FieldError("spec.domain",
                      "is required (or give spec.recipient_address, or an "
                      "NDR in spec.ndr_text that names the recipient)");
  }
  spec.set_domain(domain);
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRequestId(const std::string& request_id) {
  if (request_id.size() > kMaxRequestIdChars) {
    return FieldError(
        "request_id",
        absl::StrCat("is ", request_id.size(), " characters; at most ",
                     kMaxRequestIdChars, " are allowed"));
  }
  for (size_t i = 0; i < request_id.size(); ++i) {
    const unsigned char c = request_id[i];
    if (c < 0x20 || c > 0x7E) {
      return FieldError("request_id",
                        absl::StrFormat("byte 0x%02X at offset %d is not "
                                        "printable ASCII",
                                        c, i));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::DiagnosisSpec> ValidateSpec(const v1::DiagnosisSpec& spec) {
  v1::DiagnosisSpec out = spec;
  // The NDR first: the recipient may come from it.
  if (out.ndr_text().size() > kMaxNdrTextOctets) {
    return FieldError(
        "spec.ndr_text",
        absl::StrCat("is ", out.ndr_text().size(), " octets; at most ",
                     kMaxNdrTextOctets, " (256 KiB) are allowed"));
  }
  size_t bad = 0;
  if (!IsValidUtf8(out.ndr_text(), &bad)) {
    return FieldError("spec.ndr_text",
                      absl::StrCat("is not valid UTF-8 (byte ", bad, ")"));
  }
  if (absl::Status s = ValidateRecipient(out); !s.ok()) return s;
  if (!out.sender_domain().empty()) {
    absl::StatusOr<std::string> sender = NormalizeDomain(out.sender_domain());
    if (!sender.ok()) return Prefixed("spec.sender_domain", sender.status());
    out.set_sender_domain(*std::move(sender));
  }
  if (out.locale().empty()) {
    out.set_locale("en");
  } else if (out.locale() != "en" && out.locale() != "ja") {
    return FieldError(
        "spec.locale",
        absl::StrCat("\"", out.locale().substr(0, 16),
                     "\" is not supported; use \"en\" or \"ja\""));
  }
  if (absl::Status s = ValidateLabels(out); !s.ok()) return s;
  if (absl::Status s = ValidateFamilies(out); !s.ok()) return s;
  if (absl::Status s = ValidateTimeBudget(out); !s.ok()) return s;
  if (out.has_tenant_snapshot()) {
    if (absl::Status s = ValidateTenantSnapshot(out.tenant_snapshot());
        !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("spec.", s.message()));
    }
  }
  return out;
}

absl::StatusOr<v1::DiagnosisSpec> ValidateAndNormalize(
    const v1::CreateDiagnosisRequest& request) {
  if (absl::Status s = ValidateRequestId(request.request_id()); !s.ok()) {
    return s;
  }
  return ValidateSpec(request.spec());
}

absl::StatusOr<v1::DiagnosisSpec> ValidateAndNormalize(
    const v1::RunDiagnosisRequest& request) {
  if (absl::Status s = ValidateRequestId(request.request_id()); !s.ok()) {
    return s;
  }
  return ValidateSpec(request.spec());
}

}  // namespace ndrdiag
