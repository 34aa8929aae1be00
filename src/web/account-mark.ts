import { sha256Hex } from '../lib/crypto.js';

/**
 * The account a page is for, as the phone's offline scripts see it: an opaque mark (pages kept for
 * one account are never shown to another), not the account's id.
 */
export function accountMark(userId: string): string {
  return sha256Hex(`jalon-device:${userId}`).slice(0, 24);
}
