// `ndrdiag get NAME`: show one diagnosis with its results and verdict.
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands/command.h"
#include "cli/diagnosis_name.h"
#include "cli/exit_codes.h"
#include "cli/render/json.h"
#include "cli/render/text.h"

namespace ndrdiag::cli {
namespace {

constexpr char kCommand[] = "get";

constexpr char kExamples[] =
    "Examples:\n"
    "  ndrdiag get diagnoses/01HV6Z3K2B8Q\n"
    "  ndrdiag get 01HV6Z3K2B8Q --output json";

}  // namespace

int RunGet(const std::vector<std::string>& args, CommandIo& io) {
  ClientOptions client_options;
  std::string output = "text";
  FlagSet flags("ndrdiag get",
                "show a diagnosis: its state, check results and verdict.\n\n"
                "Usage: ndrdiag get NAME [flags]   (NAME: diagnoses/ID or ID)");
  AddClientFlags(flags, &client_options);
  flags.String("output", "text|json",
               "Output format (json: the Diagnosis as proto3 JSON).", &output);
  flags.set_epilogue(absl::StrCat(kExitCodeHelp, "\n\n", kExamples));

  auto rest =
      ParseCommandLine(flags, args, 1, "NAME", kCommand, client_options, io);
  if (!rest) return kExitBadInput;
  if (absl::Status s = CheckChoice("output", output, {"text", "json"});
      !s.ok()) {
    return UsageError(io, kCommand, s.message());
  }
  absl::StatusOr<std::string> name = ParseDiagnosisName((*rest)[0]);
  if (!name.ok()) return UsageError(io, kCommand, name.status().message());

  Client client(client_options);
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
  if (output == "json") {
    absl::StatusOr<std::string> json = MessageToJson(diagnosis, true);
    if (!json.ok()) {
      io.err << "ndrdiag: " << json.status().message() << "\n";
      return kExitFailed;
    }
    io.out << *json << "\n";
  } else {
    io.out << RenderDiagnosis(diagnosis);
  }
  io.out.flush();
  return ExitCodeForState(diagnosis.state());
}

}  // namespace ndrdiag::cli
