/**
 * Rebuilds the static site when content changes, and switches what is served atomically.
 *
 * - Requests are debounced and coalesced: Strapi fires some events twice and editors publish in
 *   bursts, so requests arriving within `debounceMs` of each other make one build (a steady
 *   stream is cut at `maxWaitMs` so the site never waits forever).
 * - Never two builds at once; a request that arrives during a build makes exactly one more
 *   build after it.
 * - Each build goes into a fresh folder under `<root>/builds/`; only when it succeeds does the
 *   `<root>/current` symlink move to it (symlink + rename, atomic on POSIX), so visitors never
 *   see a half-built site, and a failed build leaves the last good site served.
 * - Publish-to-live is measured per build: from the earliest request it served to the swap.
 * - Each request says what the build may reuse (its scope); a batch gets the widest of its
 *   requests'. Work that may follow the swap (the search index) runs after it, and is stopped
 *   when a new request arrives, so that it never delays the next publish.
 */
import { mkdirSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pointLink, removeOldVersions } from './versions.js';

/**
 * What a build may reuse. `changes` (a publish): read only the content that changed since the
 * last build. `full`: read all content again (the builder's first build: its code may have
 * changed). Either way, output whose inputs and code are unchanged may be reused. `fresh`: reuse
 * nothing (an editor's "Rebuild now").
 */
export type BuildScope = 'changes' | 'full' | 'fresh';
const scopeOrder: BuildScope[] = ['changes', 'full', 'fresh'];

export interface BuildContext {
  /** The builder's folder (`builds/`, `current`); a build may keep its own things beside them. */
  root: string;
  scope: BuildScope;
  reasons: string[];
}

export interface BuildRecord {
  id: string;
  reasons: string[];
  scope: BuildScope;
  /** What the build said it did (pages rendered and reused). */
  summary?: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** From the first request this build answered to the new site being served. */
  publishToLiveMs: number;
  ok: boolean;
  error?: string;
}

export interface SiteBuilderOptions {
  /** Holds `builds/<id>/` and the `current` symlink that is served. */
  root: string;
  /** Builds the site into `outDir`; throws (with a reason) if the build fails; may say what it did. */
  build: (outDir: string, context: BuildContext) => Promise<string | void>;
  /**
   * Runs once the build is live (the site in `liveDir` is served); aborted by a new request. A
   * failure is logged and leaves the site as it is.
   */
  afterLive?: (liveDir: string, context: BuildContext, signal: AbortSignal) => Promise<string | void>;
  debounceMs?: number;
  maxWaitMs?: number;
  /** Successful builds kept on disk besides the current one (pages being read may still need them). */
  keepBuilds?: number;
  log?: (line: string) => void;
  /** Called when a build starts, with what it answers. */
  onStart?: (reasons: string[]) => void;
  /** Called after every build, good or bad. */
  onBuild?: (record: BuildRecord, builder: SiteBuilder) => void;
}

interface Pending {
  reasons: string[];
  firstAt: number;
  scope: BuildScope;
}

