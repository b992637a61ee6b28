import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectPython } from '../../generators/app/stacks/python/detect.js';
import { readCommand } from '../../generators/app/stacks/python/launch.js';
import { pythonStack } from '../../generators/app/stacks/python/index.js';
import { serverCommand } from '../../generators/app/stacks/python/servers.js';
import { serverScripts, type PySource } from '../../generators/app/stacks/python/sources.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

function project(files: Record<string, string>): Repo {
  const dir = emptyDir('py-runners');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const MAIN = 'if __name__ == "__main__":\n    main()\n';
const source = (file: string, text: string): PySource => ({ file, module: file.replace(/\.py$/, ''), text });

describe('locust load generators', () => {
  it('runs the locustfile with python -m locust, its web UI on 8089, even though flask is installed', () => {
    const detection = detectPython(Repo.open(fixturePath('python-locust')))!;
    expect(detection).toMatchObject({ framework: 'locust', server: 'locust', serverInstalled: true, entrypoint: 'locustfile.py', port: 8089 });
    expect(detection.evidence).toContain('locustfile.py: a locustfile (its users import locust), run with locust -f locustfile.py');
    const repo = Repo.open(fixturePath('python-locust'));
    const plan = pythonStack.plan(detection, {}, repo);
    expect(plan.context.entrypoint).toEqual(['/usr/bin/python3.13', '-m', 'locust', '-f', 'locustfile.py', '--web-port', '8089']);
    expect(plan.notes.join('\n')).toMatch(/--headless/);
    expect(plan.notes.join('\n')).not.toMatch(/Signals: python/);
  });

  it('takes a locustfile by another name, and leaves a project with its own flask app to gunicorn', () => {
    const other = detectPython(project({ 'requirements.txt': 'locust==2.47.0\n', 'shop_load.py': 'from locust import HttpUser\n\nclass U(HttpUser):\n    pass\n' }))!;
    expect(other).toMatchObject({ framework: 'locust', entrypoint: 'shop_load.py', port: 8089 });
    const app = detectPython(project({ 'requirements.txt': 'flask==3.1.3\nlocust==2.47.0\ngunicorn==26.2.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'locustfile.py': 'from locust import HttpUser\n' }))!;
    expect(app).toMatchObject({ framework: 'flask', server: 'gunicorn', entrypoint: 'app:app' });
  });

  it('reads locust -f and --web-port from a command line', () => {
    const repo = project({ 'load.py': '', 'locustfile.py': '' });
    expect(readCommand('locust -f load.py --headless -u 5 --web-port 9000', 'Procfile', repo)).toMatchObject({ server: 'locust', target: 'load.py', port: 9000 });
    expect(readCommand('locust --headless', 'Procfile', repo)).toMatchObject({ server: 'locust', target: 'locustfile.py', port: null });
    expect(serverCommand('py', 'locust', 'load.py', { port: 8089, iface: 'wsgi', config: null })).toEqual(['py', '-m', 'locust', '-f', 'load.py', '--web-port', '8089']);
  });
});

describe('several __main__ scripts: the one that starts a server is the service', () => {
  it.each([
    ['grpc', 'server = grpc.server(pool)\nserver.add_insecure_port("[::]:" + port)\nserver.start()\n'],
    ['socketserver', 'httpd.serve_forever()\n'],
    ['flask', 'app.run(host="0.0.0.0")\n'],
    ['uvicorn', 'uvicorn.run(api, host="0.0.0.0")\n'],
    ['aiohttp', 'web.run_app(app)\n'],
  ])('%s', (_kind, serverCode) => {
    const chosen = serverScripts([source('cart_client.py', `import grpc\n${MAIN}`), source('cart_server.py', `${serverCode}${MAIN}`)], ['cart_client.py', 'cart_server.py']);
    expect(chosen.scripts).toEqual(['cart_server.py']);
    expect(chosen.evidence[0]).toMatch(/^cart_server\.py: starts a server \(calls .+\), so it is the service rather than cart_client\.py$/);
  });

  it('never takes a client, test or bench script while a server script exists; several servers stay a question', () => {
    const sources = [
      source('client.py', `server.start()\n${MAIN}`),
      source('bench_load.py', `httpd.serve_forever()\n${MAIN}`),
      source('notes_server.py', `httpd.serve_forever()\n${MAIN}`),
    ];
    expect(serverScripts(sources, sources.map((s) => s.file)).scripts).toEqual(['notes_server.py']);
    const two = [source('a.py', `httpd.serve_forever()\n${MAIN}`), source('b.py', `app.run()\n${MAIN}`)];
    expect(serverScripts(two, ['a.py', 'b.py']).scripts).toEqual(['a.py', 'b.py']);
    const none = [source('a.py', MAIN), source('b.py', MAIN)];
    expect(serverScripts(none, ['a.py', 'b.py'])).toEqual({ scripts: ['a.py', 'b.py'], evidence: [] });
  });

  it('reads the port the server script binds from its environment default', () => {
    const detection = detectPython(Repo.open(fixturePath('python-server-client')))!;
    expect(detection).toMatchObject({ framework: null, entrypoint: 'ticket_server.py', port: 7070 });
    expect(detection.evidence).toContain('ticket_server.py: starts a server (calls serve_forever()), so it is the service rather than ticket_client.py');
  });
});
