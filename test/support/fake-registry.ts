import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from './fixtures.js';

/**
 * Manifests recorded from Debian's docker-registry 2.8.2 on loopback (the e2e suite's registry): a
 * Docker manifest list made by `docker manifest push` and the image manifest `docker push` wrote, with
 * the Docker-Content-Digest each was served with. Exact bytes: the digest is their sha256.
 */
const recorded = (file: string) => readFileSync(path.join(repoRoot, 'test', 'support', 'registry', file));
export const RECORDED = {
  list: {
    body: recorded('docker-manifest-list.json'),
    type: 'application/vnd.docker.distribution.manifest.list.v2+json',
    digest: 'sha256:ef058278540a1fea835d847a541239d1fed42862e756c6f327f069f7ddf0df02',
  },
  manifest: {
    body: recorded('docker-manifest.json'),
    type: 'application/vnd.docker.distribution.manifest.v2+json',
    digest: 'sha256:113c58e1a4d19a961b3c9da569b31111afbc74f1484c766a5b10f81d31b8add9',
  },
};

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Seen {
  method: string;
  url: string;
  authorization?: string;
  accept?: string;
}

/** A local HTTP server answering each request from a handler; `seen` lists what was asked, in order. */
export class FakeRegistry {
  readonly seen: Seen[] = [];
  #server: Server | null = null;
  url = '';

  constructor(readonly handle: (request: Seen) => Reply) {}

  async start(): Promise<this> {
    this.#server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const seen: Seen = { method: request.method ?? 'GET', url: request.url ?? '/', authorization: request.headers.authorization, accept: request.headers.accept };
      this.seen.push(seen);
      const reply = this.handle(seen);
      const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body);
      // A HEAD answer carries the GET's Content-Length but no body, as a registry's does.
      response.writeHead(reply.status, { 'Content-Length': String(body.length), ...reply.headers });
      response.end(seen.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (this.#server) await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }
}
