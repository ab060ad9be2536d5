#!/usr/bin/python3
"""Drives the service with Python's grpcio, an independent client.

Stubs are generated at test time from proto/ (python3-grpc-tools), so the
test follows the API as it is. Covers: CreateDiagnosis (and its request_id
idempotency), a watch that is cancelled after K events and resumed with
after_event_id (receiving exactly the missing events), RunDiagnosis,
GetDiagnosis / ListDiagnoses, INVALID_ARGUMENT naming spec.domain, NOT_FOUND,
the gRPC health service and server reflection.
"""

import glob
import os
import subprocess
import sys
import tempfile
import traceback
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stack import REPO, Checks, Stack, StackError  # noqa: E402

K = 2            # events read before the first watch is cancelled
DEADLINE = 60    # seconds, for every call

# The two standard gRPC services the frontend registers, reduced to the
# messages this test uses (same packages, names and field numbers as
# grpc/health/v1/health.proto and grpc/reflection/v1alpha/reflection.proto;
# Debian ships no .proto for them). Their files sit under e2e_std/, not grpc/,
# so the generated modules do not collide with the installed `grpc` package.
HEALTH_PROTO = """
syntax = "proto3";
package grpc.health.v1;
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse {
  enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
  ServingStatus status = 1;
}
service Health { rpc Check(HealthCheckRequest) returns (HealthCheckResponse); }
"""
REFLECTION_PROTO = """
syntax = "proto3";
package grpc.reflection.v1alpha;
message ServerReflectionRequest {
  string host = 1;
  oneof message_request { string list_services = 7; }
}
message ServiceResponse { string name = 1; }
message ListServiceResponse { repeated ServiceResponse service = 1; }
message ErrorResponse { int32 error_code = 1; string error_message = 2; }
message ServerReflectionResponse {
  string valid_host = 1;
  oneof message_response {
    ListServiceResponse list_services_response = 6;
    ErrorResponse error_response = 7;
  }
}
service ServerReflection {
  rpc ServerReflectionInfo(stream ServerReflectionRequest) returns (stream ServerReflectionResponse);
}
"""


def generate_stubs(out):
    extra = os.path.join(out, "protos")
    for rel, text in (("e2e_std/health.proto", HEALTH_PROTO),
                      ("e2e_std/reflection.proto", REFLECTION_PROTO)):
        os.makedirs(os.path.dirname(os.path.join(extra, rel)), exist_ok=True)
        with open(os.path.join(extra, rel), "w") as f:
            f.write(text)
    protos = sorted(glob.glob(os.path.join(REPO, "proto/ndrdiag/v1/*.proto")))
    if not protos:
        raise StackError("no .proto files under proto/ndrdiag/v1")
    subprocess.run([sys.executable, "-m", "grpc_tools.protoc",
                    "-I", os.path.join(REPO, "proto"), "-I", "/usr/include",
                    "-I", extra, f"--python_out={out}", f"--grpc_python_out={out}",
                    *protos, os.path.join(extra, "e2e_std/health.proto"),
                    os.path.join(extra, "e2e_std/reflection.proto")],
                   check=True)
    sys.path.insert(0, out)


def event_kind(event):
    return event.WhichOneof("payload")


