#!/usr/bin/env bash
# Install the independent Parquet implementations the interop tests read qbt's files with
# (DuckDB, arrow-rs via parquet-wasm, hyparquet; see tests/tools/parquet/README.md) into
# ${PQ_TOOLS_DIR:-$HOME/.cache/qbt/pq-tools}, only when some are missing.
#
# Idempotent and quiet when everything is present. When node/npm or the npm registry is not
# available it prints why and exits 0: the interop tests then skip with that reason.
set -uo pipefail

tools_dir="${PQ_TOOLS_DIR:-$HOME/.cache/qbt/pq-tools}"

# Exact versions, as pinned in tests/tools/parquet/package.json (a lockfile does not work here:
# npm leaves out the other platforms' optional DuckDB bindings and `npm ci` then refuses).
packages=(
  "@duckdb/node-api@1.5.6-r.1"
  "parquet-wasm@0.8.0"
  "apache-arrow@21.2.0"
  "hyparquet@1.31.5"
  "hyparquet-writer@0.17.0"
  "hyparquet-compressors@1.1.2"
)

installed_version() {
  local manifest="$tools_dir/node_modules/$1/package.json"
  [[ -f "$manifest" ]] || return 1
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest" | head -n 1
}

missing=()
for spec in "${packages[@]}"; do
  name="${spec%@*}"
  want="${spec##*@}"
  [[ "$(installed_version "$name")" == "$want" ]] || missing+=("$spec")
done
# DuckDB's native library comes as an optional per-platform package; a partial install lacks it.
if [[ ${#missing[@]} -eq 0 ]] && ! compgen -G "$tools_dir/node_modules/@duckdb/node-bindings-*/duckdb.node" >/dev/null; then
  missing+=("@duckdb/node-api@1.5.6-r.1")
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-parquet-tools: node/npm not found; the Parquet interop tests will be skipped"
  exit 0
fi

echo "install-parquet-tools: installing ${missing[*]} into $tools_dir"
mkdir -p "$tools_dir" || { echo "install-parquet-tools: cannot create $tools_dir; interop tests will be skipped"; exit 0; }
[[ -f "$tools_dir/package.json" ]] || echo '{"name":"qbt-pq-tools","private":true}' >"$tools_dir/package.json"
log="$tools_dir/npm-install.log"
if ! npm install --prefix "$tools_dir" --no-audit --no-fund --no-save --loglevel=error \
    "${packages[@]}" >"$log" 2>&1; then
  echo "install-parquet-tools: npm install failed (registry unreachable?); see $log."
  echo "install-parquet-tools: the Parquet interop tests will be skipped"
  exit 0
fi
echo "install-parquet-tools: done"
