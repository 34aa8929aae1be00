// Runs the DCC verifier (@digitalcredentials/verifier-core, the library behind the Learner Credential
// Wallet and VerifierPlus) on credentials read from stdin (a JSON array), in its own process: it
// resolves did:web and status lists over https, so the test starts it with NODE_EXTRA_CA_CERTS = the
// fixture certificate. One process for all of them (loading the library costs ~1 s of CPU). Prints
// the answers, in order and without the credentials echoed back, as one JSON line.
import { verifyCredential } from '@digitalcredentials/verifier-core';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const answers = [];
for (const credential of JSON.parse(input)) {
  const { credential: _echo, ...answer } = await verifyCredential({ credential, knownDIDRegistries: [] });
  answers.push(answer);
}
process.stdout.write(`${JSON.stringify(answers)}\n`);
