#!/usr/bin/env bash
# Make sure the services the tests use are there: Graphviz's `dot` (diagram
# tests render DOT with it) and a PostgreSQL server on 127.0.0.1:5432 (the
# store tests run against a real one). Installs from Debian's packages when
# missing; never fails the run by itself: tests that need a missing service
# say so and skip.
set -u

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

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1 || ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "ci: installing postgresql"
    apt_install postgresql || echo "ci: could not install postgresql"
  fi
  for version in $(ls /etc/postgresql 2>/dev/null); do
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if pg_up; then
  echo "ci: PostgreSQL is up on 127.0.0.1:5432"
else
  echo "ci: no PostgreSQL server; the PostgreSQL store tests will skip"
fi
