/**
 * The production deployment (docker-compose.yml, cms/Dockerfile, scripts/Dockerfile.builder,
 * web/nginx.conf.template), tested without a Docker engine:
 * - Debian's docker-compose parses the compose file with .env.example's values, and refuses it
 *   when a secret is missing; services start in order, each with a health check, and are wired
 *   to each other (addresses, the shared secret, the shared site volume);
 * - every path the Dockerfiles copy exists, every command they run exists after the install;
 * - the builder's command runs as the builder container would, with the compose file's variables;
 * - Debian's nginx runs web/nginx.conf.template (only the port, the site root and temporary folders
 *   changed) over a site folder whose `current` link is switched like the builder does;
 * - the CMS answers the path its health check asks for.
 * docker-compose and nginx come from Debian (.ci/run installs them); without them these tests are
 * skipped, with the reason, except under CI, where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { freePort } from '../lib/ports.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../lib/paths.js';

const composeFile = path.join(repoRoot, 'docker-compose.yml');
const nginxConfFile = path.join(repoRoot, 'web', 'nginx.conf.template');
/** What the nginx image's entrypoint does to the template: fill in the environment's variables. */
const cmsPublicUrl = 'https://cms.iro-network.test';
const renderTemplate = (text: string) => text.replaceAll('${CMS_PUBLIC_URL}', cmsPublicUrl);
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';

// ---------------------------------------------------------------------------------------------
// Tools and helpers
// ---------------------------------------------------------------------------------------------

function findTool(name: string, fallbacks: string[] = []): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  return found || fallbacks.find((candidate) => existsSync(candidate));
}

const dockerCompose = findTool('docker-compose');
const nginx = findTool('nginx', ['/usr/sbin/nginx']);

type Suite = (name: string, body: () => void) => void;

/** A describe that needs a Debian tool: skipped (saying why) when it is missing, failed under CI. */
function needs(tool: string, found: string | undefined): Suite {
  if (found) return (name, body) => describe(name, body);
  const why = `${tool} is not installed (apt-get install ${tool}; .ci/run installs it when missing)`;
  if (inCi) {
    return (name) =>
      describe(name, () =>
        test(`${tool} is installed`, () => {
          throw new Error(why);
        }),
      );
  }
  return (name, body) => describe.skip(`${name} [skipped: ${why}]`, body);
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `iro-deploy-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describeState: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describeState() ? `\n${describeState()}` : ''}`);
    await sleep(200);
  }
}

const fetchOrUndefined = (url: string, init?: RequestInit) => fetch(url, init).catch(() => undefined);

/** Runs a process to its end; resolves with its exit code and output. */
function runToEnd(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Stops a child process: the signal first, SIGKILL if it is still there after `graceMs`. */
async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Child processes get the Node that runs the tests first on PATH (node_modules/.bin scripts use `env node`). */
const childPath = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;

/** KEY=VALUE lines of a dotenv file. */
function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) values[match[1]!] = match[2]!.trim();
  }
  return values;
}
const envExample = parseEnvFile(readFileSync(path.join(repoRoot, '.env.example'), 'utf8'));
const toEnvFile = (values: Record<string, string>) => Object.entries(values).map(([key, value]) => `${key}=${value}\n`).join('');

// ---------------------------------------------------------------------------------------------
// docker-compose
// ---------------------------------------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  ports?: (string | { target: number; published?: number | string })[];
  volumes?: (string | { type?: string; source?: string; target: string; read_only?: boolean })[];
}
interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/**
 * `docker-compose config` with the given .env (through --env-file), in a clean environment: the
 * caller's own variables must not stand in for a missing one.
 */
