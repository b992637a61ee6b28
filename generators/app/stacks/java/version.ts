import semver from 'semver';

/**
 * Maven, Gradle and Spring Boot versions as build files write them ("3.6", "3.6.3", "2.2.5.RELEASE",
 * "3.0.0-M1", "11") as semver; null for what has no leading number ("${revision}", "LATEST").
 * semver itself throws on "3.6", so every comparison in the Java stacks goes through here.
 */
export function coerceVersion(value: string | null | undefined): semver.SemVer | null {
  if (!value || !/^\s*v?\d/.test(value)) return null;
  return semver.coerce(value);
}

/** version >= min; an unknown version counts as new enough (the generator assumes current tools). */
export function atLeast(version: string | null | undefined, min: string): boolean {
  const v = coerceVersion(version);
  const m = coerceVersion(min);
  return v && m ? semver.gte(v, m) : true;
}

/** version < max, false when the version is unknown (nothing is pinned that we cannot read). */
export function below(version: string | null | undefined, max: string): boolean {
  const v = coerceVersion(version);
  const m = coerceVersion(max);
  return v && m ? semver.lt(v, m) : false;
}

/** "3.6.3" -> "3.6": the major.minor an image tag names. */
export function majorMinor(version: string): string | null {
  const v = coerceVersion(version);
  return v ? `${v.major}.${v.minor}` : null;
}
