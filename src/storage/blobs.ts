/**
 * Where evidence files live. D1 rows hold at most 2 MB, so file bytes never go to the database:
 * a folder under data/ on Node (storage/fs-blobs.ts, injected by the Node entry) and an R2 bucket
 * on Workers (binding `EVIDENCE`). Keys are opaque ids chosen by Jalon, never user input. Files are
 * served only through routes that check who may see them: nothing here is public.
 */
export interface BlobStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  delete(key: string): Promise<void>;
}

/** The subset of an R2 bucket binding this module uses. */
export interface R2Like {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; httpMetadata?: { contentType?: string } } | null>;
  delete(key: string): Promise<void>;
}

export function r2Blobs(bucket: R2Like): BlobStore {
  return {
    async put(key, bytes, contentType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(key);
      if (!object) return null;
      return {
        bytes: new Uint8Array(await object.arrayBuffer()),
        contentType: object.httpMetadata?.contentType ?? 'application/octet-stream',
      };
    },
    delete: (key) => bucket.delete(key),
  };
}

/** A deployment without a bucket: evidence files are refused with a clear message, the rest works. */
export const noBlobs: BlobStore = {
  put: () => Promise.reject(new Error('no blob store configured')),
  get: () => Promise.resolve(null),
  delete: () => Promise.resolve(),
};

export const KEY_PATTERN = /^[a-z0-9-]{1,80}$/;
