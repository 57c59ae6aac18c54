#!/usr/bin/env bash
# Make sure the services the tests use are there: Graphviz's `dot` (diagram
# tests render DOT with it), LibreOffice Writer (paper tests convert DOCX to
# PDF with it) and a PostgreSQL server at CASEFLOW_PG_URL
# (default postgresql://postgres@127.0.0.1:5432/test; the store tests run
# against a real one). Installs from Debian's packages when missing.
#
# With CI=true all three are required: the server is installed, started and made
# to accept the test URL (a `trust` line for 127.0.0.1 in pg_hba.conf, the
# database created), and the script exits 1 when any of them still cannot
# be used, so CI never passes with those tests skipped (tests/conftest.py
# turns such a skip into a failure too). Locally it changes no PostgreSQL
# settings and never fails: tests that need a missing service skip and say why.
set -u

ci=false
case "${CI:-}" in true | TRUE | True | 1 | yes) ci=true ;; esac
PG_URL=${CASEFLOW_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
# postgresql://USER@HOST:PORT/DB?...: the parts a local cluster is set up by.
pg_host=$(sed -E 's#^[a-z]+://([^@/]*@)?([^:/?]*).*#\2#' <<<"$PG_URL")
pg_port=$(sed -E 's#^[a-z]+://([^@/]*@)?[^:/?]*(:([0-9]+))?.*#\3#' <<<"$PG_URL")
pg_db=$(sed -E 's#^[^/]*//[^/]*/?([^?]*).*#\1#' <<<"$PG_URL")
pg_port=${pg_port:-5432}
pg_db=${pg_db:-postgres}
missing=()

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq >/dev/null 2>&1 && apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null 2>&1
}

if ! command -v dot >/dev/null 2>&1; then
  echo "ci: installing graphviz"
  apt_install graphviz || echo "ci: could not install graphviz"
fi
command -v dot >/dev/null 2>&1 || missing+=("Graphviz 'dot'")

# LibreOffice Writer: the paper tests convert each DOCX to PDF and count its
# pages (poppler-utils gives pdftoppm, which docs/documents.md's PNGs use).
if ! command -v soffice >/dev/null 2>&1; then
  echo "ci: installing libreoffice-writer"
  apt_install libreoffice-writer poppler-utils || echo "ci: could not install libreoffice-writer"
fi
command -v soffice >/dev/null 2>&1 || missing+=("LibreOffice 'soffice'")

pg_up() { pg_isready -q -h "$pg_host" -p "$pg_port" 2>/dev/null; }
pg_usable() { psql "$PG_URL" -Atqc 'SELECT 1' >/dev/null 2>&1; }
# The local Debian cluster listening on the URL's port: "VERSION NAME", or nothing.
pg_cluster() { pg_lsclusters -h 2>/dev/null | awk -v p="$pg_port" '$3 == p {print $1, $2; exit}'; }

if ! command -v pg_isready >/dev/null 2>&1 || ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "ci: installing postgresql"
    apt_install postgresql || echo "ci: could not install postgresql"
  fi
  cluster=$(pg_cluster)
  if [ -n "$cluster" ]; then
    # shellcheck disable=SC2086 # "VERSION NAME" is two arguments
    as_root pg_ctlcluster --skip-systemctl-redirect $cluster start >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi

# A fresh Debian cluster asks for a password over TCP and has no test
# database; on a CI machine (throwaway) open it to local connections.
if $ci && pg_up && ! pg_usable && [[ "$pg_host" =~ ^(127\.0\.0\.1|localhost)$ ]]; then
  cluster=$(pg_cluster)
  if [ -n "$cluster" ]; then
    hba="/etc/postgresql/${cluster// //}/pg_hba.conf"
    if ! grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
      echo "ci: letting 127.0.0.1 connect to PostgreSQL $cluster without a password"
      as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
      # shellcheck disable=SC2086
      as_root pg_ctlcluster --skip-systemctl-redirect $cluster reload >/dev/null 2>&1 || true
    fi
    as_pg() { as_root runuser -u postgres -- "$@"; }
    if ! as_pg psql -p "$pg_port" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$pg_db'" | grep -q 1; then
      echo "ci: creating database $pg_db"
      as_pg createdb -p "$pg_port" "$pg_db" || true
    fi
  fi
fi

if pg_usable; then
  echo "ci: PostgreSQL is up at $PG_URL"
else
  missing+=("PostgreSQL at $PG_URL")
fi

if [ ${#missing[@]} -gt 0 ]; then
  for what in "${missing[@]}"; do
    if $ci; then
      echo "ci: CI=true and there is no $what; CI must test with it, stopping" >&2
    else
      echo "ci: no $what; the tests that need it will skip"
    fi
  done
  $ci && exit 1
fi
exit 0
