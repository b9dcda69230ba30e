/**
 * The benchmarks' content: compiling the CMS, and the generated posts written to (and read back
 * from) the running CMS. Shared by `site-build.ts` and `publish-to-live.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunningCms } from '../../cms/tests/support/cms';
import type { HugoPost } from './hugo';
import { benchPost } from './posts';

const defaultLog = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/**
 * `tsc` of the content model and the CMS into cms/dist, which `startCms` boots. When the sources
 * do not compile right now (someone is mid-edit), the existing cms/dist is used, and said.
 */
export function compileCms(rootDir: string, log: (message: string) => void = defaultLog): void {
  log('compiling the content model and the CMS (tsc)...');
  const compile = spawnSync('sh', ['-c', 'tsc -b content-types && tsc -p cms'], { cwd: rootDir, encoding: 'utf8' });
  if (compile.status !== 0) {
    if (!existsSync(path.join(rootDir, 'cms', 'dist', 'src'))) throw new Error(`the CMS does not compile:\n${compile.stdout}${compile.stderr}`);
    log(`the CMS does not compile right now; using the existing cms/dist:\n${compile.stdout}${compile.stderr}`);
  }
}

export interface Relations {
  topics: string[];
  regions: string[];
}

/** The published topics and regions (demo content) the generated posts point at. */
export async function relationTargets(cms: RunningCms): Promise<Relations> {
  const documentIds = async (uid: string) =>
    ((await cms.strapi.db.query(uid as any).findMany({ where: { publishedAt: { $notNull: true } }, select: ['documentId'], orderBy: { id: 'asc' } })) as {
      documentId: string;
    }[]).map((row) => row.documentId);
  return { topics: await documentIds('api::topic.topic'), regions: await documentIds('api::region.region') };
}

/** Adds generated posts number `from` to `to - 1`, `batch` per transaction. */
export async function insertPosts(
  cms: RunningCms,
  from: number,
  to: number,
  batch: number,
  relations: Relations,
  log: (message: string) => void = defaultLog,
): Promise<void> {
  const posts = cms.strapi.documents('api::post.post') as any;
  let reported = performance.now();
  for (let start = from; start < to; start += batch) {
    const end = Math.min(to, start + batch);
    await cms.strapi.db.transaction(async () => {
      for (let index = start; index < end; index++) {
        const post = benchPost(index);
        await posts.create({
          status: 'published',
          data: {
            title: post.title,
            slug: post.slug,
            date: post.date,
            excerpt: post.excerpt,
            body: post.body,
            topics: relations.topics.length > 0 ? [relations.topics[post.topicIndex % relations.topics.length]] : [],
            ...(post.regionIndex !== undefined && relations.regions.length > 0
              ? { region: relations.regions[post.regionIndex % relations.regions.length] }
              : {}),
          },
        });
      }
    });
    if (performance.now() - reported > 10_000 || end === to) {
      log(`  ${end - from}/${to - from} posts written`);
      reported = performance.now();
    }
  }
}

/** Every published post, as the Hugo baseline needs it. */
export async function publishedPosts(cms: RunningCms): Promise<HugoPost[]> {
  const rows = (await cms.strapi.db.query('api::post.post').findMany({
    where: { publishedAt: { $notNull: true } },
    select: ['title', 'slug', 'date', 'excerpt', 'body'],
    populate: { topics: { select: ['slug'] }, region: { select: ['slug'] } },
    orderBy: { id: 'asc' },
  })) as any[];
  return rows.map((row) => ({
    title: row.title,
    slug: row.slug,
    date: String(row.date).slice(0, 10),
    excerpt: row.excerpt ?? null,
    body: row.body ?? '',
    topics: (row.topics ?? []).map((topic: { slug: string }) => topic.slug),
    region: row.region?.slug ?? null,
  }));
}
