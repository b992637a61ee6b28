/** The scorecard: one block per entry with every field's verdict, then the summary. Pure text, no I/O. */
import type { Verdict } from './compare.js';
import { FIELDS, type EntryResult, type Field } from './evaluate.js';

export interface Summary {
  entries: number;
  missingTrees: number;
  fields: Record<Field, { right: number; total: number }>;
  generated: number;
  noAppRight: number;
  questions: { asked: number; fair: number };
  /** Entries that stopped on a question under --yes. */
  stoppedOnQuestion: number;
  errors: number;
  crashes: number;
  /** Counts over Dockerfiles (a monorepo has several). */
  builds: { attempted: number; built: number; ran: number; offline: number; failed: number; uid65532: number; noShell: number };
  seconds: number;
}

export function summarize(results: EntryResult[]): Summary {
  const present = results.filter((r) => !r.missingTree);
  const fields = Object.fromEntries(
    FIELDS.map((field) => {
      const judged = present.map((r) => r.fields[field]).filter((v) => v.status !== 'n/a');
      return [field, { right: judged.filter((v) => v.status === 'ok').length, total: judged.length }];
    }),
  ) as Summary['fields'];
  const outcomes = present.map((r) => r.outcome).filter((o) => o !== null);
  const questions = outcomes.flatMap((o) => o.questions);
  const builds = present.flatMap((r) => r.builds);
  const ran = (b: (typeof builds)[number]) => b.ran !== null && b.ran !== 'failed';
  return {
    entries: results.length,
    missingTrees: results.length - present.length,
    fields,
    generated: outcomes.filter((o) => o.kind === 'generated').length,
    noAppRight: outcomes.filter((o) => o.kind === 'no-app').length,
    questions: { asked: questions.length, fair: questions.filter((q) => q.fair).length },
    stoppedOnQuestion: outcomes.filter((o) => o.kind === 'question').length,
    errors: outcomes.filter((o) => o.kind === 'error').length,
    crashes: outcomes.filter((o) => o.kind === 'crash').length,
    builds: {
      attempted: builds.length,
      built: builds.filter((b) => b.built).length,
      ran: builds.filter(ran).length,
      offline: builds.filter((b) => b.offline).length,
      failed: builds.filter((b) => !b.built && !b.offline).length,
      uid65532: builds.filter((b) => b.built && /^65532(:65532)?(,65532)*$/.test(b.uid ?? '')).length,
      noShell: builds.filter((b) => b.built && b.shell === false).length,
    },
    seconds: results.reduce((sum, r) => sum + r.seconds, 0),
  };
}

const verdictText = (field: string, v: Verdict) =>
  v.status === 'ok' ? `${field} ok` : v.status === 'n/a' ? `${field} n/a${v.got ? ` (got ${v.got})` : ''}` : `${field} WRONG: got ${v.got ?? 'nothing'}, want ${v.want}`;

function outcomeText(r: EntryResult): string {
  const o = r.outcome;
  if (!o) return 'not run';
  switch (o.kind) {
    case 'generated':
      return `generated${r.generatedFiles > 1 ? ` (${r.generatedFiles} Dockerfiles)` : ''}`;
    case 'no-app':
      return `no app found (right: ${o.message})`;
    case 'question':
      return o.questions.map((q) => `QUESTION ${q.flag} ${q.fair ? 'fair' : 'UNFAIR'} (${q.why}; found: ${q.candidates.join(', ') || '-'})`).join('; ');
    case 'error':
      return `ERROR exit ${o.exitCode}: ${o.message}`;
    case 'crash':
      return `CRASH exit ${o.exitCode}: ${o.message}`;
  }
}

export function formatRow(r: EntryResult): string {
  const name = r.subdir ? `${r.repo}/${r.subdir}` : r.repo;
  if (r.missingTree) return `${name}  [${r.stack}]  MISSING TREE (extract it; counted apart)`;
  const lines = [`${name}  [${r.stack}]  ${r.seconds.toFixed(1)} s`, `  detect: ${FIELDS.map((f) => verdictText(f, r.fields[f])).join(' | ')}`, `  run ${r.args.join(' ')}${r.setAside ? ` (${r.setAside} hand-written Dockerfiles set aside)` : ''}: ${outcomeText(r)}${r.outcome?.noisy ? ' (after yeoman\'s red "An error occured" line)' : ''}`];
  for (const b of r.builds) {
    if (b.offline) lines.push(`  build ${b.name}: OFFLINE, needs ${b.offline}`);
    else if (!b.built) lines.push(`  build ${b.name}: FAILED after ${b.buildSeconds.toFixed(0)} s: ${b.error}`);
    else lines.push(`  build ${b.name}: built in ${b.buildSeconds.toFixed(0)} s, ${b.sizeMb} MB, user ${b.uid ?? '?'}, ${b.shell ? 'HAS A SHELL' : 'no shell'}, ${b.ran === 'failed' ? 'DID NOT RUN' : `ran (${b.ran})`}: ${b.probe}`);
  }
  return lines.join('\n');
}

export function formatSummary(s: Summary): string {
  const present = s.entries - s.missingTrees;
  const lines = [
    `Summary: ${present} of ${s.entries} entries evaluated${s.missingTrees ? `, ${s.missingTrees} trees missing (counted apart)` : ''}`,
    '',
    '| field | right/total |',
    '|---|---|',
    ...FIELDS.map((f) => `| ${f} | ${s.fields[f].right}/${s.fields[f].total} |`),
    '',
    '| outcome | count |',
    '|---|---|',
    `| generated with no extra flag | ${s.generated}/${present} |`,
    `| no app, and said so (right for an entry with none) | ${s.noAppRight} |`,
    `| questions asked under --yes (fair/asked) | ${s.questions.fair}/${s.questions.asked} |`,
    `| stopped on a question | ${s.stoppedOnQuestion} |`,
    `| errors | ${s.errors} |`,
    `| crashes | ${s.crashes} |`,
  ];
  if (s.builds.attempted > 0) {
    const b = s.builds;
    lines.push(
      '',
      '| Dockerfiles (--build) | count |',
      '|---|---|',
      `| attempted | ${b.attempted} |`,
      `| offline (needs what this machine cannot reach) | ${b.offline} |`,
      `| built / buildable here | ${b.built}/${b.attempted - b.offline} |`,
      `| failed (the Dockerfile's fault) | ${b.failed} |`,
      `| ran / built | ${b.ran}/${b.built} |`,
      `| uid 65532 / built | ${b.uid65532}/${b.built} |`,
      `| no shell / built | ${b.noShell}/${b.built} |`,
    );
  }
  lines.push('', `Time: ${s.seconds.toFixed(0)} s in all, ${(s.seconds / Math.max(present, 1)).toFixed(1)} s per entry`);
  return lines.join('\n');
}
