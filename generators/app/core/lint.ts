import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { stageFroms } from './stages.js';

export interface LintProblem {
  rule: string;
  line: number;
  message: string;
}

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

/** Files that exist only to hold credentials: whatever the project, none may reach a stage. */
export const CREDENTIAL_FILES = ['.netrc', '_netrc', '.git-credentials', '.pypirc'];
/** A registry credential written into a value: a URL with user:password@, npm's auth keys. */
const REGISTRY_CREDENTIAL = /:\/\/[^/\s:@]+:[^/\s@]+@|(_authToken|_auth|_password|npmAuthToken|npmAuthIdent)\b/;

interface LintOptions {
  /** The project's own credential files (a .npmrc with a token): never COPY sources either. */
  credentialFiles: string[];
}

type Rule = (dockerfile: Dockerfile, text: string, options: LintOptions) => LintProblem[];

const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;

const rules: Record<string, Rule> = {
  'pinned-base-image': (dockerfile) =>
    stageFroms(dockerfile).flatMap(({ from: image, fromStage, instruction }) => {
      const tag = image.includes('@') ? 'digest' : /:([^/]+)$/.exec(image)?.[1];
      if (fromStage || image === 'scratch' || (tag && tag !== 'latest')) return [];
      return [{ rule: 'pinned-base-image', line: lineOf(instruction), message: `${image || 'FROM'} has no pinned tag (or uses latest)` }];
    }),
  'stage-naming': (dockerfile) =>
    dockerfile.getFROMs().flatMap((from) => {
      const text = from.toString();
      const stage = from.getBuildStage();
      if (!stage) return [{ rule: 'stage-naming', line: lineOf(from), message: 'every stage needs a name (FROM image AS name)' }];
      if (stage !== stage.toLowerCase() || !/\sAS\s/.test(text)) {
        return [{ rule: 'stage-naming', line: lineOf(from), message: 'stage names are lowercase and AS is uppercase' }];
      }
      return [];
    }),
  'exec-form': (dockerfile) =>
    dockerfile
      .getInstructions()
      .filter((i) => ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()) && !(i.getArgumentsContent() ?? '').trim().startsWith('['))
      .map((i) => ({ rule: 'exec-form', line: lineOf(i), message: `${i.getKeyword()} must use exec (JSON array) form so signals reach the app` })),
  'non-root-final-stage': (dockerfile) => {
    const stages = dockerfile.getFROMs();
    const last = stages[stages.length - 1];
    if (!last) return [{ rule: 'non-root-final-stage', line: 1, message: 'no FROM instruction' }];
    const finalStart = last.getRange().start.line;
    const users = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'USER' && i.getRange().start.line > finalStart);
    const user = users[users.length - 1]?.getArgumentsContent()?.trim();
    if (!user) return [{ rule: 'non-root-final-stage', line: lineOf(last), message: 'the final stage sets no USER' }];
    if (/^(root|0)(:|$)/.test(user)) return [{ rule: 'non-root-final-stage', line: lineOf(users[users.length - 1]), message: 'the final stage runs as root' }];
    return [];
  },
  'no-secrets-in-build-args': (dockerfile) =>
    dockerfile
      .getInstructions()
      .filter((i) => ['ARG', 'ENV'].includes(i.getKeyword()))
      .flatMap((i) => {
        const names = (i.getArgumentsContent() ?? '').split(/\s+/).map((word) => word.split('=')[0]);
        const secret = names.find((name) => SECRET_NAME.test(name));
        return secret ? [{ rule: 'no-secrets-in-build-args', line: lineOf(i), message: `${secret} in ${i.getKeyword()} ends up in the image history; use RUN --mount=type=secret` }] : [];
      }),
  'no-credentials-in-layers': (dockerfile, _text, { credentialFiles }) => {
    const names = new Set([...CREDENTIAL_FILES, ...credentialFiles].map((file) => file.replace(/^\.\//, '')));
    return dockerfile.getInstructions().flatMap((i) => {
      const keyword = i.getKeyword();
      const words = (i.getArgumentsContent() ?? '').split(/\s+/).filter(Boolean);
      // From the context or from another stage: either way the file is in a layer.
      if (['COPY', 'ADD'].includes(keyword)) {
        // Every word but the destination (and the flags) is a source.
        const sources = words.filter((word) => !word.startsWith('--')).slice(0, -1).map((word) => word.replace(/^\.\//, ''));
        const credential = sources.find((source) => names.has(source) || names.has(source.split('/').pop()!));
        if (credential) return [{ rule: 'no-credentials-in-layers', line: lineOf(i), message: `${keyword} ${credential} puts a credential file in a layer; mount it with RUN --mount=type=secret` }];
      }
      if (['ARG', 'ENV'].includes(keyword) && REGISTRY_CREDENTIAL.test(i.getArgumentsContent() ?? '')) {
        return [{ rule: 'no-credentials-in-layers', line: lineOf(i), message: `a registry credential in ${keyword} ends up in the image history; use RUN --mount=type=secret` }];
      }
      return [];
    });
  },
  'copy-from-earlier-stage': (dockerfile) => {
    const problems: LintProblem[] = [];
    const earlier = new Set<string>();
    let current: string | null = null;
    for (const instruction of dockerfile.getInstructions()) {
      if (instruction.getKeyword() === 'FROM') {
        // A stage becomes visible to COPY --from only once the next stage starts.
        if (current) earlier.add(current);
        current = (instruction as From).getBuildStage()?.toLowerCase() ?? null;
        continue;
      }
      if (instruction.getKeyword() !== 'COPY') continue;
      const from = /--from=(\S+)/.exec(instruction.toString())?.[1];
      if (from && !earlier.has(from.toLowerCase())) {
        problems.push({ rule: 'copy-from-earlier-stage', line: lineOf(instruction), message: `COPY --from=${from} names no earlier stage` });
      }
    }
    return problems;
  },
  'portable-syntax': (_dockerfile, text) =>
    text.split('\n').flatMap((line, index) => {
      if (/^#\s*syntax\s*=/i.test(line)) return [{ rule: 'portable-syntax', line: index + 1, message: '# syntax= pulls a frontend image and fails offline' }];
      if (/<<-?\s*["']?[A-Z]+/.test(line) && !line.trimStart().startsWith('#')) return [{ rule: 'portable-syntax', line: index + 1, message: 'heredocs need a newer frontend than Docker 20.10 has' }];
      if (/^\s*COPY\b.*--link\b/.test(line)) return [{ rule: 'portable-syntax', line: index + 1, message: 'COPY --link needs a newer frontend than Docker 20.10 has' }];
      return [];
    }),
};

/** dockerfile-utils' validator (default settings) plus this project's own rules. */
export function lintDockerfile(text: string, options: Partial<LintOptions> = {}): LintProblem[] {
  const dockerfile = DockerfileParser.parse(text);
  const syntax = validate(text).map((diagnostic) => ({
    rule: `dockerfile-utils:${diagnostic.code ?? 'problem'}`,
    line: diagnostic.range.start.line + 1,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  }));
  return [...syntax, ...Object.values(rules).flatMap((rule) => rule(dockerfile, text, { credentialFiles: options.credentialFiles ?? [] }))];
}

export function formatProblems(file: string, problems: LintProblem[]): string {
  return problems.map((p) => `${file}:${p.line}: [${p.rule}] ${p.message}`).join('\n');
}
