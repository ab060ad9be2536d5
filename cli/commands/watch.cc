// `ndrdiag watch NAME`: follow a diagnosis's events to the terminal event.
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands/command.h"
#include "cli/commands/follow.h"
#include "cli/diagnosis_name.h"
#include "cli/exit_codes.h"
#include "cli/render/json.h"
#include "cli/render/text.h"

namespace ndrdiag::cli {
namespace {

constexpr char kCommand[] = "watch";

constexpr char kNotes[] =
    "Shows every event after --after (all of them when empty) and exits\n"
    "after the terminal event, with the diagnosis's exit code. Events carry\n"
    "an id; pass the last one you saw as --after to resume without gaps or\n"
    "repeats.\n"
    "\n"
    "Output:\n"
    "  text   as `ndrdiag diagnose` shows it\n"
    "  jsonl  one JSON object per line and event:\n"
    "         {\"event_id\":...,\"kind\":\"check_result\",\"diagnosis\":...,\n"
    "          \"time\":...,\"attempt\":1,\"terminal\":false,"
    "\"payload\":{...}}\n"
    "         kind: accepted, check_started, check_result, verdict,\n"
    "         state_change; payload: that event's message as proto3 JSON.";

constexpr char kExamples[] =
    "Examples:\n"
    "  ndrdiag watch diagnoses/01HV6Z3K2B8Q\n"
    "  ndrdiag watch 01HV6Z3K2B8Q --after 1714000000000-3 --output jsonl";

// The locale the diagnosis was created with, so the CLI's headings match
// the server's localised texts. "en" when it cannot be read; the watch
// itself will report any real error.
std::string LocaleOf(Client& client, const std::string& name,
                     grpc::Status& status) {
  grpc::ClientContext context;
  client.SetUnaryDeadline(context);
  v1::GetDiagnosisRequest request;
  request.set_name(name);
  v1::Diagnosis diagnosis;
  status = client.stub().GetDiagnosis(&context, request, &diagnosis);
  if (!status.ok() || diagnosis.spec().locale().empty()) return "en";
  return diagnosis.spec().locale();
}

}  // namespace

int RunWatch(const std::vector<std::string>& args, CommandIo& io) {
  ClientOptions client_options;
  std::string after, output = "text";
  FlagSet flags("ndrdiag watch",
                "follow the events of a diagnosis until it finishes.\n\n"
                "Usage: ndrdiag watch NAME [flags]   (NAME: diagnoses/ID or "
                "ID)");
  AddClientFlags(flags, &client_options);
  flags.String("after", "EVENT_ID",
               "Resume after this event id (empty: from the first event).",
               &after);
  flags.String("output", "text|jsonl", "Output format.", &output);
  flags.set_epilogue(
      absl::StrCat(kNotes, "\n\n", kExitCodeHelp, "\n\n", kExamples));

  auto rest =
      ParseCommandLine(flags, args, 1, "NAME", kCommand, client_options, io);
  if (!rest) return kExitBadInput;
  if (absl::Status s = CheckChoice("output", output, {"text", "jsonl"});
      !s.ok()) {
    return UsageError(io, kCommand, s.message());
  }
  absl::StatusOr<std::string> name = ParseDiagnosisName((*rest)[0]);
  if (!name.ok()) return UsageError(io, kCommand, name.status().message());
  const bool jsonl = output == "jsonl";

  Client client(client_options);
  std::string locale = "en";
  if (!jsonl) {
    grpc::Status status;
    locale = LocaleOf(client, *name, status);
    // Unknown names and unreachable servers are answered here already.
    if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
        status.error_code() == grpc::StatusCode::UNAVAILABLE) {
      return ReportRpcError(io, status, client, "GetDiagnosis", *name, true);
    }
  }

  FollowRequest follow;
  follow.name = *name;
  follow.after_event_id = after;
  bool print_failed = false;
  const FollowOutcome outcome = FollowEvents(
      client, follow,
      [&](const v1::DiagnosisEvent& event) {
        if (print_failed) return;
        if (jsonl) {
          absl::StatusOr<std::string> line = EventToJsonLine(event);
          if (!line.ok()) {
            io.err << "ndrdiag: " << line.status().message() << "\n";
            print_failed = true;
            return;
          }
          io.out << *line << "\n";
        } else {
          io.out << RenderEvent(event, locale);
        }
        io.out.flush();
      },
      io.err);
  if (print_failed) return kExitFailed;

  if (!outcome.terminal_seen && !outcome.status.ok()) {
    const int code = ReportRpcError(io, outcome.status, client,
                                    "WatchDiagnosis", *name, false);
    if (ExitCodeForStatus(outcome.status.error_code()) == kExitUnavailable &&
        !outcome.last_event_id.empty()) {
      io.err << "ndrdiag: resume with: ndrdiag watch " << *name << " --after "
             << outcome.last_event_id << "\n";
    }
    return code;
  }
  v1::Diagnosis::State state = outcome.state;
  if (!outcome.terminal_seen || state == v1::Diagnosis::STATE_UNSPECIFIED) {
    // The stream ended without a terminal event (e.g. --after named the
    // terminal event itself): the stored state says how the diagnosis ended.
    grpc::ClientContext context;
    client.SetUnaryDeadline(context);
    v1::GetDiagnosisRequest request;
    request.set_name(*name);
    v1::Diagnosis diagnosis;
    grpc::Status status =
        client.stub().GetDiagnosis(&context, request, &diagnosis);
    if (!status.ok()) {
      return ReportRpcError(io, status, client, "GetDiagnosis", *name, true);
    }
    state = diagnosis.state();
    if (!outcome.terminal_seen &&
        (state == v1::Diagnosis::QUEUED || state == v1::Diagnosis::RUNNING)) {
      io.err << "ndrdiag: the event stream of " << *name
             << " ended before the diagnosis finished\n";
      return kExitFailed;
    }
  }
  return ExitCodeForState(state);
}

}  // namespace ndrdiag::cli
