#!/usr/bin/env bash
# Makes a local PostgreSQL server available to the tests and exports SMT_TEST_POSTGRES (an Npgsql connection
# string). Uses an existing SMT_TEST_POSTGRES as it is. Otherwise, on Debian/Ubuntu, installs the `postgresql`
# package when missing (needs root), starts the cluster, and creates the role and database `smt_tests`.
# Meant to be sourced: `source eng/postgres.sh`.

smt_postgres_setup() {
  if [ -n "${SMT_TEST_POSTGRES:-}" ]; then
    echo "postgres: using SMT_TEST_POSTGRES from the environment"
    return 0
  fi

  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=""; fi
  fi

  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; then
      echo "postgres: not installed and no root to install it; the PostgreSQL tests will fail. Install the 'postgresql' package or set SMT_TEST_POSTGRES." >&2
      return 0
    fi
    echo "postgres: installing the postgresql package"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi

  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "postgres: no cluster found under /etc/postgresql" >&2
    return 0
  fi

  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
    echo "postgres: starting cluster $version/main"
    $sudo pg_ctlcluster "$version" main start || { echo "postgres: could not start the cluster" >&2; return 0; }
  fi

  local port
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
  local psql=(psql -v ON_ERROR_STOP=1 -q -p "$port")
  local as_postgres
  if [ "$(id -u)" -eq 0 ]; then as_postgres=(runuser -u postgres --); else as_postgres=($sudo -u postgres); fi

  "${as_postgres[@]}" "${psql[@]}" -tc "SELECT 1 FROM pg_roles WHERE rolname = 'smt_tests'" | grep -q 1 \
    || "${as_postgres[@]}" "${psql[@]}" -c "CREATE ROLE smt_tests LOGIN PASSWORD 'smt_tests' CREATEDB"
  # The read-only tests create a SELECT-only role of their own.
  "${as_postgres[@]}" "${psql[@]}" -c "ALTER ROLE smt_tests CREATEROLE" >/dev/null
  "${as_postgres[@]}" "${psql[@]}" -tc "SELECT 1 FROM pg_database WHERE datname = 'smt_tests'" | grep -q 1 \
    || "${as_postgres[@]}" "${psql[@]}" -c "CREATE DATABASE smt_tests OWNER smt_tests"

  export SMT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=smt_tests;Password=smt_tests;Database=smt_tests"
  echo "postgres: ready on 127.0.0.1:$port (database smt_tests)"
}

smt_postgres_setup
