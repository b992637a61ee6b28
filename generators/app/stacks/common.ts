import path from 'node:path';
import type { Plan, Question, StackId } from './types.js';

/** Every stack writes its own Dockerfile template plus the shared .dockerignore, and has a naive twin for --build. */
export function standardOutputs(stack: StackId): Pick<Plan, 'files' | 'naiveTemplate'> {
  return {
    files: [
      { template: `${stack}/Dockerfile.ejs`, destination: 'Dockerfile' },
      { template: '_shared/dockerignore.ejs', destination: '.dockerignore' },
    ],
    naiveTemplate: `${stack}/Dockerfile.naive.ejs`,
  };
}

/** The port question every stack asks: the detected port as default, the port evidence beside it. */
export function portQuestion(port: number | null, evidence: string[]): Question {
  return {
    name: 'port',
    flag: 'port',
    message: 'Port the app listens on (empty for none)',
    type: 'port',
    default: port,
    evidence: evidence.filter((line) => /port/i.test(line)),
  };
}

/** One COPY per folder keeps each file at its own path (a module's go.mod, requirements/base.txt). */
export function groupByFolder(files: string[]): Array<{ sources: string[]; target: string }> {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const dir = path.posix.dirname(file);
    groups.set(dir, [...(groups.get(dir) ?? []), file]);
  }
  return [...groups].map(([dir, sources]) => ({ sources, target: dir === '.' ? './' : `./${dir}/` }));
}
