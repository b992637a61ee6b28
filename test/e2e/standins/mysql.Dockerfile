# mysql:8.4 stand-in: Debian's MariaDB server with an entrypoint that initialises the data folder the
# way the official MySQL image does (see mysql-entrypoint.sh). Not a MySQL 8.4: close enough for an
# app that talks the MySQL protocol through a MariaDB or MySQL driver.
FROM multistage-standin/debian:trixie

RUN set -eux; \
    # Keep the package scripts from starting the server inside the build.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; \
    apt-get update -qq; \
    # -compat: the mysql* command names (mysqladmin for the compose healthcheck, mysqld, mysql).
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      mariadb-server mariadb-client mariadb-server-compat mariadb-client-compat >/dev/null; \
    apt-get clean; rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d; \
    # The package initialised a data folder; the entrypoint makes a fresh one from the variables.
    rm -rf /var/lib/mysql; mkdir -p /var/lib/mysql /run/mysqld /docker-entrypoint-initdb.d; \
    chown mysql:mysql /var/lib/mysql /run/mysqld; \
    # Listen on every interface (Debian binds 127.0.0.1), and let the client tools skip TLS
    # verification of the server's self-signed certificate, as mysqladmin ping does against MySQL.
    printf '[mariadbd]\nbind-address = 0.0.0.0\nskip-name-resolve\n' > /etc/mysql/mariadb.conf.d/90-standin.cnf; \
    printf '[client]\ndisable-ssl-verify-server-cert\n' > /etc/mysql/mariadb.conf.d/91-standin-client.cnf; \
    command -v mysqladmin

COPY mysql-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh

# As the official image: data in a volume, port 3306, entrypoint script + mysqld.
VOLUME /var/lib/mysql
EXPOSE 3306
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["mysqld"]
