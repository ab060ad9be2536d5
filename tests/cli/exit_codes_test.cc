#include "cli/exit_codes.h"

#include "gtest/gtest.h"

namespace ndrdiag::cli {
namespace {

TEST(ExitCodeForStatusTest, MapsEveryCode) {
  using grpc::StatusCode;
  EXPECT_EQ(ExitCodeForStatus(StatusCode::OK), 0);
  EXPECT_EQ(ExitCodeForStatus(StatusCode::INVALID_ARGUMENT), 2);
  EXPECT_EQ(ExitCodeForStatus(StatusCode::UNAVAILABLE), 3);
  EXPECT_EQ(ExitCodeForStatus(StatusCode::DEADLINE_EXCEEDED), 3);
  for (StatusCode code :
       {StatusCode::CANCELLED, StatusCode::UNKNOWN, StatusCode::NOT_FOUND,
        StatusCode::ALREADY_EXISTS, StatusCode::PERMISSION_DENIED,
        StatusCode::RESOURCE_EXHAUSTED, StatusCode::FAILED_PRECONDITION,
        StatusCode::ABORTED, StatusCode::OUT_OF_RANGE,
        StatusCode::UNIMPLEMENTED, StatusCode::INTERNAL, StatusCode::DATA_LOSS,
        StatusCode::UNAUTHENTICATED}) {
    EXPECT_EQ(ExitCodeForStatus(code), 1) << static_cast<int>(code);
  }
}

TEST(ExitCodeForStateTest, OnlyFailedAndCancelledAreFailures) {
  EXPECT_EQ(ExitCodeForState(v1::Diagnosis::SUCCEEDED), kExitOk);
  EXPECT_EQ(ExitCodeForState(v1::Diagnosis::FAILED), kExitFailed);
  EXPECT_EQ(ExitCodeForState(v1::Diagnosis::CANCELLED), kExitFailed);
  EXPECT_EQ(ExitCodeForState(v1::Diagnosis::QUEUED), kExitOk);
  EXPECT_EQ(ExitCodeForState(v1::Diagnosis::RUNNING), kExitOk);
}

}  // namespace
}  // namespace ndrdiag::cli
