// The frontend's health: gRPC's standard health service (grpc.health.v1),
// kept in step with the job store by common/health_monitor.h, for the
// overall status ("") and for the API service below.
#ifndef NDRDIAG_SERVICE_HEALTH_H_
#define NDRDIAG_SERVICE_HEALTH_H_

#include "common/health_monitor.h"

namespace ndrdiag {

inline constexpr char kServiceName[] = "ndrdiag.v1.DiagnosisService";

}  // namespace ndrdiag

#endif  // NDRDIAG_SERVICE_HEALTH_H_
