// `ndrdiag cancel NAME`: cancel a queued or running diagnosis.
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands/command.h"
#include "cli/diagnosis_name.h"
#include "cli/exit_codes.h"

namespace ndrdiag::cli {
namespace {

constexpr char kCommand[] = "cancel";

constexpr char kNotes[] =
    "Prints \"NAME: STATE\" and exits 0 once the server has accepted the\n"
    "cancellation. Cancelling a diagnosis that has already finished is an\n"
    "error (FAILED_PRECONDITION, exit 1).\n\n"
    "Example:\n"
    "  ndrdiag cancel diagnoses/01HV6Z3K2B8Q";

}  // namespace

int RunCancel(const std::vector<std::string>& args, CommandIo& io) {
  ClientOptions client_options;
  FlagSet flags("ndrdiag cancel",
                "cancel a queued or running diagnosis.\n\n"
                "Usage: ndrdiag cancel NAME [flags]   (NAME: diagnoses/ID or "
                "ID)");
  AddClientFlags(flags, &client_options);
  flags.set_epilogue(absl::StrCat(kNotes, "\n\n", kExitCodeHelp));

  auto rest =
      ParseCommandLine(flags, args, 1, "NAME", kCommand, client_options, io);
  if (!rest) return kExitBadInput;
  absl::StatusOr<std::string> name = ParseDiagnosisName((*rest)[0]);
  if (!name.ok()) return UsageError(io, kCommand, name.status().message());

  Client client(client_options);
  grpc::ClientContext context;
  client.SetUnaryDeadline(context);
  v1::CancelDiagnosisRequest request;
  request.set_name(*name);
  v1::Diagnosis diagnosis;
  grpc::Status status =
      client.stub().CancelDiagnosis(&context, request, &diagnosis);
  if (!status.ok()) {
    return ReportRpcError(io, status, client, "CancelDiagnosis", *name, true);
  }
  io.out << (diagnosis.name().empty() ? *name : diagnosis.name()) << ": "
         << v1::Diagnosis::State_Name(diagnosis.state()) << "\n";
  io.out.flush();
  return kExitOk;
}

}  // namespace ndrdiag::cli
