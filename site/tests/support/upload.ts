/** An image uploaded to the CMS's media library, as an editor would. */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { RunningCms } from '../../../cms/tests/support/cms';

export async function uploadImage(cms: RunningCms, name: string, alternativeText: string | null) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'iro-upload-')), name);
  await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#88aa99' } }).png().toFile(file);
  const [uploaded] = await cms.strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name, alternativeText } },
      files: { filepath: file, originalFilename: name, mimetype: 'image/png', size: statSync(file).size },
    });
  return uploaded as { id: number };
}
