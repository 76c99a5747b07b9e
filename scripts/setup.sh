#!/usr/bin/env bash
# Makes sure what `make test` needs is here: cargo-nextest and a running PostgreSQL.
set -euo pipefail

if ! cargo nextest --version >/dev/null 2>&1; then
  echo "installing cargo-nextest..."
  cargo install cargo-nextest --locked
fi

# Debian's Chromium drives the dashboard's browser tests (frontend/e2e, `npm run e2e`).
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
      || echo "WARNING: chromium could not be installed; the browser tests cannot run" >&2
  else
    echo "WARNING: chromium is missing (apt-get install chromium); the browser tests cannot run" >&2
  fi
fi

pg_ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}

if ! pg_ready; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; trying to start it..."
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 20); do pg_ready && break; sleep 0.5; done
fi

if pg_ready; then
  echo "PostgreSQL is up on 127.0.0.1:5432"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required under CI=true and is not reachable" >&2
  exit 1
else
  echo "WARNING: PostgreSQL not reachable; its test legs will be skipped" >&2
fi
