import type { Verdict } from '../../bench/eval/compare.js';
import type { EntryResult } from '../../bench/eval/evaluate.js';
import { formatRow, formatSummary, summarize } from '../../bench/eval/report.js';

const ok: Verdict = { status: 'ok', got: 'x', want: 'x' };
const na: Verdict = { status: 'n/a', got: null, want: null };

function entry(overrides: Partial<EntryResult>): EntryResult {
  return {
    repo: 'owner/app',
    subdir: null,
    stack: 'go',
    missingTree: false,
    fields: { stack: ok, languageVersion: ok, packageManager: ok, entrypoint: ok, port: ok, runtime: ok },
    outcome: { kind: 'generated', exitCode: 0, message: '', questions: [] },
    args: ['--yes'],
    generatedFiles: 1,
    builds: [],
    seconds: 2,
    ...overrides,
  };
}

const results: EntryResult[] = [
  entry({
    builds: [{ name: 'app', built: true, offline: null, error: null, buildSeconds: 30, sizeMb: 7.1, uid: '65532', shell: false, ran: 'http', probe: 'HTTP 200 on 8080' }],
  }),
  entry({
    repo: 'owner/cli',
    fields: { stack: ok, languageVersion: ok, packageManager: ok, entrypoint: ok, port: { status: 'wrong', got: '6060', want: '8080' }, runtime: na },
    outcome: { kind: 'question', exitCode: 2, message: 'x', questions: [{ flag: '--main', candidates: ['.', './tools'], fair: false, why: 'only . of 2 is plausibly the app' }] },
  }),
  entry({
    repo: 'owner/py',
    stack: 'python',
    builds: [{ name: 'py', built: false, offline: 'Python package Flask==3.1.0 (not in the local PyPI mirror)', error: null, buildSeconds: 4, sizeMb: null, uid: null, shell: null, ran: null, probe: null }],
  }),
  entry({ repo: 'owner/crash', outcome: { kind: 'crash', exitCode: 1, message: 'TypeError: Invalid Version: 3.6', questions: [] } }),
  entry({ repo: 'owner/gone', missingTree: true }),
];

test('the summary counts each field over the entries where the truth states it, and builds apart from offline ones', () => {
  const summary = summarize(results);
  expect(summary.fields.port).toEqual({ right: 3, total: 4 });
  expect(summary.fields.runtime).toEqual({ right: 3, total: 3 });
  expect(summary).toMatchObject({ entries: 5, missingTrees: 1, generated: 2, stoppedOnQuestion: 1, errors: 0, crashes: 1, questions: { asked: 1, fair: 0 } });
  expect(summary.builds).toEqual({ attempted: 2, built: 1, ran: 1, offline: 1, failed: 0, uid65532: 1, noShell: 1 });
});

test('rows and summary as the scorecard prints them', () => {
  const text = [...results.map(formatRow), formatSummary(summarize(results))].join('\n');
  expect(text).toContain('port WRONG: got 6060, want 8080');
  expect(text).toContain('QUESTION --main UNFAIR (only . of 2 is plausibly the app; found: ., ./tools)');
  expect(text).toContain('build py: OFFLINE, needs Python package Flask==3.1.0 (not in the local PyPI mirror)');
  expect(text).toContain('build app: built in 30 s, 7.1 MB, user 65532, no shell, ran (http): HTTP 200 on 8080');
  expect(text).toContain('CRASH exit 1: TypeError: Invalid Version: 3.6');
  expect(text).toContain('owner/gone  [go]  MISSING TREE');
  expect(text).toContain('| port | 3/4 |');
  expect(text).toContain('| built / buildable here | 1/1 |');
  expect(text).toContain('| crashes | 1 |');
});
