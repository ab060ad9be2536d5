// `ndrdiag list`: one page of the caller's diagnoses, newest first.
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands/command.h"
#include "cli/exit_codes.h"
#include "cli/render/json.h"
#include "cli/render/text.h"

namespace ndrdiag::cli {
namespace {

constexpr char kCommand[] = "list";

constexpr char kExamples[] =
    "Examples:\n"
    "  ndrdiag list\n"
    "  ndrdiag list --filter \"state = RUNNING\" --page-size 10\n"
    "  ndrdiag list --page-token TOKEN_FROM_THE_PREVIOUS_PAGE --output json";

}  // namespace

int RunList(const std::vector<std::string>& args, CommandIo& io) {
  ClientOptions client_options;
  int page_size = 0;
  std::string page_token, filter, output = "text";
  FlagSet flags("ndrdiag list",
                "list your diagnoses, newest first, one page at a time.\n\n"
                "Usage: ndrdiag list [flags]");
  AddClientFlags(flags, &client_options);
  flags.Int("page-size",
            "At most this many diagnoses (0: the server's default, 50).",
            &page_size);
  flags.String("page-token", "TOKEN",
               "Continue from a previous page (printed at its end).",
               &page_token);
  flags.String("filter", "EXPR",
               "Only diagnoses matching EXPR; supported: \"state = STATE\" "
               "(QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED).",
               &filter);
  flags.String("output", "text|json",
               "Output format (json: the ListDiagnosesResponse as proto3 "
               "JSON).",
               &output);
  flags.set_epilogue(absl::StrCat(kExitCodeHelp, "\n\n", kExamples));

  auto rest =
      ParseCommandLine(flags, args, 0, "", kCommand, client_options, io);
  if (!rest) return kExitBadInput;
  if (absl::Status s = CheckChoice("output", output, {"text", "json"});
      !s.ok()) {
    return UsageError(io, kCommand, s.message());
  }
  if (page_size < 0) {
    return UsageError(io, kCommand, "--page-size: must not be negative");
  }

  Client client(client_options);
  grpc::ClientContext context;
  client.SetUnaryDeadline(context);
  v1::ListDiagnosesRequest request;
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  request.set_filter(filter);
  v1::ListDiagnosesResponse response;
  grpc::Status status =
      client.stub().ListDiagnoses(&context, request, &response);
  if (!status.ok()) {
    return ReportRpcError(io, status, client, "ListDiagnoses", "", true);
  }
  if (output == "json") {
    absl::StatusOr<std::string> json = MessageToJson(response, true);
    if (!json.ok()) {
      io.err << "ndrdiag: " << json.status().message() << "\n";
      return kExitFailed;
    }
    io.out << *json << "\n";
  } else {
    io.out << RenderDiagnosisList(response);
  }
  io.out.flush();
  return kExitOk;
}

}  // namespace ndrdiag::cli
