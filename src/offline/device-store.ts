/**
 * The part of the phone's storage that the service worker and the pages share (plain IndexedDB,
 * no library: both scripts are served as they are, without a build step). One database, `jalon`:
 * - `outbox`: forms kept on the device until they are sent, keyed by the device key of the form
 *   (the same key the server uses to answer a second send with the first result);
 * - `sent`: short receipts of what was sent, shown once on the outbox page.
 * Both are erased at sign-out (the server answers it with Clear-Site-Data).
 */
export const DEVICE_STORE_JS = `
const DB_NAME = 'jalon';
const openDeviceStore = () =>
  new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('outbox', { keyPath: 'id' });
      open.result.createObjectStore('sent', { keyPath: 'id' });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
const inStore = async (name, mode, work) => {
  const db = await openDeviceStore();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const result = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
};
const storeAll = async (name) =>
  ((await inStore(name, 'readonly', (s) => s.getAll())) || []).sort((a, b) => a.createdAt - b.createdAt);
const storePut = (name, item) => inStore(name, 'readwrite', (s) => s.put(item));
const storeDelete = (name, id) => inStore(name, 'readwrite', (s) => s.delete(id));
`;
