#include "cli/rpc_errors.h"

#include "gtest/gtest.h"

namespace ndrdiag::cli {
namespace {

RpcErrorContext Context(absl::string_view name = "",
                        absl::Duration timeout = absl::Seconds(10)) {
  return {"GetDiagnosis", "127.0.0.1:50051", name, timeout};
}

TEST(RpcErrorMessageTest, UnavailableSaysWhichServer) {
  EXPECT_EQ(RpcErrorMessage(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                         "Connection refused"),
                            Context()),
            "cannot reach ndrdiag at 127.0.0.1:50051: unavailable: Connection "
            "refused");
  EXPECT_EQ(RpcErrorMessage(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                         "job store unavailable: EOF"),
                            Context()),
            "cannot reach ndrdiag at 127.0.0.1:50051: job store unavailable: "
            "EOF");
}

TEST(RpcErrorMessageTest, DeadlineSaysHowLongItWaited) {
  EXPECT_EQ(RpcErrorMessage(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                         "Deadline Exceeded"),
                            Context("", absl::Seconds(10))),
            "cannot reach ndrdiag at 127.0.0.1:50051: no answer within 10s "
            "(Deadline Exceeded)");
}

TEST(RpcErrorMessageTest, NotFoundNamesTheDiagnosis) {
  EXPECT_EQ(RpcErrorMessage(grpc::Status(grpc::StatusCode::NOT_FOUND, "nope"),
                            Context("diagnoses/x1")),
            "diagnosis diagnoses/x1 not found");
}

TEST(RpcErrorMessageTest, InvalidArgumentIsTheServersMessage) {
  EXPECT_EQ(
      RpcErrorMessage(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                   "spec.domain: label 2 is longer than 63 "
                                   "octets"),
                      Context()),
      "spec.domain: label 2 is longer than 63 octets");
}

TEST(RpcErrorMessageTest, OthersNameRpcAndCode) {
  RpcErrorContext context = Context();
  context.rpc = "ParseNdr";
  EXPECT_EQ(RpcErrorMessage(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                         "ParseNdr is not implemented yet"),
                            context),
            "ParseNdr: UNIMPLEMENTED: ParseNdr is not implemented yet");
  EXPECT_EQ(RpcErrorMessage(
                grpc::Status(grpc::StatusCode::NOT_FOUND, "no such"), context),
            "ParseNdr: NOT_FOUND: no such");
}

}  // namespace
}  // namespace ndrdiag::cli
