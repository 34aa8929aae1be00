/** Node-only: the local master secret, generated once into the data directory. */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { base64urlEncode, randomBytes } from '../lib/bytes.js';

export const MASTER_KEY_FILE = 'master.key';

export function generateMasterKey(): string {
  return base64urlEncode(randomBytes(32));
}

/**
 * Reads `<dataDir>/master.key`, creating it (mode 600) on first start. It encrypts the issuers'
 * private keys: losing it means re-issuing keys; back it up with the database.
 */
export function loadOrCreateMasterKey(dataDir: string): string {
  const file = join(dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = generateMasterKey();
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process (e.g. `npm run demo` started beside `npm start`) created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
  chmodSync(file, 0o600);
  return key;
}