function composeConfig(values: Record<string, string>) {
  const dir = tempDir('compose');
  writeFileSync(path.join(dir, '.env'), toEnvFile(values));
  const result = spawnSync(dockerCompose!, ['--file', composeFile, '--env-file', path.join(dir, '.env'), 'config'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The normalised YAML docker-compose prints, as an object (PyYAML comes with docker-compose). */
function yamlToObject(yaml: string): ComposeConfig {
  const result = spawnSync('python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: yaml, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not read docker-compose's output as YAML: ${result.stderr}`);
  return JSON.parse(result.stdout) as ComposeConfig;
}

let configCache: ComposeConfig | undefined;
function loadConfig(): ComposeConfig {
  if (!configCache) {
    const result = composeConfig(envExample);
    if (result.status !== 0) throw new Error(`docker-compose config failed with .env.example's values:\n${result.stderr}`);
    configCache = yamlToObject(result.stdout);
  }
  return configCache;
}

const healthcheckCommand = (service: ComposeService): string[] => {
  const check = service.healthcheck?.test;
  return Array.isArray(check) ? check : check ? ['CMD-SHELL', check] : [];
};
const dependsOn = (service: ComposeService): Record<string, string | undefined> =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, undefined]))
    : Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([name, rule]) => [name, rule.condition]));

/** Named volumes a service mounts, as { volume name: target path }. */
function namedVolumes(config: ComposeConfig, service: ComposeService): Record<string, string> {
  const mounts: Record<string, string> = {};
  for (const volume of service.volumes ?? []) {
    const [source, target] = typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target];
    if (source && target && config.volumes && source in config.volumes) mounts[source] = target;
  }
  return mounts;
}

