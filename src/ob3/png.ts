/**
 * Rasterising badge SVGs. The renderer is injected: resvg's WebAssembly module is loaded
 * differently on Node (read from node_modules) and on Workers (a bundled WebAssembly.Module);
 * see src/assets/resvg-node.ts and src/assets/resvg-worker.ts.
 */
export type SvgRenderer = (svg: string) => Promise<Uint8Array>;

/** Badges are rendered at 512×512 px. */
export const BADGE_PNG_SIZE = 512;
