#!/usr/bin/env bash
# The Helm chart and the image, checked without a cluster: helm/ci/check
# lints and renders helm/ndrdiag in every values variant, validates every
# object against the Kubernetes schemas, shows that a typo'd value and an
# invalid object are rejected, and that the Dockerfile installs every
# library the built binaries link. Tools: helm/ci/install-tools.sh (npm,
# cached outside the repository).
set -euo pipefail
ROOT="${NDRDIAG_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
exec "$ROOT/helm/ci/check" "${NDRDIAG_BIN:-$ROOT/build/bin}"
