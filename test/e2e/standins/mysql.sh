# Recipe: mysql:8.4 — MariaDB from trixie, behaving like the official MySQL image where compose looks.
# shellcheck shell=bash
#
# Why: the three-tier compose.yaml runs its database FROM mysql:8.4, which cannot be pulled here.
# MariaDB speaks the MySQL protocol, and the entrypoint honours the official image's variables
# (MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD) and /docker-entrypoint-initdb.d.
# Sourced by ensure.sh; mysql.Dockerfile and mysql-entrypoint.sh do the work.

# build_mysql TAG HASH
build_mysql() {
  local tag="$1" hash="$2" context
  context="$(make_tmp)"
  cp "$STANDINS_DIR/mysql-entrypoint.sh" "$context/"
  build_dockerfile mysql.Dockerfile "$context" "$tag" "$hash"
}
