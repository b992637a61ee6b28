import type { ArtifactKind } from './detect.js';

/**
 * Modules a jlink'd runtime gets besides what jdeps finds. jdeps reads class references; these are
 * reached by name, by ServiceLoader or by reflection, so jdeps cannot see them, and without them the app
 * fails at run time, not at build time. Each is small (a few hundred KB at most); docs/java.md lists them.
 */
export const JLINK_EXTRA_MODULES: ReadonlyArray<{ module: string; why: string }> = [
  { module: 'jdk.crypto.ec', why: 'elliptic-curve TLS (ECDHE, ECDSA certificates): up to JDK 21 the SunEC provider lives here and is loaded by name from java.security, so HTTPS and TLS database connections fail without it (JDK 22+ moved it into java.base and keep an empty module)' },
  { module: 'jdk.zipfs', why: 'the zip/jar FileSystemProvider, found by ServiceLoader: FileSystems.newFileSystem on a jar, used by class-path scanners and migration tools that read resources inside jars' },
  { module: 'jdk.unsupported', why: 'sun.misc.Unsafe and sun.reflect.ReflectionFactory, looked up by reflection (Class.forName) in Netty, Objenesis (Spring and Mockito proxies), Caffeine, Kryo' },
  { module: 'java.instrument', why: 'the -javaagent hook: APM and OpenTelemetry agents added through JAVA_TOOL_OPTIONS, Spring load-time weaving' },
  { module: 'jdk.management', why: 'the com.sun.management MXBeans (process CPU, memory, thread allocation) that Micrometer and Spring Boot Actuator read by reflection' },
];

/** Where the build stage writes the module list, and the jre stage reads it. */
export const JRE_MODULES = '/out/jre-modules';

/**
 * What jdeps reads: the application's classes and every dependency jar as the runtime will have them, so
 * a module used only by a dependency is found. A Spring Boot fat jar nests its jars: its extracted
 * layers (or unpacked BOOT-INF) are read instead. Every other kind leaves plain jars in /out.
 */
export function jdepsInputs(kind: ArtifactKind, bootExploded: boolean): string {
  if (kind === 'boot-jar') {
    return bootExploded
      ? '$(find /out/exploded/BOOT-INF/lib -name \'*.jar\') /out/exploded/BOOT-INF/classes /out/exploded/org'
      : '$(find /out/layers -name \'*.jar\') /out/layers/application/BOOT-INF/classes /out/layers/spring-boot-loader';
  }
  return '$(find /out -name \'*.jar\')';
}

/**
 * The build-stage step that writes the module list. jdeps's --multi-release is the builder's JDK, the
 * runtime it links. When jdeps fails (a class file it cannot parse, a jar it refuses), the list falls
 * back to every module of the JDK (what distroless java ships, without jdk.jlink, which a JDK that links
 * from its own run-time image cannot copy) and the build log says why: a module is never silently missing.
 * An extra module this JDK does not have (a later JDK dropped it) is skipped rather than failing jlink.
 */
export function jdepsCommand(jdk: number, inputs: string): string {
  const extras = JLINK_EXTRA_MODULES.map((extra) => extra.module).join(' ');
  return [
    `{ jdeps -q --print-module-deps --ignore-missing-deps --multi-release ${jdk} ${inputs} > ${JRE_MODULES} \\`,
    `   || { echo "WARNING: jdeps failed (its error is above), so the runtime gets every module of this JDK, as distroless java has" >&2; \\`,
    `        java --list-modules | sed 's/@.*//' | grep -vx jdk.jlink | paste -sd, - > ${JRE_MODULES}; }; } \\`,
    ` && if [ ! -s ${JRE_MODULES} ]; then echo java.base > ${JRE_MODULES}; fi \\`,
    // One JVM start for the JDK's module list, not one per extra module.
    ' && available="$(java --list-modules)" \\',
    ` && for module in ${extras}; do \\`,
    `      if echo "$available" | grep -q "^$module@"; then sed -i "s/\\$/,$module/" ${JRE_MODULES}; fi; \\`,
    '    done \\',
    ` && echo "jlink modules: $(cat ${JRE_MODULES})"`,
  ].join('\n');
}

/**
 * The jre-stage step. --strip-java-debug-attributes rather than --strip-debug: on some JDK builds
 * (Debian's) --strip-debug also strips native symbols with objcopy, which a JDK image need not have;
 * Temurin's native libraries are stripped already, so the result is the same. --compress=zip-6 is
 * JDK 21's spelling; JDK 17 only knows --compress=2, the same zip level. A JDK that uses the system zlib
 * (Temurin bundles its own) needs libz.so.1, which distroless cc lacks: it is copied next to the JRE's
 * libraries, where the launcher's run path finds it. `java -version` fails the build, not the container.
 */
export function jlinkCommand(jdk: number): string {
  const compress = jdk >= 21 ? 'zip-6' : '2';
  return [
    `jlink --add-modules "$(cat /tmp/jre-modules)" --strip-java-debug-attributes --no-man-pages --no-header-files --compress=${compress} --output /opt/jre \\`,
    ' && zlib="$(ldd /opt/jre/lib/libzip.so | awk \'$1 == "libz.so.1" { print $3 }\')" \\',
    ' && if [ -n "$zlib" ]; then cp -L "$zlib" /opt/jre/lib/; fi \\',
    ' && /opt/jre/bin/java -version',
  ].join('\n');
}
