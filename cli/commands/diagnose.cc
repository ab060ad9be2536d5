// `ndrdiag diagnose DOMAIN`: create a diagnosis and follow it to its verdict.
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/commands/command.h"
#include "cli/commands/follow.h"
#include "cli/commands/ndr_input.h"
#include "cli/exit_codes.h"
#include "cli/render/json.h"
#include "cli/render/text.h"
#include "common/tenant_snapshot.h"

namespace ndrdiag::cli {
namespace {

constexpr char kCommand[] = "diagnose";

struct DiagnoseOptions {
  ClientOptions client;
  std::string locale = "en";
  std::string output = "text";
  std::string request_id;
  absl::Duration time_budget = absl::ZeroDuration();
  std::vector<std::string> labels;
  std::string snapshot;  // file
  std::string address;
  std::string ndr_file;  // "-" for stdin
  bool smtp = true;      // --no-smtp turns it off
};

constexpr char kOutputHelp[] =
    "DOMAIN is the recipient domain whose mail bounced with 5.4.1 (Unicode\n"
    "names are fine), or a recipient address user@domain. With --ndr-file\n"
    "it may be left out: the NDR's rejected recipient is diagnosed.\n"
    "\n"
    "Output:\n"
    "  text  one line per check as it completes (status, check id, title:\n"
    "        message), then the verdict: ranked causes with confidence,\n"
    "        explanation and numbered remediation steps.\n"
    "  json  only the final Diagnosis, as proto3 JSON, on stdout (fetched\n"
    "        with GetDiagnosis once the diagnosis has ended); nothing else\n"
    "        is written to stdout.\n"
    "\n"
    "Tenant snapshot:\n"
    "  --snapshot FILE adds the tenant's configuration (accepted domains,\n"
    "  connectors, Graph domain records, ...) as exported by\n"
    "  scripts/export-tenant-snapshot.ps1, so the tenant checks can run.\n"
    "  UTF-8 or UTF-16 JSON; raw ConvertTo-Json output of the same cmdlets\n"
    "  loads too. A file that does not load exits 2 naming the bad field.\n"
    "\n"
    "NDR:\n"
    "  --ndr-file FILE adds the bounce the user got (pasted text of an\n"
    "  Exchange Online NDR, English or Japanese, a #550 one-liner, or the\n"
    "  raw .eml; - reads stdin). Its recipient is diagnosed when DOMAIN is\n"
    "  not given, the families its causes point to run first, and the\n"
    "  verdict weighs what it says (ndr.* checks).\n";

constexpr char kExamples[] =
    "Examples:\n"
    "  ndrdiag diagnose contoso.com\n"
    "  ndrdiag diagnose contoso.com --locale ja --time-budget 30s\n"
    "  ndrdiag diagnose contoso.com --output json | jq -r "
    "'.verdict.causes[0].cause'\n"
    "  ndrdiag diagnose contoso.com --request-id ticket-4711 --label "
    "ticket=4711\n"
    "  ndrdiag diagnose contoso.com --snapshot tenant.json --address "
    "user@contoso.com\n"
    "  ndrdiag diagnose contoso.com --no-smtp\n"
    "  ndrdiag diagnose --ndr-file bounce.eml --locale ja";

absl::Status BuildRequest(const std::string& target,
                          const DiagnoseOptions& options,
                          v1::RunDiagnosisRequest& request) {
  if (absl::Status s = CheckChoice("locale", options.locale, {"en", "ja"});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckChoice("output", options.output, {"text", "json"});
      !s.ok()) {
    return s;
  }
  request.set_request_id(options.request_id);
  v1::DiagnosisSpec& spec = *request.mutable_spec();
  // An address names the recipient too; the server takes its domain.
  if (target.empty()) {
    // Only with --ndr-file (checked by the caller): the server takes the
    // NDR's recipient, or --address.
  } else if (absl::StrContains(target, '@')) {
    if (!options.address.empty()) {
      return absl::InvalidArgumentError(
          "--address: the recipient address is already given as DOMAIN; "
          "give a domain there, or drop --address");
    }
    spec.set_recipient_address(target);
  } else {
    spec.set_domain(target);
  }
  if (!options.address.empty()) {
    if (!absl::StrContains(options.address, '@')) {
      return absl::InvalidArgumentError(
          absl::StrCat("--address: \"", options.address,
                       "\" is not an address (user@domain)"));
    }
    // The server checks that its domain is DOMAIN.
    spec.set_recipient_address(options.address);
  }
  if (!options.smtp)
    spec.mutable_probe_options()->mutable_smtp()->set_value(false);
  spec.set_locale(options.locale);
  for (const std::string& label : options.labels) {
    const size_t eq = label.find('=');
    if (eq == std::string::npos || eq == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--label: \"", label, "\" is not KEY=VALUE"));
    }
    (*spec.mutable_labels())[label.substr(0, eq)] = label.substr(eq + 1);
  }
  if (options.time_budget > absl::ZeroDuration()) {
    google::protobuf::Duration& budget =
        *spec.mutable_probe_options()->mutable_time_budget();
    absl::Duration rest;
    budget.set_seconds(
        absl::IDivDuration(options.time_budget, absl::Seconds(1), &rest));
    budget.set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(rest)));
  }
  return absl::OkStatus();
}