export class SiteBuilder {
  readonly currentDir: string;
  private readonly buildsDir: string;
  private pending: Pending | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];
  private afterLiveRun: AbortController | undefined;
  private sequence = 0;
  lastSuccess: BuildRecord | undefined;
  lastFailure: BuildRecord | undefined;
  buildCount = 0;

  constructor(private readonly options: SiteBuilderOptions) {
    this.currentDir = path.join(options.root, 'current');
    this.buildsDir = path.join(options.root, 'builds');
    mkdirSync(this.buildsDir, { recursive: true });
  }

  get building(): boolean {
    return this.running !== undefined;
  }

  /** Asks for a build; several requests close together make one, of the widest scope asked. */
  request(reason: string, receivedAt = Date.now(), scope: BuildScope = 'full'): void {
    if (this.pending) {
      this.pending.reasons.push(reason);
      if (scopeOrder.indexOf(scope) > scopeOrder.indexOf(this.pending.scope)) this.pending.scope = scope;
    } else this.pending = { reasons: [reason], firstAt: receivedAt, scope };
    this.afterLiveRun?.abort();
    this.schedule();
  }

  /** Resolves once no build is running or waiting. */
  idle(): Promise<void> {
    if (!this.running && !this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  status() {
    return {
      building: this.building,
      pending: this.pending?.reasons.length ?? 0,
      builds: this.buildCount,
      lastSuccess: this.lastSuccess,
      lastFailure: this.lastFailure,
    };
  }

  private schedule(): void {
    if (this.running || !this.pending) return; // the running build picks it up when it ends
    clearTimeout(this.timer);
    const { debounceMs = 400, maxWaitMs = 3000 } = this.options;
    const wait = Math.max(0, Math.min(debounceMs, this.pending.firstAt + maxWaitMs - Date.now()));
    this.timer = setTimeout(() => this.start(), wait);
  }

  private start(): void {
    const batch = this.pending;
    if (!batch || this.running) return;
    this.pending = undefined;
    this.running = this.run(batch).finally(() => {
      this.running = undefined;
      if (this.pending) this.schedule();
      else for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async run(batch: Pending): Promise<void> {
    const id = `${Date.now()}-${++this.sequence}`;
    const outDir = path.join(this.buildsDir, id);
    const startedAt = new Date();
    const log = this.options.log ?? (() => {});
    const context: BuildContext = { root: this.options.root, scope: batch.scope, reasons: batch.reasons };
    log(`site build ${id} started (${batch.scope}: ${summariseReasons(batch.reasons)})`);
    this.options.onStart?.(batch.reasons);
    let error: string | undefined;
    let summary: string | undefined;
    try {
      summary = (await this.options.build(outDir, context)) || undefined;
      this.swapTo(outDir);
    } catch (caught) {
      rmSync(outDir, { recursive: true, force: true });
      error = (caught as Error).message;
    }
    const finishedAt = new Date();
    const record: BuildRecord = {
      id,
      reasons: batch.reasons,
      scope: batch.scope,
      ...(summary ? { summary } : {}),
      startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      publishToLiveMs: error === undefined ? finishedAt.getTime() - batch.firstAt : -1,
      ok: error === undefined,
      ...(error === undefined ? {} : { error }),
    };
    if (record.ok) {
      this.lastSuccess = record;
      log(`site build ${id} is live${summary ? ` (${summary})` : ''}: built in ${record.durationMs} ms; publish-to-live ${record.publishToLiveMs} ms`);
      this.prune();
    } else {
      this.lastFailure = record;
      log(`site build ${id} FAILED; the previous site stays live. Reason: ${record.error}`);
    }
    this.buildCount++;
    this.options.onBuild?.(record, this);
    if (record.ok && this.options.afterLive) await this.runAfterLive(id, outDir, context);
  }

  private async runAfterLive(id: string, liveDir: string, context: BuildContext): Promise<void> {
    const log = this.options.log ?? (() => {});
    const started = Date.now();
    this.afterLiveRun = new AbortController();
    // A publish that came during the build is built next: this step would be redone after it anyway.
    if (this.pending) this.afterLiveRun.abort();
    try {
      const said = await this.options.afterLive!(liveDir, context, this.afterLiveRun.signal);
      log(`site build ${id}: ${said || 'after-live step done'} in ${Date.now() - started} ms`);
    } catch (caught) {
      log(`site build ${id}: the step after going live FAILED (the site stays as it is): ${(caught as Error).message}`);
    } finally {
      this.afterLiveRun = undefined;
    }
  }

  /** Points `current` at `outDir` in one rename, so readers see the old site or the new, never a mix of folders. */
  private swapTo(outDir: string): void {
    pointLink(this.currentDir, outDir);
  }

  private prune(): void {
    let current: string;
    try {
      current = path.basename(readlinkSync(this.currentDir));
    } catch {
      return;
    }
    void removeOldVersions(this.buildsDir, current, this.options.keepBuilds ?? 2, (name, error) =>
      this.options.log?.(`could not remove old build ${name}: ${error.message}`),
    );
  }
}

function summariseReasons(reasons: string[]): string {
  const unique = [...new Set(reasons)];
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
}