/** The one URL inside a health check command. */
function healthcheckUrl(service: ComposeService): URL {
  const match = /https?:\/\/[^\s'"`)]+/.exec(healthcheckCommand(service).join(' '));
  if (!match) throw new Error(`no URL in the health check ${JSON.stringify(service.healthcheck)}`);
  return new URL(match[0]);
}

/**
 * Runs a `["CMD", "node", ...]` health check outside Docker, aimed at `target` instead of the
 * container's own address.
 */
function runNodeHealthcheck(service: ComposeService, target: string) {
  const [kind, executable, ...args] = healthcheckCommand(service);
  expect(kind).toBe('CMD');
  expect(executable).toBe('node');
  const original = healthcheckUrl(service).origin;
  return runToEnd(process.execPath, args.map((arg) => arg.replaceAll(original, target)), { env: { PATH: childPath }, timeoutMs: 20_000 });
}

const needsCompose = needs('docker-compose', dockerCompose);

needsCompose('docker-compose.yml', () => {
  test('parses with the values of .env.example (docker-compose config exits 0)', () => {
    const result = composeConfig(envExample);
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.status).toBe(0);
    const config = yamlToObject(result.stdout);
    expect(Object.keys(config.services).sort()).toEqual(['builder', 'cms', 'mailpit', 'postgres', 'web']);
    // The values reach the services.
    expect(config.services.builder!.environment!.SITE_BUILDER_SECRET).toBe(envExample.SITE_BUILDER_SECRET);
    expect(config.services.builder!.environment!.SITE_URL).toBe(envExample.SITE_URL);
  });

  test.each(['SITE_BUILDER_SECRET', 'POSTGRES_PASSWORD', 'APP_KEYS', 'SITE_URL'])('refuses to start without %s, saying which to set', (name) => {
    const { [name]: _left, ...withoutIt } = envExample;
    const result = composeConfig(withoutIt);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`set ${name} in .env`);
  });

  test('every service has a health check, and each waits for the one before to be healthy: postgres → cms → builder → web', () => {
    const { services } = loadConfig();
    for (const [name, service] of Object.entries(services)) {
      const command = healthcheckCommand(service);
      expect(command.length, `${name} has no health check`).toBeGreaterThan(1);
      expect(command[0], `${name}'s health check is disabled`).not.toBe('NONE');
    }
    expect(dependsOn(services.cms!)).toEqual({ postgres: 'service_healthy' });
    expect(dependsOn(services.builder!)).toEqual({ cms: 'service_healthy' });
    expect(dependsOn(services.web!)).toEqual({ builder: 'service_healthy' });
    expect(dependsOn(services.postgres!)).toEqual({});

    // The start order the dependencies give (a topological sort): one chain, in this order.
    const order: string[] = [];
    const remaining = new Set(Object.keys(services).filter((name) => name !== 'mailpit'));
    while (remaining.size > 0) {
      const ready = [...remaining].filter((name) => Object.keys(dependsOn(services[name]!)).every((dependency) => order.includes(dependency)));
      expect(ready.length, `a dependency cycle among ${[...remaining].join(', ')}`).toBeGreaterThan(0);
      expect(ready.length, `${ready.join(' and ')} would start together`).toBe(1);
      order.push(ready[0]!);
      remaining.delete(ready[0]!);
    }
    expect(order).toEqual(['postgres', 'cms', 'builder', 'web']);
  });

  test('the services find each other: webhook address and secret, the CMS address, the database', () => {
    const { services } = loadConfig();
    const cms = services.cms!.environment!;
    const builder = services.builder!.environment!;
    // The CMS posts its webhooks to the builder service, on the port the builder listens on.
    expect(cms.SITE_BUILDER_URL).toBe(`http://builder:${builder.BUILDER_PORT}/webhook`);
    expect(builder.BUILDER_HOST).toBe('0.0.0.0');
    expect(cms.SITE_BUILDER_SECRET).toBe(builder.SITE_BUILDER_SECRET);
    expect(builder.SITE_BUILDER_SECRET!.length, 'the builder refuses a secret under 16 characters').toBeGreaterThanOrEqual(16);
    // The builder reads the CMS on the port the CMS listens on (its health check's port).
    const cmsPort = healthcheckUrl(services.cms!).port;
    expect(builder.CMS_URL).toBe(`http://cms:${cmsPort}`);
    expect(services.cms!.ports!.some((port) => (typeof port === 'string' ? port.endsWith(`:${cmsPort}`) : String(port.target) === cmsPort))).toBe(true);
    // The builder's health check asks the port it listens on.
    expect(healthcheckUrl(services.builder!).port).toBe(builder.BUILDER_PORT);
    expect(new URL(cms.DATABASE_URL!).host).toBe('postgres:5432');
    expect(new URL(cms.DATABASE_URL!).password).toBe(envExample.POSTGRES_PASSWORD);
  });

  test('the builder writes the site where the web server reads it, and keeps its cache and the uploads on volumes', () => {
    const config = loadConfig();
    const { builder, web, cms } = config.services;
    const builderMounts = namedVolumes(config, builder!);
    const webMounts = namedVolumes(config, web!);
    // SITE_ROOT is a named volume of the builder, which the web server mounts too (read-only)...
    const siteVolume = Object.keys(builderMounts).find((name) => builderMounts[name] === builder!.environment!.SITE_ROOT);
    expect(siteVolume, 'SITE_ROOT is not on a named volume').toBeDefined();
    expect(webMounts[siteVolume!], `web does not mount ${siteVolume}`).toBeDefined();
    expect(web!.volumes!.some((volume) => typeof volume === 'string' && volume.startsWith(`${siteVolume}:`) && volume.endsWith(':ro'))).toBe(true);
    // ...and nginx serves that volume's `current` link, with the configuration from web/.
    const nginxConf = readFileSync(nginxConfFile, 'utf8');
    expect(/^\s*root\s+([^;]+);/m.exec(nginxConf)?.[1]).toBe(`${webMounts[siteVolume!]}/current`);
    expect(web!.volumes).toContain(`${nginxConfFile}:/etc/nginx/templates/nginx.conf.template:ro`);
    expect(web!.environment?.NGINX_ENVSUBST_OUTPUT_DIR).toBe('/etc/nginx');
    // Every variable the template uses is given to the web service.
    for (const [, name] of nginxConf.matchAll(/\$\{([A-Z0-9_]+)\}/g)) expect(web!.environment, name).toHaveProperty(name!);
    // The published port reaches the port nginx listens on; its health check is a location it has.
    const listen = /^\s*listen\s+(\d+)\s*;/m.exec(nginxConf)?.[1];
    expect(web!.ports!.some((port) => (typeof port === 'string' ? port.endsWith(`:${listen}`) : String(port.target) === listen))).toBe(true);
    expect(nginxConf).toContain(`location = ${healthcheckUrl(web!).pathname} {`);
    // Astro's cache and the CMS's uploads survive a container being replaced.
    expect(Object.values(builderMounts)).toContain(builder!.environment!.ASTRO_CACHE_DIR);
    expect(Object.values(namedVolumes(config, cms!))).toContain('/app/cms/public/uploads');
  });

  test("the CMS gets every variable of .env.example that it reads (its config and code), but those of a deployment without them", () => {
    const given = Object.keys(loadConfig().services.cms!.environment!);
    const sources = ['cms/config', 'cms/src'].flatMap((folder) =>
      readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => readFileSync(path.join(repoRoot, folder, file), 'utf8')),
    );
    // env('X'), env.int('X') in config; process.env.X, or env.X of `const env = process.env`, in code.
    const read = new Set(sources.flatMap((text) => [...text.matchAll(/\benv(?:\.\w+)?\('([A-Z0-9_]+)'|process\.env\.([A-Z0-9_]+)|\benv\.([A-Z][A-Z0-9_]+)/g)].map((match) => (match[1] ?? match[2] ?? match[3])!)));
    expect(read.has('CMS_PROXY_HOPS') && read.has('DATABASE_POOL_MAX')).toBe(true); // the patterns find what they should
    // SQLite's file (the deployment is on PostgreSQL), the address and port inside the container
    // (fixed), and the draft preview, which npm start runs and the deployment does not.
    const notDeployed = ['DATABASE_FILENAME', 'HOST', 'PORT', 'PREVIEW_SECRET', 'PREVIEW_URL'];
    expect(Object.keys(envExample).filter((name) => read.has(name) && !given.includes(name) && !notDeployed.includes(name)), 'read by the CMS, in .env.example, not passed by docker-compose.yml').toEqual([]);
  });

  test("the builder's variables are the ones scripts/builder.ts and the site build read", () => {
    const given = Object.keys(loadConfig().services.builder!.environment!);
    // Read by the builder itself, or by the site build it runs (which inherits its environment).
    const readers = ['scripts/builder.ts', 'site/src/consts.ts', 'site/astro.config.ts'].map((file) => readFileSync(path.join(repoRoot, file), 'utf8'));
    const read = new Set(readers.flatMap((text) => [...text.matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((match) => match[1]!)));
    const builderReads = new Set([...readers[0]!.matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((match) => match[1]!));
    expect([...builderReads].filter((name) => !given.includes(name)), 'read by builder.ts but not set in docker-compose.yml').toEqual([]);
    expect(given.filter((name) => !read.has(name) && name !== 'NODE_ENV'), 'set in docker-compose.yml but read by nothing').toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Dockerfiles
// ---------------------------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}

function parseDockerfile(file: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const text = readFileSync(file, 'utf8').replace(/\\\r?\n/g, ' ');
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') stages.push([]);
    stages.at(-1)?.push({ op: op.toUpperCase(), args: args.trim() });
  }
  return stages;
}

/** A path in the image, relative to `workdir`, as a path in this repository (the image's /app). */
function inRepo(containerPath: string, workdir: string): string {
  const absolute = path.posix.resolve(workdir, containerPath);
  expect(absolute === '/app' || absolute.startsWith('/app/'), `${absolute} is outside /app, the repository's place in the image`).toBe(true);
  return path.join(repoRoot, path.posix.relative('/app', absolute));
}

const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[]; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const dockerignore = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

/** The package a node_modules/.bin command comes from (its link points into it). */
function packageOfBin(bin: string): string {
  const target = readlinkSync(path.join(repoRoot, 'node_modules', '.bin', bin));
  const parts = path.normalize(target).split(path.sep).filter((part) => part !== '..');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

const dockerfiles = {
  'cms/Dockerfile': { cmd: ['/app/node_modules/.bin/strapi', 'start'], workspaces: ['content-types', 'cms'] },
  'scripts/Dockerfile.builder': { cmd: ['node_modules/.bin/tsx', 'scripts/builder.ts'], workspaces: ['content-types', 'site'] },
};

describe.each(Object.entries(dockerfiles))('%s', (file, expected) => {
  const stages = parseDockerfile(path.join(repoRoot, file));
  const all = stages.flat();

  test('is the image docker-compose.yml builds for its service', () => {
    const compose = readFileSync(composeFile, 'utf8');
    expect(compose).toContain(`dockerfile: ${file}`);
  });

  test('copies only paths that exist in the repository and that .dockerignore lets through', () => {
    const copies = all.filter((instruction) => instruction.op === 'COPY' && !/--from=/.test(instruction.args));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.args.split(/\s+/).filter((token) => !token.startsWith('--')).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(path.join(repoRoot, source)), `${file}: COPY ${source}: no such path in the repository`).toBe(true);
        const ignoredBy = dockerignore.find((pattern) => !pattern.startsWith('!') && (source === pattern || source.startsWith(`${pattern.replace(/\/$/, '')}/`)));
        expect(ignoredBy, `${file}: COPY ${source} is excluded by .dockerignore`).toBeUndefined();
      }
    }
    // The manifests the install needs: root package.json, the lockfile, tsconfig, every workspace's package.json.
    const copied = copies.flatMap((copy) => copy.args.split(/\s+/).filter((token) => !token.startsWith('--')).slice(0, -1));
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', ...rootPackage.workspaces.map((workspace) => `${workspace}/package.json`)]) {
      expect(copied, `${file} does not copy ${needed}`).toContain(needed);
    }
  });

  test('installs with npm install (not npm ci), the workspaces it needs, and runs only commands that the install provides', () => {
    const runs = all.filter((instruction) => instruction.op === 'RUN').map((instruction) => instruction.args);
    expect(runs.join('\n')).not.toMatch(/\bnpm ci\b/);
    const install = runs.find((command) => /\bnpm install\b/.test(command));
    expect(install, `${file} has no npm install`).toBeDefined();
    const installed = [...install!.matchAll(/--workspace[= ](\S+)/g)].map((match) => match[1]!);
    for (const workspace of installed) expect(rootPackage.workspaces).toContain(workspace);
    expect(installed.sort()).toEqual([...expected.workspaces].sort());
    const withRoot = install!.includes('--include-workspace-root');

    // Packages the installed workspaces (and the root, when included) declare.
    const declared = new Set<string>();
    const addDeclared = (manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }) =>
      Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).forEach((name) => declared.add(name));
    if (withRoot) addDeclared(rootPackage);
    for (const workspace of installed) addDeclared(JSON.parse(readFileSync(path.join(repoRoot, workspace, 'package.json'), 'utf8')));

    const cmdInstruction = stages.at(-1)!.find((instruction) => instruction.op === 'CMD');
    const bins = [
      ...runs.flatMap((command) => [...command.matchAll(/node_modules\/\.bin\/([\w.@-]+)/g), ...command.matchAll(/\bnpx\s+([\w.@/-]+)/g)].map((match) => match[1]!)),
      ...[...(cmdInstruction?.args ?? '').matchAll(/node_modules\/\.bin\/([\w.@-]+)/g)].map((match) => match[1]!),
    ];
    expect(bins.length).toBeGreaterThan(0);
    for (const bin of bins) {
      expect(existsSync(path.join(repoRoot, 'node_modules', '.bin', bin)), `${file} runs ${bin}, which the install does not provide`).toBe(true);
      expect(declared.has(packageOfBin(bin)), `${file} runs ${bin} from ${packageOfBin(bin)}, which no installed workspace declares`).toBe(true);
    }
  });

  test("its command (exec form, so it gets the stop signal) exists at the image's working directory", () => {
    const last = stages.at(-1)!;
    const cmd = last.find((instruction) => instruction.op === 'CMD');
    expect(cmd, `${file} has no CMD`).toBeDefined();
    const argv = JSON.parse(cmd!.args) as string[];
    expect(argv).toEqual(expected.cmd);
    const workdir = last.filter((instruction) => instruction.op === 'WORKDIR').at(-1)?.args ?? '/';
    // The first stage installs the repository at /app.
    expect(stages[0]!.find((instruction) => instruction.op === 'WORKDIR')?.args).toBe('/app');
    const executable = inRepo(argv[0]!, workdir);
    expect(existsSync(executable), `${argv[0]} (from ${workdir}) does not exist after the install`).toBe(true);
    for (const argument of argv.slice(1).filter((arg) => arg.includes('/'))) {
      expect(existsSync(inRepo(argument, workdir)), `${argument} (from ${workdir}) does not exist`).toBe(true);
    }
  });
});

