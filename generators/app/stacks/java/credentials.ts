import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import { envSecret, urlHost, type BuildSecret } from '../../core/secrets.js';

/** Where the install RUN finds the Maven settings secret: passed with -s, since ~/.m2 is a cache mount. */
export const MAVEN_SETTINGS_SECRET = '/run/secrets/maven-settings';

/** Repositories anyone can read: a pom naming only these needs no login. */
const PUBLIC_REPOSITORIES = new Set([
  'repo.maven.apache.org', 'repo1.maven.org', 'repository.apache.org', 'repo.spring.io', 'oss.sonatype.org', 's01.oss.sonatype.org',
  'central.sonatype.com', 'jitpack.io', 'maven.google.com', 'plugins.gradle.org', 'packages.confluent.io', 'repository.jboss.org',
]);
const SETTINGS_CANDIDATES = ['settings.xml', '.mvn/settings.xml'];
const ENV_REFERENCE = /\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Gradle properties that hold a login by their name (mavenPassword, gprToken, artifactoryApiKey). */
const GRADLE_SECRET_KEY = /^[\w.-]*(password|token|secret|apikey|api_key|credentials?)$/i;

/** The settings file `.mvn/maven.config` points Maven at (`-s file` / `--settings=file`), if any. */
function configuredSettings(repo: Repo): string | null {
  const config = repo.readIfExists('.mvn/maven.config') ?? '';
  return /(?:^|\s)(?:-s|--settings)(?:\s+|=)(\S+)/.exec(config)?.[1]?.replace(/^\.\//, '') ?? null;
}

/**
 * Maven: a settings.xml of the project with <servers> logins is mounted as a secret and passed with -s
 * (the ~/.m2 cache mount would hide one placed there), never copied; its ${env.X} values come from
 * secrets of those names. Without one, repositories the poms name beyond the public ones take the
 * build host's ~/.m2/settings.xml, when it is given.
 */
export function mavenCredentials(repo: Repo, poms: string[], evidence: string[]): BuildSecret[] {
  const configured = configuredSettings(repo);
  const file = [...(configured ? [configured] : []), ...SETTINGS_CANDIDATES].find((candidate) => /<servers>[\s\S]*<server>/.test(repo.readIfExists(candidate) ?? ''));
  if (file) {
    const settings = repo.read(file);
    const variables = [...new Set([...settings.matchAll(ENV_REFERENCE)].map((match) => match[1]))];
    if (configured === file) {
      throw new UserError(`.mvn/maven.config: -s ${file} makes every Maven run read it, but it holds <servers> logins, which must not be copied into the image. Fix: drop -s from .mvn/maven.config; the Dockerfile passes ${file} to Maven as a build secret.`);
    }
    evidence.push(`${file}: <servers> with logins: the build mounts it as the build secret maven-settings (mvn -s ${MAVEN_SETTINGS_SECRET}) and it is never copied${variables.length ? `; its \${env.…} values come from the build secrets ${variables.join(', ')}` : ''}`);
    return [
      {
        id: 'maven-settings',
        target: null,
        env: null,
        source: { file },
        required: true,
        credentialFiles: [file],
        why: `${file} holds <servers> logins; Maven reads it with -s ${MAVEN_SETTINGS_SECRET} while the dependency and build steps run, and .dockerignore keeps it out of COPY . .`,
      },
      ...variables.map((name) => envSecret(name, `${file} reads \${env.${name}}; Maven gets ${name} from this secret (set it on the build host).`)),
    ];
  }
  const hosts = [...new Set(poms.flatMap((pom) => [...(repo.readIfExists(pom) ?? '').matchAll(/<(?:plugin)?[Rr]epository>[\s\S]*?<url>\s*([^<\s]+)\s*<\/url>/g)].map((match) => urlHost(match[1], 'hostname'))))]
    .filter((host): host is string => host !== null && !PUBLIC_REPOSITORIES.has(host));
  if (hosts.length === 0) return [];
  evidence.push(`pom.xml: repositories on ${hosts.join(', ')}, not a public one: the build mounts $HOME/.m2/settings.xml (with its <servers> logins) as the optional build secret maven-settings`);
  return [
    {
      id: 'maven-settings',
      target: null,
      env: null,
      source: { file: '$HOME/.m2/settings.xml' },
      required: false,
      credentialFiles: [],
      why: `the poms name ${hosts.join(', ')}; Maven reads the logins from your $HOME/.m2/settings.xml, passed with -s ${MAVEN_SETTINGS_SECRET} when given (optional: a repository without login builds without it).`,
    },
  ];
}

/** The -s flag for the Maven commands: always for a required secret, only when it was given for an optional one. */
export function mavenSettingsFlag(secrets: BuildSecret[]): string {
  const settings = secrets.find((secret) => secret.id === 'maven-settings');
  if (!settings) return '';
  return settings.required ? ` -s ${MAVEN_SETTINGS_SECRET}` : ` $(test -f ${MAVEN_SETTINGS_SECRET} && echo -s ${MAVEN_SETTINGS_SECRET})`;
}

/**
 * Gradle: the project's gradle.properties is copied (it holds build settings), so a login written in it
 * would ship: refused, with the fix. A repository declared with `credentials(PasswordCredentials)`
 * reads <name>Username and <name>Password, which Gradle also takes from ORG_GRADLE_PROJECT_<property>
 * variables: those become secrets of that name.
 */
export function gradleCredentials(repo: Repo, scripts: string[], evidence: string[]): BuildSecret[] {
  for (const line of (repo.readIfExists('gradle.properties') ?? '').split(/\r?\n/)) {
    const match = /^\s*([^#!=:\s]+)\s*[=:]\s*(\S.*)$/.exec(line);
    if (!match || !GRADLE_SECRET_KEY.test(match[1])) continue;
    throw new UserError(`gradle.properties: ${match[1]} holds a credential, and the build copies gradle.properties into the image. Fix: remove it from gradle.properties and set ORG_GRADLE_PROJECT_${match[1]} on the build host (Gradle reads it as the same property); the build then gets it as a build secret.`);
  }
  const secrets: BuildSecret[] = [];
  for (const script of scripts) {
    const text = repo.readIfExists(script) ?? '';
    for (const match of text.matchAll(/credentials\s*\(\s*PasswordCredentials\b/g)) {
      // The repository's name is set in the same block, before its credentials.
      const before = text.slice(Math.max(0, match.index! - 600), match.index);
      const name = [...before.matchAll(/\bname\s*=?\s*["']([A-Za-z0-9]+)["']/g)].pop()?.[1];
      if (!name) continue;
      const variables = [`ORG_GRADLE_PROJECT_${name}Username`, `ORG_GRADLE_PROJECT_${name}Password`];
      evidence.push(`${script}: repository ${name} takes credentials(PasswordCredentials): the build reads ${variables.join(' and ')} from build secrets of those names`);
      for (const variable of variables) {
        if (secrets.some((secret) => secret.id === variable)) continue;
        secrets.push(envSecret(variable, `${script}: repository ${name}'s login; Gradle reads it from ${variable}, this secret (set it on the build host).`));
      }
    }
  }
  return secrets;
}
