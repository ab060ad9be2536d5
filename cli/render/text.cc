#include "cli/render/text.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "cli/render/strings.h"

namespace ndrdiag::cli {
namespace {

// Continuation lines of a check result start under its check id.
constexpr absl::string_view kResultIndent = "             ";

std::string FormatTime(const google::protobuf::Timestamp& ts) {
  if (ts.seconds() == 0 && ts.nanos() == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                          absl::FromUnixSeconds(ts.seconds()),
                          absl::UTCTimeZone());
}

// Values newer than this build have no name; say so rather than print "".
absl::string_view StateName(v1::Diagnosis::State state) {
  const std::string& name = v1::Diagnosis::State_Name(state);
  return name.empty() ? absl::string_view("UNKNOWN_STATE") : name;
}

absl::string_view CauseName(v1::RootCause cause) {
  const std::string& name = v1::RootCause_Name(cause);
  return name.empty() ? absl::string_view("UNKNOWN_CAUSE") : name;
}

std::string DomainOf(const v1::DiagnosisSpec& spec) {
  if (!spec.domain().empty()) return spec.domain();
  return spec.recipient_address();
}

std::string RenderStateChange(const v1::DiagnosisEvent::StateChange& change,
                              absl::string_view locale) {
  const CliStrings& s = StringsFor(locale);
  std::string line = absl::StrCat(s.state, ": ", StateName(change.state()));
  if (!change.reason().empty()) {
    absl::StrAppend(&line, " (", s.reason, ": ", change.reason(), ")");
  }
  return absl::StrCat(line, "\n");
}

}  // namespace

absl::string_view StatusWord(v1::CheckStatus status) {
  if (status == v1::CHECK_STATUS_UNSPECIFIED) return "UNSPECIFIED";
  const std::string& name = v1::CheckStatus_Name(status);
  if (name.empty()) return "UNKNOWN";
  return name;
}

std::string RenderCheckResult(const v1::CheckResult& result,
                              absl::string_view locale) {
  const CliStrings& s = StringsFor(locale);
  std::string text = result.title();
  if (!result.message().empty()) {
    text = text.empty() ? result.message()
                        : absl::StrCat(text, ": ", result.message());
  }
  std::string out = absl::StrFormat(
      "%-12s %-28s %s\n", StatusWord(result.status()), result.check_id(), text);
  const bool not_made =
      result.status() == v1::INCONCLUSIVE || result.status() == v1::SKIPPED;
  if (not_made && !result.inconclusive_reason().empty() &&
      result.message().find(result.inconclusive_reason()) ==
          std::string::npos) {
    absl::StrAppend(&out, kResultIndent, s.reason, ": ",
                    result.inconclusive_reason(), "\n");
  }
  const bool needs_fix =
      result.status() == v1::FAIL || result.status() == v1::WARN;
  if (needs_fix && !result.remediation().empty()) {
    absl::StrAppend(&out, kResultIndent, s.fix, ": ", result.remediation(),
                    "\n");
  }
  return out;
}

std::string RenderVerdict(const v1::Verdict& verdict,
                          absl::string_view locale) {
  const CliStrings& s = StringsFor(locale);
  std::string out = absl::StrCat(s.verdict, ":");
  if (!verdict.summary().empty()) absl::StrAppend(&out, " ", verdict.summary());
  absl::StrAppend(&out, "\n");
  int rank = 0;
  for (const v1::RankedCause& cause : verdict.causes()) {
    ++rank;
    const int percent = static_cast<int>(
        std::lround(std::clamp(cause.confidence(), 0.0, 1.0) * 100));
    absl::StrAppend(&out, "  ", rank, ". ", CauseName(cause.cause()), " (",
                    s.confidence, " ", percent, "%)\n");
    if (!cause.explanation().empty()) {
      absl::StrAppend(&out, "     ", cause.explanation(), "\n");
    }
    if (!cause.check_ids().empty()) {
      absl::StrAppend(&out, "     ", s.supported_by, ": ",
                      absl::StrJoin(cause.check_ids(), ", "), "\n");
    }
    for (const std::string& text : cause.disagreements()) {
      absl::StrAppend(&out, "     ", s.disagreements, ": ", text, "\n");
    }
    if (cause.has_retest_after()) {
      const absl::Time at =
          absl::FromUnixSeconds(cause.retest_after().seconds());
      absl::StrAppend(
          &out, "     ", s.retest_after, ": ",
          absl::FormatTime("%Y-%m-%d %H:%M UTC", at, absl::UTCTimeZone()),
          "\n");
    }
    if (!cause.remediation().empty()) {
      absl::StrAppend(&out, "     ", s.remediation, ":\n");
      int step = 0;
      for (const std::string& text : cause.remediation()) {
        absl::StrAppend(&out, "       ", ++step, ". ", text, "\n");
      }
    }
    if (!cause.documentation().empty()) {
      absl::StrAppend(&out, "     ", s.documentation, ":\n");
      for (const v1::DocumentationLink& link : cause.documentation()) {
        absl::StrAppend(&out, "       - ", link.title(), ": ", link.url(),
                        "\n");
      }
    }
  }
  if (verdict.partial()) absl::StrAppend(&out, s.partial_notice, "\n");
  return out;
}

std::string RenderEvent(const v1::DiagnosisEvent& event,
                        absl::string_view locale) {
  const CliStrings& s = StringsFor(locale);
  switch (event.payload_case()) {
    case v1::DiagnosisEvent::kAccepted: {
      const v1::Diagnosis& d = event.accepted().diagnosis();
      const std::string& name = d.name().empty() ? event.diagnosis() : d.name();
      std::string line = absl::StrCat(s.diagnosis, " ", name, " ", s.accepted);
      const std::string domain = DomainOf(d.spec());
      if (!domain.empty()) absl::StrAppend(&line, " (", domain, ")");
      return absl::StrCat(line, "\n");
    }
    case v1::DiagnosisEvent::kCheckStarted:
      return "";
    case v1::DiagnosisEvent::kCheckResult:
      return RenderCheckResult(event.check_result(), locale);
    case v1::DiagnosisEvent::kVerdict:
      return absl::StrCat("\n", RenderVerdict(event.verdict(), locale));
    case v1::DiagnosisEvent::kStateChange:
      return RenderStateChange(event.state_change(), locale);
    case v1::DiagnosisEvent::PAYLOAD_NOT_SET:
      break;
  }
  return "";
}

std::string RenderDiagnosis(const v1::Diagnosis& d) {
  const std::string& locale = d.spec().locale();
  const CliStrings& s = StringsFor(locale);
  std::string out = absl::StrCat(s.diagnosis, ": ", d.name(), "\n");
  absl::StrAppend(&out, s.domain, ": ", DomainOf(d.spec()), "\n");
  absl::StrAppend(&out, s.state, ": ", StateName(d.state()));
  if (d.attempt() > 0)
    absl::StrAppend(&out, " (", s.attempt, " ", d.attempt(), ")");
  absl::StrAppend(&out, "\n", s.created, ": ", FormatTime(d.create_time()),
                  "\n");
  if (d.has_end_time()) {
    absl::StrAppend(&out, s.finished, ": ", FormatTime(d.end_time()), "\n");
  }
  if (!d.failure_reason().empty()) {
    absl::StrAppend(&out, s.failure, ": ", d.failure_reason(), "\n");
  }
  absl::StrAppend(&out, "\n", s.checks, ":\n");
  if (d.results().empty()) absl::StrAppend(&out, s.no_checks, "\n");
  for (const v1::CheckResult& r : d.results()) {
    absl::StrAppend(&out, RenderCheckResult(r, locale));
  }
  if (d.has_verdict()) {
    absl::StrAppend(&out, "\n", RenderVerdict(d.verdict(), locale));
  }
  return out;
}

std::string RenderDiagnosisList(const v1::ListDiagnosesResponse& response) {
  const CliStrings& s = StringsFor("en");
  if (response.diagnoses().empty() && response.next_page_token().empty()) {
    return absl::StrCat(s.no_diagnoses, "\n");
  }
  size_t name_width = 4, domain_width = 6;
  for (const v1::Diagnosis& d : response.diagnoses()) {
    name_width = std::max(name_width, d.name().size());
    domain_width = std::max(domain_width, DomainOf(d.spec()).size());
  }
  const auto row = [&](absl::string_view name, absl::string_view state,
                       absl::string_view domain, absl::string_view created,
                       absl::string_view cause) {
    std::string line = absl::StrFormat(
        "%-*s  %-9s  %-*s  %-23s  %s", static_cast<int>(name_width), name,
        state, static_cast<int>(domain_width), domain, created, cause);
    line.erase(line.find_last_not_of(' ') + 1);
    return absl::StrCat(line, "\n");
  };
  std::string out = row("NAME", "STATE", "DOMAIN", "CREATED", "TOP CAUSE");
  for (const v1::Diagnosis& d : response.diagnoses()) {
    absl::string_view cause = "-";
    if (d.has_verdict() && !d.verdict().causes().empty()) {
      cause = CauseName(d.verdict().causes(0).cause());
    }
    absl::StrAppend(&out,
                    row(d.name(), StateName(d.state()), DomainOf(d.spec()),
                        FormatTime(d.create_time()), cause));
  }
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&out, s.next_page, " ", response.next_page_token(), "\n");
  }
  return out;
}

std::string RenderNdrReport(const v1::NdrReport& r) {
  std::string out;
  const auto field = [&out](absl::string_view label, absl::string_view value) {
    if (!value.empty()) absl::StrAppend(&out, label, ": ", value, "\n");
  };
  field("Layout", r.layout());
  field("Enhanced status", r.enhanced_status());
  if (r.reply_code() != 0) field("Reply code", absl::StrCat(r.reply_code()));
  field("Reply text", r.reply_text());
  field("Generating server", r.generating_server());
  field("Remote server", r.remote_server());
  field("Rejected by", r.rejected_by());
  field("Recipients", absl::StrJoin(r.recipients(), ", "));
  field("EOP node", r.eop_node());
  field("AS tag", r.as_tag());
  std::vector<std::string> causes;
  for (int c : r.causes()) {
    causes.emplace_back(CauseName(static_cast<v1::RootCause>(c)));
  }
  field("Causes", absl::StrJoin(causes, ", "));
  if (out.empty()) out = "(nothing recognised)\n";
  return out;
}

}  // namespace ndrdiag::cli