test('.dockerignore keeps out host node_modules (native binaries of another platform), build output and secrets', () => {
  for (const pattern of ['**/node_modules', '.env', '**/.env', '.git', 'cms/.tmp', 'cms/public/uploads/*']) expect(dockerignore).toContain(pattern);
});

// ---------------------------------------------------------------------------------------------
// The builder service, outside Docker
// ---------------------------------------------------------------------------------------------

const builderCmd = (): string[] => {
  const cmd = parseDockerfile(path.join(repoRoot, 'scripts/Dockerfile.builder')).at(-1)!.find((instruction) => instruction.op === 'CMD')!;
  return JSON.parse(cmd.args) as string[];
};

needsCompose("the builder service's command, outside Docker", () => {
  let child: ChildProcess | undefined;
  const output: string[] = [];
  let port = 0;
  let env: NodeJS.ProcessEnv = {};
  let siteRoot = '';

  beforeAll(async () => {
    const given = loadConfig().services.builder!.environment!;
    const dir = tempDir('builder');
    port = await freePort();
    siteRoot = path.join(dir, 'site');
    // The compose file's variables, with the addresses and folders of this machine: a CMS that
    // is not there (the first build fails), the site and cache in a temporary folder.
    env = {
      PATH: childPath,
      HOME: dir,
      ...Object.fromEntries(Object.entries(given).map(([name, value]) => [name, value ?? ''])),
      CMS_URL: `http://127.0.0.1:${await freePort()}`,
      SITE_ROOT: siteRoot,
      ASTRO_CACHE_DIR: path.join(dir, 'astro-cache'),
      BUILDER_HOST: '127.0.0.1',
      BUILDER_PORT: String(port),
    };
    const [command, ...args] = builderCmd();
    child = spawn(path.resolve(repoRoot, command!), args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  }, 30_000);

  afterAll(async () => {
    if (child) await stop(child, 'SIGTERM', 60_000);
  }, 90_000);

  const url = (pathname: string) => `http://127.0.0.1:${port}${pathname}`;
  const state = () => `exit code: ${child?.exitCode}; output:\n${output.join('\n')}`;

  test('answers its health check (GET /healthz, no secret), rejects a webhook without the secret, and keeps running when the first build fails', async () => {
    const health = await waitFor('GET /healthz', async () => {
      if (child?.exitCode !== null) throw new Error(`the builder exited\n${state()}`);
      const response = await fetchOrUndefined(url('/healthz'));
      return response?.status === 200 ? response : undefined;
    }, 30_000, state);
    expect(await health.json()).toEqual({ ok: true });

    const webhook = await fetch(url('/webhook'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'entry.publish', uid: 'api::post.post', entry: { publishedAt: '2026-01-01T00:00:00Z' } }) });
    expect(webhook.status).toBe(401);
    const wrongSecret = await fetch(url('/status'), { headers: { authorization: 'Bearer not-the-secret-at-all' } });
    expect(wrongSecret.status).toBe(401);

    // The build it starts with cannot reach the CMS: it fails, is logged, and the builder stays up.
    await waitFor('the first build to fail', () => (output.some((line) => /FAILED/.test(line)) ? true : undefined), 120_000, state);
    expect(child!.exitCode).toBeNull();
    expect((await fetch(url('/healthz'))).status).toBe(200);
    expect(existsSync(path.join(siteRoot, 'current')), 'a failed build must not become the served site').toBe(false);
    const status = await fetch(url('/status'), { headers: { authorization: `Bearer ${env.SITE_BUILDER_SECRET}` } });
    expect(status.status).toBe(200);
  }, 180_000);

  test("docker-compose.yml's health check command passes against it", async () => {
    await waitFor('GET /healthz', async () => ((await fetchOrUndefined(url('/healthz')))?.status === 200 ? true : undefined), 30_000, state);
    const result = await runNodeHealthcheck(loadConfig().services.builder!, `http://127.0.0.1:${port}`);
    expect(result.code, result.stderr).toBe(0);
    // ...and fails where nothing answers.
    const nobody = await runNodeHealthcheck(loadConfig().services.builder!, `http://127.0.0.1:${await freePort()}`);
    expect(nobody.code).not.toBe(0);
  }, 60_000);

  test('stops on SIGTERM (docker stop)', async () => {
    expect(await stop(child!, 'SIGTERM', 60_000)).toBe(0);
  }, 90_000);

  test('without SITE_BUILDER_SECRET it exits at once, non-zero, with a one-line reason', async () => {
    const { SITE_BUILDER_SECRET: _secret, ...withoutSecret } = env;
    const [command, ...args] = builderCmd();
    const result = await runToEnd(path.resolve(repoRoot, command!), args, { env: { ...withoutSecret, BUILDER_PORT: String(await freePort()) }, timeoutMs: 30_000 });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toContain('SITE_BUILDER_SECRET');
  }, 40_000);
});

