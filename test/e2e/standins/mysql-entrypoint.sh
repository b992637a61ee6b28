#!/bin/bash
# Entrypoint of the mysql:8.4 stand-in: on an empty data folder, create the system tables, the root
# password, MYSQL_DATABASE and MYSQL_USER/MYSQL_PASSWORD with all rights on it, and run
# /docker-entrypoint-initdb.d/*.sql and *.sh, as the official image does; then start the server.
# The set-up server listens on the socket only, so a TCP healthcheck (mysqladmin ping -h 127.0.0.1)
# does not report ready until the real one runs.
set -euo pipefail

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

say() { printf '[entrypoint] %s\n' "$*" >&2; }

# Quote a value for a single-quoted SQL string literal.
sql_string() { printf "'%s'" "${1//\'/\'\'}"; }

initialise() {
  if [[ -z "${MYSQL_ROOT_PASSWORD:-}" && -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" && -z "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]]; then
    say 'error: database is uninitialized and no root password option is specified'
    say 'You need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD'
    exit 1
  fi
  local root_password="${MYSQL_ROOT_PASSWORD:-}"
  if [[ -n "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]]; then
    root_password="$(head -c 18 /dev/urandom | base64)"
    say "GENERATED ROOT PASSWORD: $root_password"
  fi
  say 'initialising the data folder'
  mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db --auth-root-authentication-method=normal >/dev/null

  mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket="$SOCKET" &
  local pid=$!
  local tries
  for tries in $(seq 60); do
    mariadb-admin --socket="$SOCKET" -uroot ping --silent 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { say 'error: the set-up server exited'; exit 1; }
    sleep 0.5
  done

  local sql
  sql="ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_string "$root_password");"
  sql+="CREATE USER 'root'@'%' IDENTIFIED BY $(sql_string "$root_password"); GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  if [[ -n "${MYSQL_DATABASE:-}" ]]; then
    sql+="CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE//\`/}\`;"
  fi
  if [[ -n "${MYSQL_USER:-}" ]]; then
    [[ -n "${MYSQL_PASSWORD:-}" ]] || { say 'error: MYSQL_USER is set but MYSQL_PASSWORD is not'; exit 1; }
    sql+="CREATE USER $(sql_string "$MYSQL_USER")@'%' IDENTIFIED BY $(sql_string "$MYSQL_PASSWORD");"
    if [[ -n "${MYSQL_DATABASE:-}" ]]; then
      sql+="GRANT ALL ON \`${MYSQL_DATABASE//\`/}\`.* TO $(sql_string "$MYSQL_USER")@'%';"
    fi
  fi
  sql+='FLUSH PRIVILEGES;'
  mariadb --socket="$SOCKET" -uroot <<<"$sql"

  local file
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
      *.sql) say "running $file"; mariadb --socket="$SOCKET" -uroot -p"$root_password" ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} <"$file" ;;
      *.sh) say "running $file"; bash "$file" ;;
      *) ;;
    esac
  done

  mariadb-admin --socket="$SOCKET" -uroot -p"$root_password" shutdown
  wait "$pid" || true
  say 'initialised'
}

# `mysqld ...` (the default command) starts the server; anything else runs as given.
if [[ "${1:-}" == mysqld || "${1:-}" == mariadbd || "${1:-}" == -* ]]; then
  [[ "${1:-}" == -* ]] || shift
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  chown mysql:mysql "$DATADIR"
  if [[ ! -d "$DATADIR/mysql" ]]; then initialise; fi
  exec mariadbd --user=mysql --datadir="$DATADIR" --socket="$SOCKET" --port=3306 "$@"
fi
exec "$@"
