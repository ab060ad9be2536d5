#!/usr/bin/env bash
# check-image-libs.sh - the Dockerfile's runtime stage must install every
# Debian package whose shared library the three binaries load.
#
#   helm/ci/check-image-libs.sh [BIN_DIR] [DOCKERFILE]
#
# Runs ldd on BIN_DIR/{ndrdiag-frontend,ndrdiag-worker,ndrdiag} (default:
# build/bin), maps each resolved library to its package with dpkg -S, and
# fails when a package is not in the runtime stage's `apt-get install` list
# (the last FROM of the Dockerfile), or when ldd finds a library nowhere.
# Exit status: 0 complete, 1 something missing, 77 no built binaries.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${1:-$ROOT/build/bin}"
DOCKERFILE="${2:-$ROOT/Dockerfile}"
BINARIES=(ndrdiag-frontend ndrdiag-worker ndrdiag)

for b in "${BINARIES[@]}"; do
  [[ -x "$BIN/$b" ]] || { echo "check-image-libs: SKIP: $BIN/$b is not built" >&2; exit 77; }
done
command -v dpkg >/dev/null || { echo "check-image-libs: needs dpkg (Debian)" >&2; exit 1; }

# The runtime stage: from the last FROM to the end; its first apt-get install.
runtime_packages() {
  awk '/^FROM /{stage=""} {stage = stage $0 "\n"} END {printf "%s", stage}' "$DOCKERFILE" |
    sed -e 's/#.*$//' | tr '\\\n' '  ' |
    grep -o 'apt-get install[^&]*' | head -1 |
    tr ' ' '\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' | grep -vx -e apt-get -e install | sort -u
}

# candidates PATH: the path as ldd printed it, its real path, and their
# /usr-merged twins (dpkg knows only one of them).
candidates() {
  local c
  for c in "$1" "$(readlink -f "$1")"; do
    printf '%s\n' "$c" "${c#/usr}" "/usr${c#/usr}"
  done | sort -u
}
mapfile -t have < <(runtime_packages)
((${#have[@]} > 0)) || { echo "check-image-libs: no apt-get install list in the runtime stage of $DOCKERFILE" >&2; exit 1; }

declare -A need=()
missing=0
libs="$(for b in "${BINARIES[@]}"; do ldd "$BIN/$b"; done)"
if grep -q 'not found' <<<"$libs"; then
  grep 'not found' <<<"$libs" | sort -u >&2
  echo "check-image-libs: FAIL: ldd cannot resolve the libraries above" >&2
  missing=1
fi
mapfile -t paths < <(awk '/=> \//{print $3} /^[ \t]*\/[^ ]+ \(0x/{print $1}' <<<"$libs" | sort -u)
# One dpkg -S for all of them ("pkg[:arch][, pkg...]: path" per match): one
# call per library takes a minute on a loaded machine.
declare -A owner=()
while IFS= read -r line; do
  pkg="${line%%: *}"
  pkg="${pkg%%,*}"
  owner["${line#*: }"]="${pkg%%:*}"
done < <(for p in "${paths[@]}"; do candidates "$p"; done | sort -u | xargs -d '\n' dpkg -S 2>/dev/null)
for path in "${paths[@]}"; do
  pkg=""
  while read -r c; do
    [[ -n "${owner[$c]:-}" ]] && { pkg="${owner[$c]}"; break; }
  done < <(candidates "$path")
  if [[ -n "$pkg" ]]; then
    need["$pkg"]+="$(basename "$path") "
  else
    echo "check-image-libs: FAIL: no Debian package owns $path" >&2
    missing=1
  fi
done

for pkg in $(printf '%s\n' "${!need[@]}" | sort); do
  if printf '%s\n' "${have[@]}" | grep -qx "$pkg"; then
    read -ra sonames <<<"${need[$pkg]}"
    echo "ok       $pkg (${#sonames[@]} libraries: ${sonames[0]}...)"
  else
    echo "MISSING  $pkg (${need[$pkg]% }): add it to the runtime stage's apt-get install" >&2
    missing=1
  fi
done
extra=()
for pkg in "${have[@]}"; do
  [[ -n "${need[$pkg]:-}" ]] || extra+=("$pkg")
done
# Not an error: ca-certificates is data, and a library may be linked by a
# build newer or older than the one checked.
((${#extra[@]} == 0)) || echo "note: installed but not linked by these binaries: ${extra[*]}"
echo "check-image-libs: ${#need[@]} packages needed by ldd, ${#have[@]} installed by the runtime stage"
exit "$missing"
