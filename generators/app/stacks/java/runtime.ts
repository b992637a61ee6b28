import { ExitCode, UserError } from '../../core/errors.js';
import { image } from '../../core/images.js';
import type { JavaModule, ToolInfo } from './detect.js';
import { below } from './version.js';

/** Java releases with a distroless image (Debian 13 line). */
export const DISTROLESS_JAVA = [17, 21, 25];
/** Temurin JRE images for a build pinned below the first distroless release. */
const TEMURIN_JRE = [8, 11, 17];
/**
 * --runtime for Java: distroless java, the Temurin JRE (keeps an old release's own JVM), or jlink: a JRE
 * linked in the builder with only the modules the app uses, on distroless cc (see jlink.ts).
 */
export const JAVA_RUNTIMES = ['distroless', 'temurin', 'jlink'] as const;
export type JavaRuntimeChoice = (typeof JAVA_RUNTIMES)[number];

export interface JavaRuntime {
  /** The JDK of the builder and the JRE of the runtime. */
  jdk: number;
  /** The image is gcr.io/distroless/java<jdk>. */
  distroless: boolean;
  /** A jlink'd JRE on distroless cc (the builder's JDK links it). */
  jlink: boolean;
  why: string;
}

/**
 * What in the build keeps a release older than 17 off Java 17, or null. Bytecode for 8 or 11 runs on a
 * newer JVM; what breaks is code that reaches into the JDK. Two things are checked, both explainable from
 * the build files:
 * - Spring Boot before 2.1 (Spring Framework 5.0 or older) defines its CGLIB proxies by reflection into
 *   java.lang, which Java 16+ refuses: the app dies at startup with InaccessibleObjectException.
 * - a maven-enforcer requireJavaVersion range that ends below 17: the authors said so.
 */
export function oldJvmPin(info: ToolInfo, module: JavaModule | null): string | null {
  if (module?.bootVersion && below(module.bootVersion, '2.1.0')) {
    return `Spring Boot ${module.bootVersion} (Spring Framework 5.0 or older) defines proxies by reflection that Java 16+ refuses, so it needs its own JVM`;
  }
  if (info.javaCeiling !== null && info.javaCeiling < 17) return `the build allows Java ${info.javaCeiling} at most (maven-enforcer requireJavaVersion)`;
  return null;
}

/**
 * The runtime for a release. 17+ runs on the distroless image of that release, or of the next LTS. Older
 * releases run on distroless java17 (their bytecode runs there; the JDK 17 builder compiles --release 8/11)
 * unless the build pins an old JVM or --runtime temurin asks for it: then eclipse-temurin:<N>-jre.
 */
export function javaRuntime(release: number, pin: string | null = null, choice?: string): JavaRuntime {
  if (choice !== undefined && !(JAVA_RUNTIMES as readonly string[]).includes(choice)) {
    throw new UserError(`--runtime ${choice}: Java runs on ${JAVA_RUNTIMES.slice(0, -1).join(', ')} or ${JAVA_RUNTIMES.at(-1)}.`, ExitCode.usage);
  }
  const newest = DISTROLESS_JAVA.at(-1)!;
  if (release > newest) throw new UserError(`--language-version ${release}: no distroless Java image that new (newest: ${newest}). Fix: build for ${newest} or older.`, ExitCode.usage);
  const temurin = choice === 'temurin' || (choice === undefined && release < 17 && pin !== null);
  if (temurin) {
    const jdk = release < 17 ? TEMURIN_JRE.find((v) => v >= release)! : DISTROLESS_JAVA.find((v) => v >= release)!;
    const because = choice === 'temurin' ? '--runtime temurin' : pin;
    return { jdk, distroless: false, jlink: false, why: `Java ${release} on eclipse-temurin:${jdk}-jre, not distroless, because ${because}; it runs as a created user 65532 and has a shell` };
  }
  const jdk = DISTROLESS_JAVA.find((v) => v >= release)!;
  if (choice === 'jlink') {
    // The same JDK as distroless would run (17 for older bytecode): only the runtime's packaging changes.
    return { jdk, distroless: false, jlink: true, why: `Java ${release} on a JRE linked by jlink from the JDK ${jdk} builder with only the modules jdeps finds in the app and its dependencies (plus a few frameworks load by name), on ${image('cc')}, because --runtime jlink` };
  }
  if (jdk === release) return { jdk, distroless: true, jlink: false, why: `Java ${release}: gcr.io/distroless/java${jdk}-debian13 matches the release` };
  if (release < 17) {
    return {
      jdk,
      distroless: true,
      jlink: false,
      why: `Java ${release}: distroless has no Java ${release} image, and Java ${release} bytecode runs on Java 17, so the runtime is gcr.io/distroless/java17-debian13 and the builder a JDK 17 compiling for release ${release}. Nothing in the build pins an older JVM (Spring Boot 2.1 or newer, no enforcer ceiling below 17); --runtime temurin keeps Java ${release} (eclipse-temurin:${TEMURIN_JRE.find((v) => v >= release)}-jre)`,
    };
  }
  return { jdk, distroless: true, jlink: false, why: `Java ${release} is not an LTS with a distroless image: rounded up to java${jdk} (and a JDK ${jdk} builder, which compiles --release ${release} bytecode)` };
}
