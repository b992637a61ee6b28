import { existingFacts, statedLanguage, statedPort } from '../../core/existing-dockerfile.js';
import type { Repo } from '../../core/repo.js';

/** The existing setup's port (EXPOSE, -Dserver.port, fly.toml), when no config file names one. */
export function statedJavaPort(repo: Repo): { port: number; evidence: string[] } | null {
  const stated = statedPort(existingFacts(repo));
  return stated ? { port: stated.port, evidence: [stated.evidence] } : null;
}

/** `FROM eclipse-temurin:17-jre`, `maven:3.9-eclipse-temurin-17`: the Java the existing image ran, when no build file states a release. */
export function statedJavaRelease(repo: Repo): { release: number; evidence: string } | null {
  const stated = statedLanguage(existingFacts(repo), 'java');
  return stated ? { release: Number(stated.version), evidence: `${stated.at}: FROM ${stated.image}: Java ${stated.version}, the release the existing image runs (no build file states one)` } : null;
}
