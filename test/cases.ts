/**
 * Every generated case: a fixture plus the flags a --yes run gets. The golden test renders them all,
 * the e2e suite builds the ones with `e2e` set and checks what the image does.
 */
export interface E2eExpectation {
  /** Extra arguments for `docker run` after the image (a CLI program's input). */
  args?: string[];
  /** HTTP path to request when the app listens on a port. */
  httpPath?: string;
  /** Text the response (or a CLI's stdout) must contain. */
  expect: string;
  /** The final image must stay under this many MB. */
  budgetMb: number;
  /** Source file edited to prove a rebuild reuses the dependency layers. */
  touch: string;
}

export interface GeneratorCase {
  name: string;
  fixture: string;
  flags: Record<string, string | boolean>;
  e2e?: E2eExpectation;
}

export const cases: GeneratorCase[] = [
  { name: 'go-stdlib', fixture: 'go-stdlib', flags: {}, e2e: { httpPath: '/?name=docker', expect: 'hello, docker', budgetMb: 12, touch: 'internal/greeting/greeting.go' } },
  { name: 'go-stdlib-scratch', fixture: 'go-stdlib', flags: { runtime: 'scratch' }, e2e: { httpPath: '/docs', expect: 'greets you', budgetMb: 10, touch: 'main.go' } },
  { name: 'go-cmd-layout', fixture: 'go-cmd-layout', flags: { main: './cmd/api' }, e2e: { httpPath: '/jobs', expect: 'no jobs queued', budgetMb: 12, touch: 'internal/jobs/jobs.go' } },
  { name: 'go-cmd-worker', fixture: 'go-cmd-layout', flags: { main: './cmd/worker' }, e2e: { expect: 'worker: no jobs queued', budgetMb: 10, touch: 'cmd/worker/main.go' } },
  // Build secrets: builds only with the private module proxy the build-secrets e2e test starts (test/e2e/build-secrets.test.ts).
  { name: 'go-private-module', fixture: 'go-private-module', flags: {} },
  { name: 'go-no-gosum', fixture: 'go-no-gosum', flags: {}, e2e: { httpPath: '/', expect: 'pong', budgetMb: 12, touch: 'main.go' } },
  { name: 'go-vendor', fixture: 'go-vendor', flags: {}, e2e: { httpPath: '/', expect: 'hello from vendor', budgetMb: 12, touch: 'main.go' } },
  { name: 'go-cgo', fixture: 'go-cgo', flags: {}, e2e: { httpPath: '/', expect: '2 + 3 = 5', budgetMb: 40, touch: 'main.go' } },
  { name: 'go-no-module', fixture: 'go-no-module', flags: {}, e2e: { args: ['2', '+', '3'], expect: '5', budgetMb: 10, touch: 'calculator.go' } },
  { name: 'go-toolchain', fixture: 'go-toolchain', flags: {}, e2e: { httpPath: '/', expect: 'zone ok: Europe/Paris', budgetMb: 12, touch: 'main.go' } },
  { name: 'go-workspace', fixture: 'go-workspace', flags: {}, e2e: { httpPath: '/', expect: 'simplicity', budgetMb: 12, touch: 'lib/quote/quote.go' } },
  { name: 'go-flag-port', fixture: 'go-flag-port', flags: {}, e2e: { httpPath: '/', expect: 'relay ok', budgetMb: 12, touch: 'main.go' } },
  { name: 'go-low-port', fixture: 'go-low-port', flags: {}, e2e: { httpPath: '/', expect: 'ding dong on 80', budgetMb: 12, touch: 'main.go' } },
  { name: 'go-legacy-vendor', fixture: 'go-legacy-vendor', flags: {}, e2e: { httpPath: '/', expect: '== notices from the vendored board ==', budgetMb: 12, touch: 'main.go' } },
  { name: 'go-gorm-sqlite', fixture: 'go-gorm-sqlite', flags: {} },
  { name: 'go-patch-line', fixture: 'go-patch-line', flags: {} },
  { name: 'go-services', fixture: 'go-services', flags: { main: './api/services/orders' } },
  { name: 'go-cgo-yaml', fixture: 'go-cgo-yaml', flags: {}, e2e: { httpPath: '/', expect: 'counted 5 scalars', budgetMb: 100, touch: 'main.go' } },
  { name: 'rust-std-server', fixture: 'rust-std-server', flags: {}, e2e: { httpPath: '/?name=docker', expect: 'hello, docker', budgetMb: 40, touch: 'src/greeting.rs' } },
  // musl onto distroless static: golden only, Debian packages no musl standard library for the stand-in builder (docs/rust.md).
  { name: 'rust-std-server-static', fixture: 'rust-std-server', flags: { runtime: 'static' } },
  { name: 'rust-workspace', fixture: 'rust-workspace', flags: { main: 'api' }, e2e: { httpPath: '/', expect: 'simplicity', budgetMb: 40, touch: 'crates/quotes/src/lib.rs' } },
  { name: 'rust-workspace-worker', fixture: 'rust-workspace', flags: { main: 'worker' }, e2e: { expect: 'worker: sending "simplicity', budgetMb: 40, touch: 'crates/worker/src/main.rs' } },
  { name: 'rust-toolchain', fixture: 'rust-toolchain', flags: {}, e2e: { httpPath: '/', expect: 'clock says', budgetMb: 40, touch: 'src/main.rs' } },
  // Build script, [[bin]] path, src/bin/: the package's own binary is the default.
  { name: 'rust-several-bins', fixture: 'rust-several-bins', flags: {}, e2e: { httpPath: '/', expect: 'ledger balance 1234 (built by cargo)', budgetMb: 40, touch: 'src/lib.rs' } },
  // openssl-sys and crates.io dependencies: golden only (crates.io is unreachable from the test machines).
  { name: 'rust-openssl', fixture: 'rust-openssl', flags: {} },
  { name: 'rust-sqlite', fixture: 'rust-sqlite', flags: {} },
  // A listen address from an environment variable with a loopback fallback: the image sets the variable to 0.0.0.0.
  { name: 'rust-loopback-env', fixture: 'rust-loopback-env', flags: {}, e2e: { httpPath: '/', expect: 'items: 12 ok', budgetMb: 40, touch: 'src/main.rs' } },
  // Rocket: its default port 8000, and ROCKET_ADDRESS=0.0.0.0 (it binds 127.0.0.1 otherwise).
  { name: 'rust-rocket', fixture: 'rust-rocket', flags: {} },
  // A server binary beside a command-line one, neither named like the package: no --main, the server is built;
  // its port is a library constant, not the one a #[cfg(test)] module binds.
  { name: 'rust-server-and-cli', fixture: 'rust-server-and-cli', flags: {}, e2e: { httpPath: '/', expect: 'tally is 1', budgetMb: 40, touch: 'src/lib.rs' } },
  // A workspace whose server sits in its package's library and takes its port from a member it inherits
  // (`settings.workspace = true`); another member's client address is not its port.
  { name: 'rust-workspace-libs', fixture: 'rust-workspace-libs', flags: {}, e2e: { httpPath: '/', expect: 'gateway north up', budgetMb: 40, touch: 'crates/settings/src/lib.rs' } },
  // .cargo/config.toml links with clang and lld, which the builder image lacks: the deps stage installs them.
  { name: 'rust-cargo-linker', fixture: 'rust-cargo-linker', flags: {}, e2e: { httpPath: '/', expect: 'beacon linked by lld', budgetMb: 40, touch: 'src/main.rs' } },
  // A [[bin]] with required-features: cargo refuses `--bin` without them, so both builds pass --features.
  { name: 'rust-required-features', fixture: 'rust-required-features', flags: {}, e2e: { httpPath: '/', expect: 'probe ok (http feature on)', budgetMb: 40, touch: 'src/lib.rs' } },
  // The port only in the settings file the program compiles in (config/config.yaml), not in code.
  { name: 'rust-config-file', fixture: 'rust-config-file', flags: {}, e2e: { httpPath: '/', expect: 'ledgerd on 8460', budgetMb: 40, touch: 'src/settings.rs' } },
  // The port as a clap argument's default with an env override: golden only (clap comes from crates.io).
  { name: 'rust-clap-port', fixture: 'rust-clap-port', flags: {} },
  { name: 'python-flask', fixture: 'python-flask', flags: {} },
  { name: 'python-flask-311', fixture: 'python-flask', flags: { 'language-version': '3.11' }, e2e: { httpPath: '/books', expect: 'Kindred', budgetMb: 260, touch: 'app.py' } },
  { name: 'python-django', fixture: 'python-django', flags: {}, e2e: { httpPath: '/', expect: 'notes: 3 saved', budgetMb: 100, touch: 'notes/views.py' } },
  { name: 'python-fastapi-poetry', fixture: 'python-fastapi-poetry', flags: {} },
  { name: 'python-fastapi-uv', fixture: 'python-fastapi-uv', flags: {} },
  { name: 'python-fastapi-pip', fixture: 'python-fastapi-pip', flags: {}, e2e: { httpPath: '/items/widget', expect: '"in_stock":12', budgetMb: 260, touch: 'inventory/main.py' } },
  { name: 'python-pipenv', fixture: 'python-pipenv', flags: {} },
  { name: 'python-fallback', fixture: 'python-fallback', flags: {}, e2e: { httpPath: '/', expect: 'on Python 3.11', budgetMb: 260, touch: 'main.py' } },
  { name: 'python-native', fixture: 'python-native', flags: {}, e2e: { httpPath: '/', expect: 'libpq 17', budgetMb: 280, touch: 'app.py' } },
  { name: 'python-flask-factory', fixture: 'python-flask-factory', flags: {}, e2e: { httpPath: '/entries', expect: 'journal: planted tomatoes', budgetMb: 260, touch: 'journal/__init__.py' } },
  { name: 'python-flask-factory-only', fixture: 'python-flask-factory-only', flags: {}, e2e: { httpPath: '/', expect: 'notebook: 3 notes', budgetMb: 260, touch: 'notebook/__init__.py' } },
  { name: 'python-launcher', fixture: 'python-launcher', flags: {}, e2e: { httpPath: '/', expect: 'shelf: launched by run.py', budgetMb: 260, touch: 'shelf/__init__.py' } },
  // Build secrets: builds only with the private index the build-secrets e2e test starts (test/e2e/build-secrets.test.ts).
  { name: 'python-private-index', fixture: 'python-private-index', flags: {} },
  { name: 'python-uwsgi', fixture: 'python-uwsgi', flags: {} },
  { name: 'python-waitress-django', fixture: 'python-waitress-django', flags: {} },
  { name: 'python-readme-hypercorn', fixture: 'python-readme-hypercorn', flags: {} },
  { name: 'python-poetry-wheels', fixture: 'python-poetry-wheels', flags: {} },
  { name: 'python-pinned-wheels', fixture: 'python-pinned-wheels', flags: {} },
  { name: 'python-settings-port', fixture: 'python-settings-port', flags: {}, e2e: { httpPath: '/', expect: '"recipes":42', budgetMb: 260, touch: 'recipes/app.py' } },
  { name: 'node-express', fixture: 'node-express', flags: {}, e2e: { httpPath: '/books', expect: 'Kindred', budgetMb: 170, touch: 'routes/books.js' } },
  { name: 'node-ts', fixture: 'node-ts', flags: {}, e2e: { httpPath: '/', expect: 'clock says', budgetMb: 170, touch: 'src/clock.ts' } },
  { name: 'node-nest', fixture: 'node-nest', flags: {}, e2e: { httpPath: '/', expect: 'notes: 3 saved', budgetMb: 180, touch: 'src/app.module.ts' } },
  { name: 'node-yarn', fixture: 'node-yarn', flags: {}, e2e: { httpPath: '/?name=docker', expect: 'hello, docker', budgetMb: 170, touch: 'index.js' } },
  { name: 'node-pnpm', fixture: 'node-pnpm', flags: {}, e2e: { httpPath: '/', expect: 'simplicity', budgetMb: 170, touch: 'src/index.js' } },
  { name: 'node-vite', fixture: 'node-vite', flags: {}, e2e: { httpPath: '/some/route', expect: 'vite spa ready', budgetMb: 60, touch: 'src/main.js' } },
  { name: 'node-devtool', fixture: 'node-devtool', flags: {}, e2e: { httpPath: '/', expect: 'started without nodemon', budgetMb: 170, touch: 'server.js' } },
  { name: 'node-main-missing', fixture: 'node-main-missing', flags: {}, e2e: { httpPath: '/', expect: 'tickets open: 2', budgetMb: 170, touch: 'src/tickets.js' } },
  { name: 'node-start-args', fixture: 'node-start-args', flags: {}, e2e: { httpPath: '/', expect: 'relay started by the start command on node 24', budgetMb: 170, touch: 'lib/server.js' } },
  { name: 'node-engines-capped', fixture: 'node-engines-capped', flags: {}, e2e: { httpPath: '/', expect: 'rate board on node v24.20.0', budgetMb: 300, touch: 'server.js' } },
  { name: 'node-data-dir', fixture: 'node-data-dir', flags: {}, e2e: { httpPath: '/', expect: 'saved', budgetMb: 170, touch: 'lib/store.js' } },
  { name: 'node-no-lockfile', fixture: 'node-no-lockfile', flags: {}, e2e: { httpPath: '/', expect: 'guestbook: 2 entries', budgetMb: 170, touch: 'index.js' } },
  { name: 'node-cra-rewired', fixture: 'node-cra-rewired', flags: {} },
  { name: 'node-pnpm-nofield', fixture: 'node-pnpm-nofield', flags: {}, e2e: { httpPath: '/', expect: 'bundled by esbuild', budgetMb: 170, touch: 'src/index.js' } },
  { name: 'node-two-locks', fixture: 'node-two-locks', flags: {} },
  { name: 'node-native', fixture: 'node-native', flags: {}, e2e: { httpPath: '/', expect: 'bcrypt ok: true', budgetMb: 180, touch: 'server.js' } },
  { name: 'node-package-server', fixture: 'node-package-server', flags: {} },
  // Build secrets: builds only with the private registry the build-secrets e2e test starts (test/e2e/build-secrets.test.ts).
  { name: 'node-private-registry', fixture: 'node-private-registry', flags: {} },
  { name: 'node-ping', fixture: 'node-ping', flags: {}, e2e: { httpPath: '/', expect: 'ping 127.0.0.1: reachable', budgetMb: 310, touch: 'lib/probe.js' } },
  // Prisma: no e2e, generate downloads the query engine from binaries.prisma.sh, which the test network cannot reach.
  { name: 'node-prisma', fixture: 'node-prisma', flags: {} },
  { name: 'node-prisma-config', fixture: 'node-prisma-config', flags: {} },
  { name: 'node-next-config-ts', fixture: 'node-next-config-ts', flags: {} },
  { name: 'java-maven-plain', fixture: 'java-maven-plain', flags: {}, e2e: { httpPath: '/?name=docker', expect: 'hello, docker from Java 21', budgetMb: 260, touch: 'src/main/java/com/example/hello/Greeting.java' } },
  // Build secrets: builds only with the private mirror the build-secrets e2e test starts (test/e2e/build-secrets.test.ts).
  { name: 'java-private-mirror', fixture: 'java-private-mirror', flags: {} },
  // Java 11 bytecode on distroless java17, built by a JDK 17 (nothing in the build pins an older JVM).
  { name: 'java-11', fixture: 'java-11', flags: {}, e2e: { httpPath: '/', expect: 'now ', budgetMb: 260, touch: 'src/main/java/com/example/legacy/Clock.java' } },
  { name: 'java-11-temurin', fixture: 'java-11', flags: { runtime: 'temurin' } },
  // --runtime jlink: a JRE of the modules jdeps finds (plus the documented extras) on distroless cc; budget 55% of distroless java21.
  { name: 'java-maven-plain-jlink', fixture: 'java-maven-plain', flags: { runtime: 'jlink' }, e2e: { httpPath: '/?name=docker', expect: 'hello, docker from Java 21', budgetMb: 130, touch: 'src/main/java/com/example/hello/Greeting.java' } },
  // Java 11 bytecode on a jlink'd JRE 17: the JDK 17 builder spells the compression --compress=2.
  { name: 'java-11-jlink', fixture: 'java-11', flags: { runtime: 'jlink' } },
  { name: 'java-spring-boot-jlink', fixture: 'java-spring-boot-maven', flags: { runtime: 'jlink' } },
  // Parent outside the repository, main class from a property, release from the Gradle twin build.
  // (Not built in e2e: the local Maven mirror lacks maven-dependency-plugin's own dependencies.)
  { name: 'java-external-parent', fixture: 'java-external-parent', flags: {} },
  { name: 'java-spring-boot-maven', fixture: 'java-spring-boot-maven', flags: {} },
  { name: 'java-gradle-kotlin', fixture: 'java-gradle-kotlin', flags: {} },
  { name: 'java-gradle-boot', fixture: 'java-gradle-boot', flags: {} },
  { name: 'java-quarkus', fixture: 'java-quarkus', flags: {} },
  { name: 'java-multi-module', fixture: 'java-multi-module', flags: {} },
  // Dropwizard: `server <config>` in CMD, the config and the keystore it names in /app, the port from the config.
  { name: 'java-dropwizard', fixture: 'java-dropwizard', flags: {} },
  // Spring Boot 3 behind a Maven 3.3.9 wrapper: the maven image builds it; the release is the Boot parent's default.
  { name: 'java-old-wrapper', fixture: 'java-old-wrapper', flags: {} },
  // A wrapper older than the enforcer's requireMavenVersion: built with mvn on the maven image (the wrapper would fail).
  { name: 'java-wrapper-enforcer', fixture: 'java-wrapper-enforcer', flags: {}, e2e: { httpPath: '/', expect: 'tally: 1 on Java 17', budgetMb: 260, touch: 'src/main/java/com/example/tally/Main.java' } },
  // Gradle 7.4 wrapper, Java 11: a JDK 17 builder (Gradle 7.3+ runs there) and distroless java17.
  { name: 'java-gradle-11', fixture: 'java-gradle-11', flags: {} },
  { name: 'three-tier-maven', fixture: 'three-tier-maven', flags: {} },
  { name: 'three-tier-gradle', fixture: 'three-tier-gradle', flags: {} },
  { name: 'three-tier-hardcoded', fixture: 'three-tier-hardcoded', flags: {} },
  { name: 'three-tier-postgres', fixture: 'three-tier-postgres', flags: {} },
  // Java 11 back end: distroless java17 as in the Java stack; --runtime temurin keeps Java 11 on the Temurin JRE.
  { name: 'three-tier-java11', fixture: 'three-tier-java11', flags: {} },
  { name: 'three-tier-java11-temurin', fixture: 'three-tier-java11', flags: { runtime: 'temurin' } },
  { name: 'three-tier-separate', fixture: 'three-tier-maven', flags: { layout: 'separate' } },
  // Built and run with its compose.yaml and the MariaDB stand-in by test/e2e/three-tier.test.ts (not stacks.test.ts).
  { name: 'three-tier-plain', fixture: 'three-tier-plain', flags: {}, e2e: { httpPath: '/api/books', expect: 'Kindred', budgetMb: 260, touch: 'service/src/main/java/com/example/bookshelf/Main.java' } },
  // The same app with a jlink'd back-end runtime (three-tier.test.ts runs it with compose too).
  { name: 'three-tier-plain-jlink', fixture: 'three-tier-plain', flags: { runtime: 'jlink' }, e2e: { httpPath: '/api/books', expect: 'Kindred', budgetMb: 130, touch: 'service/src/main/java/com/example/bookshelf/Main.java' } },
  // The back end is the repository root; the front end in client/ builds with webpack through scripts.build:prod.
  { name: 'three-tier-root', fixture: 'three-tier-root', flags: {} },
  { name: 'python-locust', fixture: 'python-locust', flags: {} },
  { name: 'python-server-client', fixture: 'python-server-client', flags: {}, e2e: { httpPath: '/', expect: 'please wait to be called', budgetMb: 260, touch: 'tickets.py' } },
  // vendor/ made on a case-insensitive filesystem: modules.txt names a folder that is not there on Linux.
  { name: 'go-stale-vendor', fixture: 'go-stale-vendor', flags: {} },
  // A classic mvnw whose maven-wrapper.jar is .gitignored: ./mvnw would download it mid-build, so the maven image builds.
  { name: 'java-wrapper-no-jar', fixture: 'java-wrapper-no-jar', flags: {}, e2e: { httpPath: '/?name=docker', expect: 'hello, docker from Java 21', budgetMb: 260, touch: 'src/main/java/com/example/hello/Greeting.java' } },
  // A create-react-app 3 front end (webpack 4 hashes with md4): its build stage needs OpenSSL's legacy provider on Node 17+.
  { name: 'three-tier-cra-webpack4', fixture: 'three-tier-cra-webpack4', flags: {} },
  // A hand-written single-stage Dockerfile names what the manifests do not: the main package, port, env, Go (upgraded with --force; kept as Dockerfile.orig).
  { name: 'go-naive-dockerfile', fixture: 'go-naive-dockerfile', flags: { force: true }, e2e: { httpPath: '/', expect: 'hello from the shelf', budgetMb: 12, touch: 'cmd/shelf/main.go' } },
  // Its Python twin: the app among two, the port, env and the Python line come from the Dockerfile; curl (for its HEALTHCHECK) is not kept.
  { name: 'python-naive-dockerfile', fixture: 'python-naive-dockerfile', flags: { force: true }, e2e: { httpPath: '/', expect: 'record shelf: 3 records', budgetMb: 260, touch: 'catalog/web.py' } },
  // Node: no start script or main; the Dockerfile's CMD names the entry, its EXPOSE the port, its node:18 tag the (nearest distroless) major.
  { name: 'node-naive-dockerfile', fixture: 'node-naive-dockerfile', flags: { force: true }, e2e: { httpPath: '/', expect: 'hello from tally: visit 1 on node 22', budgetMb: 170, touch: 'src/server.js' } },
  // Java: no release in the pom and a port only from the environment; the Dockerfile's maven:…-temurin-17 tag and EXPOSE fill them, its ENV is carried.
  { name: 'java-naive-dockerfile', fixture: 'java-naive-dockerfile', flags: { force: true }, e2e: { httpPath: '/', expect: 'ledger of the shop on Java 17', budgetMb: 260, touch: 'src/main/java/com/example/ledger/Main.java' } },
];
