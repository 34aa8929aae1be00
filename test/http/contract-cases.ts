/**
 * What a contract case is, for the per-feature case files (contract-<feature>.ts) that
 * contract.test.ts gathers and runs in order against /api/openapi.json.
 */
export type JsonObject = Record<string, unknown>;

export interface Case {
  /** What the case shows, for the failure message. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  as?:
    | 'hubAdmin'
    | 'structureAdmin'
    | 'mediator'
    | 'otherMediator'
    | 'committee1'
    | 'committee2'
    | 'unknownToken'
    | null;
  /** A value, or a function of what earlier cases kept. */
  body?: unknown;
  /** A multipart body instead of JSON. */
  form?: () => FormData;
  headers?: Record<string, string>;
  status: number;
  /** Keeps values from the answer for later cases (ids, key fragments). */
  keep?: (body: JsonObject) => void;
}

/** What a feature's cases read: the seeded structure and hub, and what earlier cases kept. */
export interface ContractContext {
  /** Slug of the seeded structure. */
  s: string;
  /** Slug of the hub. */
  hub: string;
  /** Values kept by earlier cases, by name; `{name}` in a path is replaced with them. */
  kept: Record<string, string>;
}

export const UUID = '00000000-0000-4000-8000-000000000000';
export const SETUP_TOKEN = 'contract-test-setup-token-0123456789';
