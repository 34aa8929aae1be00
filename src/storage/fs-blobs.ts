/** Node-only: evidence files in a folder (data/evidence by default), one file per key plus its type. */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type BlobStore, KEY_PATTERN } from './blobs.js';

export function folderBlobs(dir: string): BlobStore {
  const root = resolve(dir);
  const path = (key: string) => {
    // Keys are Jalon's own ids; the check makes a path escape impossible even if that changed.
    if (!KEY_PATTERN.test(key)) throw new Error('invalid blob key');
    return join(root, key);
  };
  return {
    async put(key, bytes, contentType) {
      await mkdir(root, { recursive: true, mode: 0o700 });
      await writeFile(`${path(key)}.type`, contentType, { mode: 0o600 });
      await writeFile(path(key), bytes, { mode: 0o600 });
    },
    async get(key) {
      try {
        const [bytes, type] = await Promise.all([readFile(path(key)), readFile(`${path(key)}.type`, 'utf8')]);
        return { bytes: new Uint8Array(bytes), contentType: type };
      } catch {
        return null;
      }
    },
    async delete(key) {
      await rm(path(key), { force: true });
      await rm(`${path(key)}.type`, { force: true });
    },
  };
}
