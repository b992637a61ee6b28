// A static file server on 127.0.0.1 that answers only requests carrying the credential: the stand-in
// for a company's private registry (npm, PyPI simple index or Maven repository) in the build-secret
// e2e tests. Run as its own process, because the tests block their event loop in `docker build`.
//
//   node serve.mjs <root> <port> <user> <secret> [<cert.pem> <key.pem>]
//
// With a certificate and key it speaks HTTPS: Go sends a ~/.netrc login over HTTPS only.
//
// Accepted: `Authorization: Bearer <secret>` (npm's _authToken) or Basic <user>:<secret> (pip with a
// netrc, Maven with a settings.xml server). Anything else gets 401 with a Basic challenge, which is
// what makes pip and Maven send their credentials. A folder is answered with its index.json (an npm
// packument) or index.html (a PEP 503 page).
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import path from 'node:path';

const [root, port, user, secret, cert, key] = process.argv.slice(2);
const accepted = new Set([`Bearer ${secret}`, `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`]);
const TYPES = { '.json': 'application/json', '.html': 'text/html', '.tgz': 'application/octet-stream', '.pom': 'text/xml', '.xml': 'text/xml' };

function fileFor(urlPath) {
  // npm asks for a scoped package as /@scope%2fname.
  const target = path.join(root, path.normalize(decodeURIComponent(urlPath.split('?')[0])).replace(/^(\.\.[/\\])+/, ''));
  const stat = statSync(target, { throwIfNoEntry: false });
  if (stat?.isFile()) return target;
  if (stat?.isDirectory()) return ['index.json', 'index.html'].map((name) => path.join(target, name)).find((file) => statSync(file, { throwIfNoEntry: false })?.isFile()) ?? null;
  return null;
}

const serve = (request, response) => {
  if (!accepted.has(request.headers.authorization ?? '')) {
    response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="private"', 'Content-Type': 'text/plain' });
    response.end('credentials required\n');
    return;
  }
  const file = fileFor(request.url ?? '/');
  if (!file) {
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('not found\n');
    return;
  }
  response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
};

const server = cert ? createSecureServer({ cert: readFileSync(cert), key: readFileSync(key) }, serve) : createServer(serve);
server.listen(Number(port), '127.0.0.1', () => console.log(`serving ${root} on 127.0.0.1:${port}${cert ? ' (https)' : ''}`));
