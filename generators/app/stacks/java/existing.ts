import { existingFacts, statedLanguage, statedPort, type ImageVersion } from '../../core/existing-dockerfile.js';
import type { Repo } from '../../core/repo.js';

const JDK_IMAGE = /(^|\/)(eclipse-temurin|openjdk|amazoncorretto|ibm-semeru-runtimes|sapmachine)$/;
const BUILD_TOOL_IMAGE = /(^|\/)(maven|gradle)$/;

/** `eclipse-temurin:21-jre` -> 21, `openjdk:8u292-jre` -> 8; a build tool's tag names its JDK after the tool's own version (`maven:3.9-eclipse-temurin-17`, `gradle:8.5-jdk17`). */
export const javaImageVersion: ImageVersion = (name, tag) => {
  if (BUILD_TOOL_IMAGE.test(name)) return /(?:temurin|openjdk|jdk|corretto|semeru|sapmachine)-?(\d{1,2})\b/.exec(tag)?.[1] ?? null;
  return JDK_IMAGE.test(name) ? /^(\d{1,2})(?:[.\-_u]|$)/.exec(tag)?.[1] ?? null : null;
};

/** The existing setup's port (EXPOSE, -Dserver.port, fly.toml), when no config file names one. */
export function statedJavaPort(repo: Repo): { port: number; evidence: string[] } | null {
  const stated = statedPort(existingFacts(repo));
  return stated ? { port: stated.port, evidence: [stated.evidence] } : null;
}

/** `FROM eclipse-temurin:17-jre`, `maven:3.9-eclipse-temurin-17`: the Java the existing image ran, when no build file states a release. */
export function statedJavaRelease(repo: Repo): { release: number; evidence: string } | null {
  const stated = statedLanguage(existingFacts(repo), javaImageVersion);
  return stated ? { release: Number(stated.version), evidence: `${stated.at}: FROM ${stated.image}: Java ${stated.version}, the release the existing image runs (no build file states one)` } : null;
}
