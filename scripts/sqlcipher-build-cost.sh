#!/usr/bin/env bash
# What the passphrase lock costs in build time: builds a scratch crate that only uses rusqlite,
# cold (empty target folder), once with plain SQLite (`bundled`) and once with SQLCipher and its
# vendored OpenSSL (`bundled-sqlcipher-vendored-openssl`, what Feltsense uses), in the dev profile
# Feltsense's CI builds in (dependencies at opt-level 2). Prints both wall-clock times.
# Usage: scripts/sqlcipher-build-cost.sh   (needs network access to crates.io, or a warm cache)
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lock="$(cd "$(dirname "$0")/.." && pwd)/Cargo.lock"

build() {
  local name=$1 features=$2
  mkdir -p "$work/$name/src"
  cat >"$work/$name/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2024"

[dependencies]
rusqlite = { version = "0.41", features = [$features] }

[profile.dev.package."*"]
opt-level = 2
debug = false
EOF
  echo 'fn main() { let c = rusqlite::Connection::open_in_memory().unwrap(); c.execute_batch("SELECT 1").unwrap(); }' \
    >"$work/$name/src/main.rs"
  # Same dependency versions as Feltsense.
  cp "$lock" "$work/$name/Cargo.lock"
  (cd "$work/$name" && cargo fetch -q 2>/dev/null || true)
  local start end
  start=$(date +%s)
  (cd "$work/$name" && CARGO_TARGET_DIR="$work/$name/target" cargo build -q)
  end=$(date +%s)
  echo "$name ($features): $((end - start)) s"
}

build plain '"bundled"'
build sqlcipher '"bundled-sqlcipher-vendored-openssl"'