// Loads --snapshot into the spec. The message names the file and the bad
// field, as the user has to fix the file, not the command line.
absl::Status AddSnapshot(const std::string& path, v1::DiagnosisSpec& spec) {
  absl::StatusOr<v1::TenantSnapshot> snapshot = LoadTenantSnapshotFile(path);
  if (!snapshot.ok()) {
    return absl::Status(
        snapshot.status().code(),
        absl::StrCat("--snapshot: ", snapshot.status().message()));
  }
  // The server would refuse it too; saying so here names the file.
  if (absl::Status s = ValidateTenantSnapshot(*snapshot); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--snapshot: ", path, ": ", s.message()));
  }
  *spec.mutable_tenant_snapshot() = *std::move(snapshot);
  return absl::OkStatus();
}

}  // namespace

int RunDiagnose(const std::vector<std::string>& args, CommandIo& io) {
  DiagnoseOptions options;
  FlagSet flags(
      "ndrdiag diagnose",
      "run a diagnosis of DOMAIN and show each check as it completes, then "
      "the verdict.\n\nUsage: ndrdiag diagnose DOMAIN [--snapshot FILE] "
      "[--address USER@DOMAIN] [--ndr-file FILE] [flags]\n"
      "       ndrdiag diagnose --ndr-file FILE [flags]");
  AddClientFlags(flags, &options.client);
  flags.String("locale", "en|ja",
               "Language of titles, messages and remediation.",
               &options.locale);
  flags.String("output", "text|json", "Output format.", &options.output);
  flags.String("request-id", "ID",
               "Idempotency key: a retry with the same ID returns the same "
               "diagnosis instead of starting another.",
               &options.request_id);
  flags.Duration("time-budget",
                 "Total time the probes may take (0: the server's default, "
                 "20s; at most 120s).",
                 &options.time_budget);
  flags.Repeated("label", "KEY=VALUE", "A label to attach to the diagnosis.",
                 &options.labels);
  flags.String("snapshot", "FILE",
               "Tenant configuration snapshot (JSON written by "
               "scripts/export-tenant-snapshot.ps1).",
               &options.snapshot);
  flags.String("address", "USER@DOMAIN",
               "The recipient address that bounced (its domain must be "
               "DOMAIN); the SMTP probe asks for it and the tenant checks "
               "look it up.",
               &options.address);
  flags.String("ndr-file", "FILE",
               "The NDR that bounced (text or .eml; - for stdin). DOMAIN is "
               "optional then.",
               &options.ndr_file);
  flags.Bool("smtp",
             "Run the live SMTP probe (never DATA); --no-smtp turns it off "
             "for this diagnosis and its checks are INCONCLUSIVE \"probe "
             "disabled\".",
             &options.smtp);
  flags.set_epilogue(
      absl::StrCat(kOutputHelp, "\n", kExitCodeHelp, "\n\n", kExamples));

  auto rest = ParseCommandLine(flags, args, 0, "DOMAIN", kCommand,
                               options.client, io, /*optional_positionals=*/1);
  if (!rest) return kExitBadInput;
  if (rest->empty() && options.ndr_file.empty()) {
    return UsageError(io, kCommand,
                      "missing argument DOMAIN (usage: ndrdiag diagnose "
                      "DOMAIN [flags], or ndrdiag diagnose --ndr-file FILE)");
  }
  v1::RunDiagnosisRequest request;
  if (absl::Status s =
          BuildRequest(rest->empty() ? "" : (*rest)[0], options, request);
      !s.ok()) {
    return UsageError(io, kCommand, s.message());
  }
  if (!options.ndr_file.empty()) {
    absl::StatusOr<std::string> ndr = ReadNdrInput(options.ndr_file, io.in);
    if (!ndr.ok()) {
      return UsageError(io, kCommand,
                        absl::StrCat("--ndr-file: ", ndr.status().message()));
    }
    request.mutable_spec()->set_ndr_text(*std::move(ndr));
  }
  if (!options.snapshot.empty()) {
    if (absl::Status s = AddSnapshot(options.snapshot, *request.mutable_spec());
        !s.ok()) {
      io.err << "ndrdiag: " << s.message() << "\n";
      return kExitBadInput;
    }
  }
  const bool json = options.output == "json";

  Client client(options.client);
  FollowRequest follow;
  follow.run = &request;
  const FollowOutcome outcome = FollowEvents(
      client, follow,
      [&](const v1::DiagnosisEvent& event) {
        const std::string text = RenderEvent(event, options.locale);
        if (text.empty()) return;
        if (!json) {
          io.out << text;
          io.out.flush();  // each check is shown the moment it completes
        } else if (io.err_is_terminal) {
          io.err << text;
          io.err.flush();
        }
      },
      io.err);

  if (!outcome.terminal_seen) {
    if (!outcome.status.ok()) {
      const int code = ReportRpcError(io, outcome.status, client,
                                      "RunDiagnosis", outcome.name, false);
      if (!outcome.name.empty()) {
        io.err << "ndrdiag: the diagnosis may still be running; follow it "
                  "with: ndrdiag watch "
               << outcome.name
               << (outcome.last_event_id.empty()
                       ? ""
                       : " --after " + outcome.last_event_id)
               << "\n";
      }
      return code;
    }
    if (outcome.name.empty()) {
      io.err << "ndrdiag: the server closed the stream without accepting "
                "the diagnosis\n";
      return kExitFailed;
    }
  }

  // JSON mode prints the stored diagnosis (results and verdict as the
  // server recorded them); text mode needs it only when the events did not
  // say how the diagnosis ended.
  const bool need_stored = json || !outcome.terminal_seen ||
                           outcome.state == v1::Diagnosis::STATE_UNSPECIFIED;
  v1::Diagnosis::State state = outcome.state;
  if (need_stored) {
    grpc::ClientContext context;
    client.SetUnaryDeadline(context);
    v1::GetDiagnosisRequest get;
    get.set_name(outcome.name);
    v1::Diagnosis diagnosis;
    grpc::Status status = client.stub().GetDiagnosis(&context, get, &diagnosis);
    if (!status.ok()) {
      return ReportRpcError(io, status, client, "GetDiagnosis", outcome.name,
                            true);
    }
    state = diagnosis.state();
    if (json) {
      absl::StatusOr<std::string> text = MessageToJson(diagnosis, true);
      if (!text.ok()) {
        io.err << "ndrdiag: " << text.status().message() << "\n";
        return kExitFailed;
      }
      io.out << *text << "\n";
      io.out.flush();
    }
    if (!outcome.terminal_seen &&
        (state == v1::Diagnosis::QUEUED || state == v1::Diagnosis::RUNNING)) {
      io.err << "ndrdiag: the event stream of " << outcome.name
             << " ended before the diagnosis finished; follow it with: "
                "ndrdiag watch "
             << outcome.name << "\n";
      return kExitFailed;
    }
  }
  const ExitCode code = ExitCodeForState(state);
  if (code != kExitOk && json) {
    io.err << "ndrdiag: diagnosis " << outcome.name << " ended "
           << v1::Diagnosis::State_Name(state) << "\n";
  }
  return code;
}

}  // namespace ndrdiag::cli
