// `ndrdiag parse-ndr FILE`: what a pasted non-delivery report says.
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands/command.h"
#include "cli/commands/ndr_input.h"
#include "cli/exit_codes.h"
#include "cli/render/json.h"
#include "cli/render/text.h"

namespace ndrdiag::cli {
namespace {

constexpr char kCommand[] = "parse-ndr";
constexpr char kExamples[] =
    "Examples:\n"
    "  ndrdiag parse-ndr bounce.txt\n"
    "  pbpaste | ndrdiag parse-ndr - --output json";

}  // namespace

int RunParseNdr(const std::vector<std::string>& args, CommandIo& io) {
  ClientOptions client_options;
  std::string output = "text";
  FlagSet flags("ndrdiag parse-ndr",
                "parse a pasted non-delivery report: status code, servers, "
                "reply, recipients.\n\n"
                "Usage: ndrdiag parse-ndr FILE [flags]   (FILE: - for stdin)");
  AddClientFlags(flags, &client_options);
  flags.String("output", "text|json",
               "Output format (json: the NdrReport as proto3 JSON).", &output);
  flags.set_epilogue(absl::StrCat(kExitCodeHelp, "\n\n", kExamples));

  auto rest =
      ParseCommandLine(flags, args, 1, "FILE", kCommand, client_options, io);
  if (!rest) return kExitBadInput;
  if (absl::Status s = CheckChoice("output", output, {"text", "json"});
      !s.ok()) {
    return UsageError(io, kCommand, s.message());
  }
  absl::StatusOr<std::string> text = ReadNdrInput((*rest)[0], io.in);
  if (!text.ok()) return UsageError(io, kCommand, text.status().message());

  Client client(client_options);
  grpc::ClientContext context;
  client.SetUnaryDeadline(context);
  v1::ParseNdrRequest request;
  request.set_text(*std::move(text));
  v1::NdrReport report;
  grpc::Status status = client.stub().ParseNdr(&context, request, &report);
  if (!status.ok()) {
    return ReportRpcError(io, status, client, "ParseNdr", "", true);
  }
  if (output == "json") {
    absl::StatusOr<std::string> json = MessageToJson(report, true);
    if (!json.ok()) {
      io.err << "ndrdiag: " << json.status().message() << "\n";
      return kExitFailed;
    }
    io.out << *json << "\n";
  } else {
    io.out << RenderNdrReport(report);
  }
  io.out.flush();
  return kExitOk;
}

}  // namespace ndrdiag::cli
