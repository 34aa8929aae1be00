/**
 * Cold Data Integrity timings, run by bench/suites/data-integrity.ts in a fresh Node process each time
 * (`node --import tsx bench/data-integrity-cold.ts input.json`): the first signature and verification
 * of a process pay for processing the JSON-LD contexts, which later ones find in jsonld's cache (as
 * the first request on a new Workers isolate does). Module loading happens before any timing. Prints
 * one JSON object of milliseconds.
 */
import { readFileSync } from 'node:fs';
import type { OpenBadgeCredential } from '../src/ob3/types.js';
import { signDataIntegrity } from '../src/ob3/data-integrity/sign.js';
import { testMultikey, verifyWithMethod } from './lib/data-integrity.js';

const credential = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as OpenBadgeCredential;
const key = await testMultikey(typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id);
let t = performance.now();
const signed = await signDataIntegrity(credential, { signer: key.signer, created: new Date() });
const sign = performance.now() - t;
t = performance.now();
const verified = await verifyWithMethod(signed, key.method);
const verify = performance.now() - t;
if (!verified) throw new Error('cold: not verified');
process.stdout.write(`${JSON.stringify({ sign, verify })}\n`);
