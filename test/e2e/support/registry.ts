import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseImageRef } from '../../../generators/app/core/registry.js';
import { docker, dockerOk, e2eRequired, httpGet, run } from './docker.js';

/** Debian's docker-registry package (distribution 2.8): test/e2e/engine.sh installs it. */
const REGISTRY_BIN = '/usr/bin/docker-registry';

/**
 * A real OCI registry on 127.0.0.1, started for one suite: the stand-ins are pushed to it under their
 * Docker Hub and gcr.io names, and `--pin` is pointed at it with MULTISTAGE_REGISTRY_MIRROR.
 */
export class LocalRegistry {
  readonly pushed: string[] = [];
  #process: ChildProcess | null = null;
  #storage = '';
  port = 0;

  static available(): boolean {
    if (run(REGISTRY_BIN, ['--version']).code === 0) return true;
    if (e2eRequired) throw new Error(`E2E=required but ${REGISTRY_BIN} is missing: run test/e2e/engine.sh as root (it installs Debian's docker-registry).`);
    console.warn(`--pin e2e SKIPPED: ${REGISTRY_BIN} is missing (apt-get install docker-registry, or run test/e2e/engine.sh as root).`);
    return false;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The mirror setting that sends Docker Hub's and gcr.io's requests here. */
  get mirrorEnv(): string {
    return `docker.io=${this.url},gcr.io=${this.url}`;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    this.#storage = mkdtempSync(path.join(os.tmpdir(), 'ms-registry-'));
    const config = path.join(this.#storage, 'config.yml');
    // No auth (the package's own config wants htpasswd), storage in the temp dir, loopback only.
    writeFileSync(config, `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${this.#storage}/data\nhttp:\n  addr: 127.0.0.1:${this.port}\n  secret: multistage-e2e\n`);
    this.#process = spawn(REGISTRY_BIN, ['serve', config], { stdio: 'ignore' });
    await httpGet(`${this.url}/v2/`, 30_000);
    return this;
  }

  /** Where an image is pushed here: its repository path under localhost:PORT (golang → library/golang). */
  localName(image: string): string {
    const ref = parseImageRef(image);
    return `localhost:${this.port}/${ref.repository}:${ref.tag}`;
  }

  /**
   * Pushes a local image under its own name; `list` then replaces the tag with a one-entry manifest
   * list, as multi-platform images are published. Returns the digest the tag now names.
   */
  push(image: string, options: { list?: boolean } = {}): string {
    const local = this.localName(image);
    dockerOk(['tag', image, local]);
    this.pushed.push(local);
    const pushed = /digest: (sha256:[0-9a-f]{64})/.exec(dockerOk(['push', local], { timeoutMs: 600_000 }))?.[1];
    if (!pushed) throw new Error(`docker push ${local} printed no digest`);
    if (!options.list) return pushed;
    dockerOk(['manifest', 'create', '--insecure', local, `${local.replace(/:[^:]+$/, '')}@${pushed}`]);
    const list = /(sha256:[0-9a-f]{64})/.exec(dockerOk(['manifest', 'push', '--insecure', '--purge', local]))?.[1];
    if (!list) throw new Error(`docker manifest push ${local} printed no digest`);
    return list;
  }

  stop(): void {
    this.#process?.kill();
    this.#process = null;
    for (const local of this.pushed) docker(['rmi', local]);
    if (this.#storage) rmSync(this.#storage, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
