# eclipse-temurin:<jdk>-jdk (stage jdk) and maven:3.9-eclipse-temurin-<jdk> (stage maven)
# stand-ins: Debian's OpenJDK and Maven, laid out like the official images (JAVA_HOME=/opt/java/openjdk,
# MAVEN_HOME=/usr/share/maven, MAVEN_CONFIG=/root/.m2). Temurin itself cannot be downloaded here.
FROM multistage-standin/debian:trixie AS jdk
ARG JDK=21
ARG JAVA_VERSION

RUN set -eux; \
    # OpenJDK 17 left Debian with trixie: take it (and only it) from bookworm, the same way the
    # java17 distroless stand-in does.
    if [ "$JDK" = 17 ]; then \
      sed -n 's/ trixie\([- ]\)/ bookworm\1/p' /etc/apt/sources.list > /etc/apt/sources.list.d/bookworm.list; \
    fi; \
    apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      "openjdk-${JDK}-jdk-headless" ca-certificates netbase tzdata >/dev/null; \
    apt-get clean; rm -rf /var/lib/apt/lists/*; \
    mkdir -p /opt/java; \
    ln -s "/usr/lib/jvm/java-${JDK}-openjdk-$(dpkg --print-architecture)" /opt/java/openjdk; \
    /opt/java/openjdk/bin/javac -version

ENV JAVA_HOME=/opt/java/openjdk \
    JAVA_VERSION=${JAVA_VERSION} \
    LANG=C.UTF-8 \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["jshell"]


FROM jdk AS maven
RUN set -eux; \
    apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null; \
    apt-get clean; rm -rf /var/lib/apt/lists/*; \
    # Maven Central is unreachable: the tests serve a local repository (~/.m2/repository) on this
    # address. The global settings hold the mirror, so a cache mount on /root/.m2 cannot hide it.
    printf '%s\n' \
      '<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">' \
      '  <mirrors>' \
      '    <mirror>' \
      '      <id>multistage-e2e</id>' \
      '      <mirrorOf>*</mirrorOf>' \
      '      <url>http://127.0.0.1:38082/maven2/</url>' \
      '    </mirror>' \
      '  </mirrors>' \
      '</settings>' > /usr/share/maven/conf/settings.xml; \
    # Debian's Maven binds the plugin versions Debian packages (surefire 2.17, jar 3.1.2) where
    # upstream Maven 3.9.9, as in the official image, binds surefire 3.2.5 and jar 3.4.1. A project
    # that does not pin its plugins must resolve the same artifacts as with the real image.
    core="$(readlink -f /usr/share/maven/lib/maven-core-3.x.jar)"; \
    cd /tmp; \
    jar xf "$core" META-INF/plexus/default-bindings.xml META-INF/plexus/components.xml; \
    sed -i -e 's/maven-surefire-plugin:2\.17:/maven-surefire-plugin:3.2.5:/g' \
      -e 's/maven-jar-plugin:3\.1\.2:/maven-jar-plugin:3.4.1:/g' \
      -e 's/maven-plugin-plugin:3\.2:/maven-plugin-plugin:3.13.1:/g' META-INF/plexus/*.xml; \
    if grep -q 'maven-surefire-plugin:2\.17' META-INF/plexus/*.xml; then exit 1; fi; \
    jar uf "$core" META-INF/plexus/default-bindings.xml META-INF/plexus/components.xml; \
    rm -rf /tmp/META-INF; \
    mvn -v

# Machine-specific, as in the node builders: the npm registry is reached through a TLS-intercepting
# proxy that the host trusts, and the naive three-tier Dockerfile (bench, --build) installs Debian's npm
# here to build its front end. Java ignores this variable.
COPY host-ca.crt /usr/local/share/multistage-standin/host-ca.crt
# As in the official image. (Its MAVEN_CONFIG also breaks ./mvnw, which reads that variable.)
ENV MAVEN_HOME=/usr/share/maven \
    MAVEN_CONFIG=/root/.m2 \
    NODE_EXTRA_CA_CERTS=/usr/local/share/multistage-standin/host-ca.crt
CMD ["mvn"]
