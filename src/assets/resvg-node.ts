// Node only (local server, CLI, tests): reads resvg's wasm from node_modules.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm } from '@resvg/resvg-wasm';
import type { SvgRenderer } from '../ob3/png.js';
import { renderWithResvg } from './resvg-shared.js';

let ready: Promise<void> | undefined;

/** A badge SVG → PNG renderer; the wasm module is compiled once per process. */
export async function nodeSvgRenderer(): Promise<SvgRenderer> {
  ready ??= (async () => {
    const path = createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm');
    await initWasm(await readFile(path));
  })();
  await ready;
  return renderWithResvg;
}
