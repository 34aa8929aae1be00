// Runs the DCC verifier (@digitalcredentials/verifier-core, the library behind the Learner Credential
// Wallet and VerifierPlus) on a credential read from stdin, in its own process: it resolves did:web
// and status lists over https, so the test starts it with NODE_EXTRA_CA_CERTS = the fixture
// certificate. Prints its answer (without the credential echoed back) as one JSON line.
import { verifyCredential } from '@digitalcredentials/verifier-core';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { credential: _echo, ...answer } = await verifyCredential({
  credential: JSON.parse(input),
  knownDIDRegistries: [],
});
process.stdout.write(`${JSON.stringify(answer)}\n`);