// ---------------------------------------------------------------------------------------------
// The web server, outside Docker
// ---------------------------------------------------------------------------------------------

/** sha256 of the inline script that starts Pagefind's UI on /search/, as a CSP source. */
function searchScriptHash(): string {
  const page = readFileSync(path.join(repoRoot, 'site', 'src', 'pages', 'search.astro'), 'utf8');
  const scripts = [...page.matchAll(/<script is:inline>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
  expect(scripts).toHaveLength(1);
  return `'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}'`;
}

needs('nginx', nginx)('web/nginx.conf.template, run by nginx outside Docker', () => {
  let child: ChildProcess | undefined;
  let base = '';
  let site = '';
  let logFile = '';
  const state = () => `nginx exit code: ${child?.exitCode}; output:\n${logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`;

  const writeBuild = (id: string, files: Record<string, string>) => {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(site, 'builds', id, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  };
  /** What the builder does: a new relative link beside `current`, renamed over it. */
  const pointCurrentAt = (id: string) => {
    const temporary = path.join(site, `.current-${id}`);
    symlinkSync(`builds/${id}`, temporary, 'dir');
    renameSync(temporary, path.join(site, 'current'));
  };

  beforeAll(async () => {
    const dir = tempDir('web');
    // nginx's workers drop to an unprivileged user when started as root: they must read the site.
    chmodSync(dir, 0o755);
    site = path.join(dir, 'site');
    writeBuild('1', {
      'index.html': '<!doctype html><title>Home</title><p>build one</p>',
      '_astro/app.123.css': 'body{color:black}',
      'og/news/a-post.0123456789abcdef.png': 'not really a picture',
      'og/news/old-style.png': 'not really a picture',
      '404.html': '<!doctype html><title>Not found</title><p>That page is not here (build one).</p>',
      'events.ics': 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
      'rss.xml': '<?xml version="1.0"?><rss version="2.0"></rss>',
      'about/index.html': '<!doctype html><title>About</title><p>about</p>',
    });
    pointCurrentAt('1');
    expect(readlinkSync(path.join(site, 'current'))).toBe('builds/1');

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const shipped = renderTemplate(readFileSync(nginxConfFile, 'utf8'));
    // Only these change: the port, the site root, the temporary folders.
    const rendered = shipped
      .replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${port};`)
      .replaceAll('/srv/site', site)
      .replaceAll('/var/cache/nginx', path.join(dir, 'nginx-temp'));
    expect(rendered).not.toBe(shipped);
    expect(rendered).toContain(`root ${site}/current;`);
    // The image has /var/cache/nginx; nginx makes the folders in it.
    mkdirSync(path.join(dir, 'nginx-temp'));
    const confFile = path.join(dir, 'nginx.conf');
    writeFileSync(confFile, rendered);

    // Its output goes to a file: the configuration opens /dev/stdout (a pipe or a terminal under
    // Docker), which cannot be opened on the socket Node would give it.
    logFile = path.join(dir, 'nginx.log');
    const log = openSync(logFile, 'a');
    child = spawn(nginx!, ['-c', confFile, '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')};`], { cwd: dir, stdio: ['ignore', log, log] });
    closeSync(log);
    await waitFor('nginx to answer', async () => {
      if (child?.exitCode !== null) throw new Error(`nginx exited\n${state()}`);
      return (await fetchOrUndefined(`${base}/healthz`)) ? true : undefined;
    }, 15_000, state);
  }, 30_000);

  afterAll(async () => {
    if (child) await stop(child, 'SIGTERM', 10_000);
  }, 20_000);

  const expectSecurityHeaders = (response: Response) => {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    // The site's forms post to the CMS: form-action allows its public address, and only that.
    expect(/form-action ([^;]+)/.exec(csp)?.[1]).toBe(`'self' ${cmsPublicUrl}`);
    // With JavaScript they post in the background (scripts/enhance-forms): connect-src allows the same address.
    expect(/connect-src ([^;]+)/.exec(csp)?.[1]).toBe(`'self' ${cmsPublicUrl}`);
    // Pagefind's UI on /search/: its own script, WebAssembly, and the inline script that starts it.
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).toContain("'wasm-unsafe-eval'");
    expect(scriptSrc, 'the CSP must carry the hash of the inline script in site/src/pages/search.astro, or search stops working').toContain(searchScriptHash());
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
  };

  test('serves the home page through the `current` link, revalidated on every visit, with security headers', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('build one');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(response.headers.get('etag')).toBeTruthy();
    expectSecurityHeaders(response);
    const about = await fetch(`${base}/about`);
    expect(about.status).toBe(200);
    expect(await about.text()).toContain('about');
    expect((await fetch(`${base}/about/`)).status).toBe(200);
  });

  test('caches hashed assets under /_astro/ for a year, immutable', async () => {
    const response = await fetch(`${base}/_astro/app.123.css`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/css/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test('caches share cards named by their picture for a year; a card without its digest is revalidated', async () => {
    const card = await fetch(`${base}/og/news/a-post.0123456789abcdef.png`);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('image/png');
    expect(card.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/og/news/old-style.png`)).headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  });

  test('serves calendars as text/calendar and feeds as XML, revalidated', async () => {
    const calendar = await fetch(`${base}/events.ics`);
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(calendar.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const feed = await fetch(`${base}/rss.xml`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(feed.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  });

  test("answers a missing page with status 404 and the site's own 404 page", async () => {
    const response = await fetch(`${base}/no/such/page/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('That page is not here (build one).');
    expectSecurityHeaders(response);
  });

  test('serves the new build as soon as `current` is switched to it (symlink + rename)', async () => {
    writeBuild('2', { 'index.html': '<!doctype html><title>Home</title><p>build two</p>', '404.html': '<p>Not here (build two).</p>' });
    pointCurrentAt('2');
    expect(lstatSync(path.join(site, 'current')).isSymbolicLink()).toBe(true);
    const response = await fetch(`${base}/`);
    expect(await response.text()).toContain('build two');
    expect(await (await fetch(`${base}/missing`)).text()).toContain('build two');
    // The old build's files are gone from the site, even though they are still on disk.
    expect((await fetch(`${base}/events.ics`)).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------
// The CMS's health check
// ---------------------------------------------------------------------------------------------

interface RunningCms {
  url: string;
  stop(): Promise<void>;
}

needsCompose("the CMS's health check", () => {
  let cms: RunningCms | undefined;

  beforeAll(async () => {
    // The test suite's own Strapi boot (compiled cms/dist, a fresh SQLite database, a free port).
    // Imported by path so the scripts' type check does not take in the CMS's test support.
    const support = path.join(repoRoot, 'cms', 'tests', 'support', 'cms.ts');
    const { startCms } = (await import(/* @vite-ignore */ support)) as { startCms(kind: 'sqlite'): Promise<RunningCms> };
    cms = await startCms('sqlite');
  }, 120_000);

  afterAll(async () => {
    await cms?.stop();
  }, 60_000);

  test("Strapi answers the health check's path with 204, and the compose health check command passes against it", async () => {
    const cmsService = loadConfig().services.cms!;
    const checked = healthcheckUrl(cmsService);
    expect(checked.pathname).toBe('/_health');
    const response = await fetch(`${cms!.url}${checked.pathname}`);
    expect(response.status).toBe(204);

    const result = await runNodeHealthcheck(cmsService, cms!.url);
    expect(result.code, result.stderr).toBe(0);
    // A path Strapi does not answer would fail the check, so the check can fail.
    expect((await fetch(`${cms!.url}/_no_such_health`)).ok).toBe(false);
  }, 60_000);
});
