/**
 * What other features use of issuing: issuance (`issuance.ts`), status changes (`credential-status.ts`)
 * and the reads of this folder's tables that its store publishes (its store.ts is private to it:
 * ARCHITECTURE.md, "Layers and imports").
 */

export {
  type BatchItem,
  credentialOfRow,
  credentialUrl,
  type ExtraWrites,
  issueBatch,
  MAX_BATCH_ITEMS,
  type IssueInput,
  type Issued,
  issueCredential,
  type StatusSlot,
} from './issuance.js';
export {
  changeStatus,
  credentialState,
  manageableCredential,
} from './credential-status.js';

// Reads, and the two statements a learner's name correction writes in its own batch.
export {
  findCredential,
  findCredentials,
  findCredentialLdp,
  findIssuerAndKey,
  findStatusList,
  setRevoked,
  setSupersededBy,
  type CredentialRow,
} from './store.js';
