/**
 * Post bodies, kept in a file of their own beside Astro's content store instead of in it. Astro
 * writes its store whole after every sync, bundles it into the build as one string module, then
 * parses it back: at 10,000 posts the store was 22 MB, 60% of it post bodies, and handling it was
 * about a third of a publish's build. Here the bodies are one JSON file per content type, written
 * by the type's loader (`strapi-loader.ts`) and read once by the build that renders pages.
 *
 * The store keeps a digest of each body in its entry (`bodyDigest`), so that the store's change
 * detection and the pages' cache keys still see an edited body, and every read checks the body
 * against it: a page is never made with a text other than the one the store says.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../consts';
import { digest } from './digest';

/** What the loader writes: the bodies by store id, and the sync that wrote them. */
export interface EntryTexts {
  /** Names the sync that wrote the file; the loader's record in the store names it too, so a file and a store written by different syncs are told apart. */
  sync: string;
  /** Store id (the entry's slug) → its markdown body. */
  texts: Record<string, string>;
}

/** The field kept outside the store, and the digest the stored entry holds instead. */
export const textField = 'body';
export const textDigestField = 'bodyDigest';

const textsFile = (typeName: string) => path.join(CACHE_DIR, 'entry-texts', `${typeName}.json`);

/** The file as the last sync wrote it; undefined when missing or unreadable. */
export function readEntryTexts(typeName: string): EntryTexts | undefined {
  try {
    const parsed = JSON.parse(readFileSync(textsFile(typeName), 'utf8')) as EntryTexts;
    return typeof parsed.sync === 'string' && parsed.texts && typeof parsed.texts === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the file whole, through a temporary file and a rename: a reader never sees half of it. */
export function writeEntryTexts(typeName: string, file: EntryTexts): void {
  const target = textsFile(typeName);
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(file));
  renameSync(temporary, target);
}

/** Read once per build; the draft preview's dev server, whose content is synced again, reads again when the file changes. */
const loaded = new Map<string, { changedMs: number; texts: Record<string, string> }>();

/**
 * A function that gives the body of an entry of `typeName` from what the store holds of it (its
 * store id and body digest). Throws, naming the entry, when the file lacks it or holds another text.
 */
export function entryTexts(typeName: string): (id: string, stored: Record<string, unknown>) => string {
  const file = textsFile(typeName);
  const changedMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  let current = loaded.get(typeName);
  if (!current || current.changedMs !== changedMs) {
    current = { changedMs, texts: readEntryTexts(typeName)?.texts ?? {} };
    loaded.set(typeName, current);
  }
  const { texts } = current;
  return (id, stored) => {
    const text = Object.hasOwn(texts, id) ? texts[id] : undefined;
    if (text === undefined || digest(text) !== stored[textDigestField]) {
      throw new Error(`The ${typeName} "${id}": its text in ${file} is ${text === undefined ? 'missing' : 'not the one the content store holds'}. Ask for a fresh build: tick "Rebuild now" in the admin's Site build entry (or run astro build --force).`);
    }
    return text;
  };
}
