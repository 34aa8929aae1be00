/**
 * The Open Badges 3.0 credential core: pure functions on Web APIs (Node and Workers), no HTTP,
 * no SQL. Import from here or from the modules directly. The PNG renderers live in
 * src/assets/resvg-node.ts and src/assets/resvg-worker.ts (runtime-specific wasm loading).
 */
export * from './types.js';
export * from './context.js';
export * from './dates.js';
export * from './recipient.js';
export * from './keys.js';
export * from './did.js';
export * from './achievements.js';
export * from './badge-image.js';
export * from './png.js';
export * from './credential.js';
export * from './jwt.js';
export * from './status-list.js';
export * from './schema.js';
export * from './baking.js';
export * from './verify.js';
