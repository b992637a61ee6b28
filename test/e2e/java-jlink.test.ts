import { docker, e2eDescribe, ensureStandins } from './support/docker.js';
import { JLINK_EXTRA_MODULES, jdepsCommand, jdepsInputs, jlinkCommand } from '../../generators/app/stacks/java/jlink.js';

/**
 * The generated jdeps and jlink steps, run as they are in the JDK builder stand-ins on a hand-made /out:
 * what the module list holds when jdeps succeeds, finds nothing, or fails, and that jlink links it.
 * (The whole path, build to answering container, is the java-maven-plain-jlink case in stacks.test.ts.)
 */
const suite = e2eDescribe();

/** Runs shell `script` in a throwaway container of `image`; stdout and stderr together. */
function inJdk(image: string, script: string): { code: number | null; output: string } {
  const result = docker(['run', '--rm', '--network', 'none', '--entrypoint', 'sh', image, '-c', script]);
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

// A jar whose one class uses java.sql (java.sql.Driver) and java.logging: what jdeps must report.
const SQL_APP = [
  'mkdir -p /tmp/src/demo /out /tmp/classes',
  'printf \'package demo; public class App { public static void main(String[] a) throws Exception { java.util.logging.Logger.getLogger("x").info(String.valueOf(java.sql.DriverManager.getDrivers().hasMoreElements())); } }\' > /tmp/src/demo/App.java',
  'javac -d /tmp/classes /tmp/src/demo/App.java',
  'jar cf /out/app.jar -C /tmp/classes .',
].join(' && ');
const listOf = (output: string) => /jlink modules: (\S+)/.exec(output)?.[1].split(',') ?? [];

suite.each([
  { jdk: 21, image: 'eclipse-temurin:21-jdk' },
  { jdk: 17, image: 'eclipse-temurin:17-jdk' },
])('jlink steps on JDK $jdk', ({ jdk, image }) => {
  const jdeps = jdepsCommand(jdk, jdepsInputs('jar', false));
  const extras = JLINK_EXTRA_MODULES.map((extra) => extra.module);

  beforeAll(() => ensureStandins([image]), 1_200_000);

  it('lists what the classes use plus the extras, and jlink links that list into a JRE that runs the app', () => {
    const result = inJdk(image, `${SQL_APP} && ${jdeps} && cp /out/jre-modules /tmp/jre-modules && ${jlinkCommand(jdk)} && /opt/jre/bin/java --list-modules && /opt/jre/bin/java -cp /out/app.jar demo.App`);
    expect(result.code).toBe(0);
    const modules = listOf(result.output);
    // --print-module-deps leaves out what a listed module requires transitively (java.sql brings java.logging).
    expect(modules).toEqual(['java.base', 'java.sql', ...extras]);
    expect(modules).not.toContain('java.desktop');
    expect(result.output).not.toContain('WARNING');
    // The linked JRE has the listed modules (and what they require), not the whole JDK.
    expect(result.output).toMatch(/^java\.sql@/m);
    expect(result.output).toMatch(/^java\.logging@/m);
    expect(result.output).not.toMatch(/^jdk\.compiler@/m);
  }, 300_000);

  it('a jar jdeps cannot read: every module but jdk.jlink, and the log says why', () => {
    const result = inJdk(image, `mkdir -p /out && echo 'not a zip' > /out/app.jar && ${jdeps}`);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/WARNING: jdeps failed \(its error is above\), so the runtime gets every module of this JDK/);
    const modules = listOf(result.output);
    expect(modules).toEqual(expect.arrayContaining(['java.se', 'java.desktop', 'jdk.httpserver', 'jdk.compiler']));
    expect(modules).not.toContain('jdk.jlink');
  }, 120_000);

  it('classes that need no module but java.base: java.base and the extras, never an empty list', () => {
    const result = inJdk(image, `mkdir -p /tmp/c /out && cd /tmp/c && printf 'class Empty {}' > Empty.java && javac Empty.java && jar cf /out/app.jar Empty.class && ${jdeps}`);
    expect(result.code).toBe(0);
    expect(listOf(result.output)).toEqual(['java.base', ...extras]);
  }, 120_000);
});
