import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { planNode } from '../../generators/app/stacks/node/plan.js';
import { programsInSource } from '../../generators/app/stacks/node/programs.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

function project(pkg: object, files: Record<string, string>): Repo {
  const dir = emptyDir('node-programs');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const programs = (source: string) => programsInSource(source).map((found) => found.program);

describe('Node system programs: what the server runs through child_process', () => {
  it('reads the literal first argument of spawn, execFile and their Sync forms, however child_process is bound', () => {
    expect(programs("const { spawn } = require('child_process');\nspawn('ffmpeg', ['-i', file]);")).toEqual(['ffmpeg']);
    expect(programs("import { execFileSync as run } from 'node:child_process';\nrun('/usr/bin/git', ['fetch', remote]);")).toEqual(['git']);
    expect(programs("const cp = require(\"child_process\");\ncp.spawnSync(\"sqlite3\", [db]);")).toEqual(['sqlite3']);
    expect(programs("require('child_process').spawn('apprise', args);")).toEqual(['apprise']);
    expect(programs("const run = require('promisify-child-process');\nawait run.spawn('tailscale', ['ping']);")).toEqual(['tailscale']);
  });

  it('takes the first word of an exec command, and the shell exec runs it through', () => {
    expect(programs("const { exec } = require('child_process');\nexec(`ping -c 1 ${host}`, done);")).toEqual(['ping', 'sh']);
  });

  it('ignores node itself, computed programs and exec methods of other objects', () => {
    expect(programs("const { spawn, execFile } = require('child_process');\nspawn('node', ['worker.js']);\nspawn(process.execPath, []);\nexecFile(cmd, args);")).toEqual([]);
    // A database driver's exec, in a file that never loads child_process.
    expect(programs("await db.exec('DELETE FROM heartbeat');\nawait R.exec(\"UPDATE user SET a = 1\");")).toEqual([]);
    // Loaded, but the exec called is the driver's.
    expect(programs("const { fork } = require('child_process');\nawait R.exec('PRAGMA optimize');")).toEqual([]);
  });

  it('skips git reading the project history (the image has no .git), not git doing work', () => {
    expect(programs("const { execSync, execFileSync } = require('child_process');\nexecSync('git rev-parse --short HEAD');\nexecFileSync('git', ['describe', '--tags']);")).toEqual([]);
    expect(programs("const { execFile } = require('child_process');\nexecFile('git', ['clone', url, dir]);")).toEqual(['git']);
  });

  it('counts a dependency known to shell out, and skips tests and dev scripts', () => {
    const repo = project(
      { name: 'watch', scripts: { start: 'node index.js' }, dependencies: { 'fluent-ffmpeg': '^2.1.3', '@someone/ping': '^0.4.4' } },
      { 'index.js': "require('http').createServer().listen(3000);", 'test/run.js': "require('child_process').execFileSync('curl', ['-f', url]);", 'scripts/release.js': "require('child_process').execSync('git tag v1');" },
    );
    const detection = detectNode(repo)!;
    expect(detection.systemPrograms).toEqual({ programs: ['ffmpeg', 'ffprobe', 'ping'], aptPackages: ['ffmpeg', 'iputils-ping'], unknown: [] });
    expect(detection.evidence).toContain('package.json: @someone/ping runs the system ping program');
  });

  it('names programs it knows no package for, and warns instead of guessing one', () => {
    const repo = project({ name: 'svc', scripts: { start: 'node index.js' } }, { 'index.js': "const { execFile } = require('child_process');\nexecFile('systemctl', ['is-active', name]);" });
    const detection = detectNode(repo)!;
    expect(detection.systemPrograms).toEqual({ programs: ['systemctl'], aptPackages: [], unknown: ['systemctl'] });
    expect(detection.evidence.join('\n')).toMatch(/systemctl: warning: no Debian package known/);
    const plan = planNode(detection, {}, repo);
    expect(plan.runtimeImage).toBe('node:24-trixie-slim');
    expect(plan.notes.join('\n')).toMatch(/no package known to this generator: systemctl/);
  });

  it('falls back to the Debian Node image with the apt packages, as 65532, when the server runs ping', () => {
    const repo = Repo.open(fixturePath('node-ping'));
    const detection = detectNode(repo)!;
    expect(detection.evidence).toContain("lib/probe.js: execFile('ping', …) runs the system ping program");
    const plan = planNode(detection, {}, repo);
    expect(plan).toMatchObject({ runtimeImage: 'node:24-trixie-slim', context: { aptPackages: ['iputils-ping'], systemPrograms: ['ping'], entrypoint: ['/usr/local/bin/node'] } });
    expect(plan.notes.join('\n')).toMatch(/not distroless: the server runs ping[\s\S]*user 65532 created in the image/);
  });

  it('stays on distroless when the server runs no system program', () => {
    const repo = Repo.open(fixturePath('node-devtool'));
    const detection = detectNode(repo)!;
    expect(detection.systemPrograms.programs).toEqual([]);
    expect(planNode(detection, {}, repo).runtimeImage).toMatch(/^gcr\.io\/distroless\/nodejs24-debian13:nonroot$/);
  });
});
