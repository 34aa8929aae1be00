import { afterEach, describe, expect, it, vi } from 'vitest';
import { dummyPasswordHash, hashPassword, PBKDF2_ITERATIONS, verifyPassword } from '../../../src/auth/password.js';
import { buildConfig } from '../../../src/config.js';

const MASTER_KEY = 'A'.repeat(43);

afterEach(() => vi.restoreAllMocks());

describe('password hashes', () => {
  it('get 100,000 PBKDF2 iterations on a deployment (Node and Workers set no other factor)', async () => {
    const config = buildConfig('https://jalon.example.org', MASTER_KEY);
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(config.passwordIterations).toBe(100_000);
    const stored = await hashPassword('un mot de passe assez long', config.passwordIterations);
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(await verifyPassword('un mot de passe assez long', stored)).toBe(true);
    expect(await verifyPassword('un autre mot de passe long', stored)).toBe(false);
  });

  it('are checked with the count they carry, so a lower factor (the test harness) still verifies', async () => {
    const stored = await hashPassword('un mot de passe assez long', 1_000);
    expect(stored).toMatch(/^pbkdf2-sha256\$1000\$/);
    expect(await verifyPassword('un mot de passe assez long', stored)).toBe(true);
  });

  it('refuse a stored count above the maximum Workers accept, without deriving', async () => {
    const derive = vi.spyOn(crypto.subtle, 'deriveBits');
    const stored = (await hashPassword('un mot de passe assez long', 1_000)).replace('$1000$', '$100001$');
    expect(await verifyPassword('un mot de passe assez long', stored)).toBe(false);
    expect(derive).toHaveBeenCalledTimes(1); // the hashing above, not the check
  });

  it('of an unknown account cost the same work as a real one (the dummy carries the deployment factor)', async () => {
    const derive = vi.spyOn(crypto.subtle, 'deriveBits');
    expect(await verifyPassword('un mot de passe assez long', dummyPasswordHash(PBKDF2_ITERATIONS))).toBe(false);
    const params = derive.mock.calls[0]![0] as Pbkdf2Params;
    expect(params.iterations).toBe(PBKDF2_ITERATIONS);
  });
});
