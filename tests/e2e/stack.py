"""Shared helper of the end-to-end Python tests: the same stack as stack.sh.

    with Stack("python_client", workers=2) as stack:
        channel = grpc.insecure_channel(stack.frontend)

Starts redis-server, ndrdiag-frontend and N workers (lab resolver and
allow-list) on free ports against the DNS lab (started idempotently with
tests/lab/lab.sh up), and stops them by PID on exit, printing their logs when
the test failed. Binaries come from $NDRDIAG_BIN (set by ctest) or
<repo>/build/bin; a missing one fails the test at once, naming the file.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

E2E_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.environ.get("NDRDIAG_SOURCE_DIR") or os.path.dirname(os.path.dirname(E2E_DIR))
BIN = os.environ.get("NDRDIAG_BIN") or os.path.join(REPO, "build", "bin")


class StackError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary(name):
    path = os.path.join(BIN, name)
    if not os.access(path, os.X_OK):
        raise StackError(f"missing binary {path} (build it: ./ndrdiag.sh build)")
    return path


def lab_env():
    subprocess.run([os.path.join(REPO, "tests/lab/lab.sh"), "up"], check=True,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run([os.path.join(REPO, "tests/lab/lab.sh"), "env"], check=True,
                         capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


class Stack:
    def __init__(self, name, workers=2):
        self.name = name
        self.n_workers = workers
        self.procs = []  # (name, Popen, log path)
        self.dir = None
        self.frontend = None
        self.redis_port = None
        self.metrics = {}  # process name -> its /metrics address

    def __enter__(self):
        for b in ("ndrdiag-frontend", "ndrdiag-worker", "ndrdiag"):
            binary(b)
        if not shutil.which("redis-server"):
            raise StackError("redis-server not installed (./ndrdiag.sh setup)")
        self.dir = tempfile.mkdtemp(prefix=f"ndrdiag-e2e-{self.name}.")
        try:
            self.lab = lab_env()
            self._start_redis()
            self._start_frontend()
            for i in range(self.n_workers):
                self.start_worker(f"worker{i + 1}")
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        print(f"[{self.name}] stack up: redis {self.redis_port}, frontend "
              f"{self.frontend}, {self.n_workers} worker(s), logs in {self.dir}")
        return self

    def __exit__(self, exc_type, exc, tb):
        for _name, proc, _log in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if exc_type is not None or getattr(self, "failed", False):
            for name, _proc, log in self.procs:
                with open(log, errors="replace") as f:
                    lines = f.readlines()[-25:]
                print(f"---- last lines of {name}.log ----")
                print("".join(lines), end="")
        if not os.environ.get("NDRDIAG_E2E_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)
        return False

    def _start(self, name, argv):
        log = os.path.join(self.dir, f"{name}.log")
        with open(log, "ab") as out:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT)
        self.procs.append((name, proc, log))
        return proc

    def _wait(self, proc, what, ready, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        raise StackError(f"{what} did not come up (exit {proc.poll()}); see {self.dir}")

    def _start_redis(self):
        self.redis_port = free_port()
        os.makedirs(os.path.join(self.dir, "redis"))
        proc = self._start("redis", [
            "redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
            "--dir", os.path.join(self.dir, "redis"), "--appendonly", "yes",
            "--appendfsync", "always", "--save", "", "--daemonize", "no"])

        def pong():
            r = subprocess.run(["redis-cli", "-p", str(self.redis_port), "ping"],
                               capture_output=True, text=True)
            return r.stdout.strip() == "PONG"
        self._wait(proc, "redis-server", pong)

    def _start_frontend(self):
        port = free_port()
        self.frontend = f"127.0.0.1:{port}"
        # Several stacks share the machine: every /metrics port is a free
        # loopback one (self.metrics[name] = "127.0.0.1:PORT").
        self.metrics["frontend"] = f"127.0.0.1:{free_port()}"
        proc = self._start("frontend", [
            binary("ndrdiag-frontend"), "--listen", self.frontend,
            "--redis", f"redis://127.0.0.1:{self.redis_port}",
            "--metrics-listen", self.metrics["frontend"]])

        def listening():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return True
            except OSError:
                return False
        self._wait(proc, "ndrdiag-frontend", listening)

    def lab_worker_flags(self):
        """The worker flags that point it at the rest of the lab
        (tests/lab/worker-flags: the same list stack.sh and ndrdiag.sh use)."""
        out = subprocess.run([os.path.join(REPO, "tests/lab/worker-flags"), self.dir],
                             capture_output=True, text=True, check=True).stdout
        return out.splitlines()

    def start_worker(self, name, allow=True):
        argv = [binary("ndrdiag-worker"), "--redis", f"redis://127.0.0.1:{self.redis_port}",
                "--resolver", self.lab["NDRDIAG_LAB_RESOLVER"], "--query-timeout", "2s",
                "--consumer", f"{self.name}-{name}"]
        # A free loopback /metrics port; no gRPC health endpoint (nothing
        # probes it here, and a fixed port would collide).
        self.metrics[name] = f"127.0.0.1:{free_port()}"
        argv += ["--metrics-listen", self.metrics[name], "--health-listen", ""]
        argv += self.lab_worker_flags()
        if allow:
            argv += ["--allow-cidr", self.lab["NDRDIAG_LAB_ALLOW_CIDR"]]
        proc = self._start(name, argv)
        time.sleep(0.2)
        if proc.poll() is not None:
            raise StackError(f"ndrdiag-worker {name} exited at start; see {self.dir}")
        return proc


class Checks:
    """Counts passed and failed checks and prints the closing summary line."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   - {what}")
        else:
            self.failed += 1
            print(f"FAIL - {what}" + (f": {detail}" if detail else ""))
        return ok

    def eq(self, got, want, what):
        return self.check(got == want, what, f"got {got!r}, want {want!r}")

    def summary(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 and self.passed > 0 else 1