def run(checks, stack):
    import grpc
    from e2e_std import health_pb2, health_pb2_grpc
    from e2e_std import reflection_pb2, reflection_pb2_grpc
    from ndrdiag.v1 import check_pb2, diagnosis_pb2, diagnosis_service_pb2 as svc
    from ndrdiag.v1 import diagnosis_service_pb2_grpc as svc_grpc

    channel = grpc.insecure_channel(stack.frontend)
    grpc.channel_ready_future(channel).result(timeout=DEADLINE)
    api = svc_grpc.DiagnosisServiceStub(channel)
    Spec = diagnosis_pb2.DiagnosisSpec

    # --- CreateDiagnosis, idempotent by request_id ---------------------------
    request_id = str(uuid.uuid4())
    created = api.CreateDiagnosis(
        svc.CreateDiagnosisRequest(request_id=request_id, spec=Spec(domain="contoso.com")),
        timeout=DEADLINE)
    name = created.name
    checks.check(name.startswith("diagnoses/"), "CreateDiagnosis returns a resource name", name)
    checks.eq(diagnosis_pb2.Diagnosis.State.Name(created.state), "QUEUED",
              "CreateDiagnosis returns at once, QUEUED")
    again = api.CreateDiagnosis(
        svc.CreateDiagnosisRequest(request_id=request_id, spec=Spec(domain="contoso.com")),
        timeout=DEADLINE)
    checks.eq(again.name, name, "a retry with the same request_id returns the same diagnosis")

    # --- Watch, cancel after K events, resume --------------------------------
    call = api.WatchDiagnosis(svc.WatchDiagnosisRequest(name=name), timeout=DEADLINE)
    first = []
    for event in call:
        first.append(event)
        if len(first) == K:
            break
    call.cancel()
    checks.eq(len(first), K, f"the first watch delivered {K} events before it was cancelled")
    resumed = list(api.WatchDiagnosis(
        svc.WatchDiagnosisRequest(name=name, after_event_id=first[-1].event_id),
        timeout=DEADLINE))
    full = list(api.WatchDiagnosis(svc.WatchDiagnosisRequest(name=name), timeout=DEADLINE))
    ids = [e.event_id for e in first + resumed]
    checks.check(len(full) > K, f"the diagnosis has more than {K} events ({len(full)})")
    checks.eq(ids, [e.event_id for e in full],
              "first K + resumed events == a fresh full watch (same ids, same order)")
    checks.eq(len(set(ids)), len(ids), "no event was delivered twice")
    # Compared as messages: serialized bytes of map fields are not canonical.
    checks.check(first + resumed == full, "the resumed events are identical")
    checks.check(full and full[-1].terminal, "the stream ends with a terminal event")
    checks.eq(sum(e.terminal for e in full), 1, "exactly one terminal event")
    checks.check(all(e.diagnosis == name for e in full), "every event names the diagnosis")
    checks.eq(event_kind(full[0]), "accepted", "the first event is `accepted`")

    got = api.GetDiagnosis(svc.GetDiagnosisRequest(name=name), timeout=DEADLINE)
    checks.eq(diagnosis_pb2.Diagnosis.State.Name(got.state), "SUCCEEDED", "GetDiagnosis: SUCCEEDED")
    checks.eq(check_pb2.RootCause.Name(got.verdict.causes[0].cause) if got.verdict.causes else None,
              "HEALTHY", "GetDiagnosis: contoso.com is HEALTHY")
    # A SKIPPED check had nothing to look at (e.g. no tenant snapshot given).
    checks.check(all(r.evidence for r in got.results if r.status != check_pb2.SKIPPED),
                 "GetDiagnosis: every result that is not SKIPPED has evidence")

    listed = api.ListDiagnoses(svc.ListDiagnosesRequest(page_size=100), timeout=DEADLINE)
    checks.check(name in [d.name for d in listed.diagnoses], "ListDiagnoses lists it")

    # --- RunDiagnosis ---------------------------------------------------------
    events = list(api.RunDiagnosis(svc.RunDiagnosisRequest(spec=Spec(domain="fabrikam.com")),
                                   timeout=DEADLINE))
    checks.check(events and event_kind(events[0]) == "accepted"
                 and events[0].accepted.diagnosis.name.startswith("diagnoses/"),
                 "RunDiagnosis: the first event is `accepted` with the resource name")
    checks.check(events and events[-1].terminal, "RunDiagnosis: ends with the terminal event")
    results = [e.check_result for e in events if event_kind(e) == "check_result"]
    checks.check({"dns.mx.present", "dns.mx.target_format"} <= {r.check_id for r in results},
                 "RunDiagnosis: streams the MX check results",
                 str([r.check_id for r in results]))
    verdicts = [e.verdict for e in events if event_kind(e) == "verdict"]
    checks.check(len(verdicts) == 1 and verdicts[0].causes and
                 check_pb2.RootCause.Name(verdicts[0].causes[0].cause) == "MX_INCORRECT",
                 "RunDiagnosis: fabrikam.com's verdict is MX_INCORRECT", str(verdicts))

    # --- errors ---------------------------------------------------------------
    try:
        api.CreateDiagnosis(svc.CreateDiagnosisRequest(spec=Spec(domain="bad..domain")),
                            timeout=DEADLINE)
        checks.check(False, "a bad domain is refused")
    except grpc.RpcError as e:
        checks.eq(e.code(), grpc.StatusCode.INVALID_ARGUMENT, "a bad domain: INVALID_ARGUMENT")
        checks.check("spec.domain" in (e.details() or ""), "the message names spec.domain",
                     e.details())
    try:
        api.GetDiagnosis(svc.GetDiagnosisRequest(name="diagnoses/doesnotexist0000"),
                         timeout=DEADLINE)
        checks.check(False, "an unknown diagnosis is refused")
    except grpc.RpcError as e:
        checks.eq(e.code(), grpc.StatusCode.NOT_FOUND, "an unknown diagnosis: NOT_FOUND")

    # --- health and reflection ------------------------------------------------
    health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(),
                                                        timeout=DEADLINE)
    checks.eq(health_pb2.HealthCheckResponse.ServingStatus.Name(health.status), "SERVING",
              "grpc.health.v1: SERVING")
    replies = list(reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=DEADLINE))
    services = [s.name for r in replies for s in r.list_services_response.service]
    checks.check("ndrdiag.v1.DiagnosisService" in services,
                 "reflection lists ndrdiag.v1.DiagnosisService", str(services))
    channel.close()


def main():
    checks = Checks("python_client")
    stubs = tempfile.mkdtemp(prefix="ndrdiag-stubs.")
    try:
        generate_stubs(stubs)
        checks.check(True, "stubs generated with grpc_tools.protoc")
        with Stack("python_client", workers=2) as stack:
            try:
                run(checks, stack)
            except Exception:
                stack.failed = True
                raise
            stack.failed = checks.failed > 0
    except Exception as e:  # a crash is a failure, never a pass
        traceback.print_exc()
        checks.check(False, f"the test ran to the end ({type(e).__name__}: {e})")
    finally:
        subprocess.run(["rm", "-rf", stubs])
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
