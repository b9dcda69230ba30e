/**
 * Makes the posts' share cards (`src/lib/share-cards.ts`) once the pages are built: every card
 * the content asks for that the output folder lacks is drawn (or taken from the PNG cache, under
 * a digest of its SVG, kept between builds), and cards no post asks for any more are removed.
 * Building over the last build (BUILD_IN_PLACE=1), a publish finds all the other cards already
 * there under their names, and makes only the edited post's. This integration owns its folder:
 * `buildInPlace` leaves it alone.
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import sharp from 'sharp';
import { CACHE_DIR, SHARE_CARDS_DIR } from '../consts';
import { digest } from '../lib/digest';
import { readCardSources, shareCardFile, shareCardSvg } from '../lib/share-cards';

const pngCache = path.join(CACHE_DIR, 'og-images');

/**
 * Puts the cached card at `target`: as a hard link, since no card file is ever rewritten (a new
 * picture is a new name), so the cache and the builds hold each card once on disk; as a copy where
 * they are on different file systems. Throws ENOENT when the cache lacks it.
 */
function placeCard(cached: string, target: string): void {
  try {
    linkSync(cached, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    copyFileSync(cached, target);
  }
}

/** Writes the card to `target`, from the PNG cache when it holds this SVG's picture. */
async function makeCard(svg: string, target: string): Promise<void> {
  const cached = path.join(pngCache, `${digest(svg)}.png`);
  try {
    placeCard(cached, target);
    return;
  } catch {
    // Not drawn before: draw it, keep it in the cache (whole, through a rename), then place it.
  }
  // zlib level 3 instead of sharp's 6: measured here, a card takes a quarter less time to make
  // (4.8 ms instead of 6.2 ms each, two cores) and is a tenth larger (62 KB instead of 57 KB);
  // at 10,000 posts the cards are most of a first build.
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 3 }).toBuffer();
  const temporary = `${cached}.${process.pid}.tmp`;
  writeFileSync(temporary, png);
  renameSync(temporary, cached);
  placeCard(cached, target);
}

export function shareCards(): AstroIntegration {
  return {
    name: 'iro:share-cards',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const folder = path.join(fileURLToPath(dir), SHARE_CARDS_DIR);
        mkdirSync(folder, { recursive: true });
        mkdirSync(pngCache, { recursive: true });
        const { posts, shortName } = readCardSources();
        const present = new Set(readdirSync(folder));
        const wanted = new Set<string>();
        const missing: { svg: string; target: string }[] = [];
        for (const post of posts) {
          const svg = shareCardSvg(post, shortName);
          const file = shareCardFile(post, svg);
          wanted.add(file);
          if (!present.has(file)) missing.push({ svg, target: path.join(folder, file) });
        }
        // sharp draws on libuv's threads: a few cards at a time keep both cores busy.
        let next = 0;
        const worker = async () => {
          while (next < missing.length) {
            const card = missing[next++]!;
            await makeCard(card.svg, card.target);
          }
        };
        await Promise.all(Array.from({ length: Math.min(availableParallelism() * 2, missing.length) }, worker));
        let removed = 0;
        for (const file of present) {
          if (wanted.has(file)) continue;
          unlinkSync(path.join(folder, file));
          removed++;
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        logger.info(`${wanted.size} share cards: ${missing.length} made, ${wanted.size - missing.length} already there, ${removed} no longer wanted removed, in ${seconds} s`);
      },
    },
  };
}
