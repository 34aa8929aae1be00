// Workers only: wrangler turns a .wasm import into a compiled WebAssembly.Module.
import { initWasm } from '@resvg/resvg-wasm';
import wasm from '@resvg/resvg-wasm/index_bg.wasm';
import type { SvgRenderer } from '../ob3/png.js';
import { renderWithResvg } from './resvg-shared.js';

let ready: Promise<void> | undefined;

/** A badge SVG → PNG renderer; the wasm module is instantiated once per isolate. */
export async function workerSvgRenderer(): Promise<SvgRenderer> {
  ready ??= initWasm(wasm);
  await ready;
  return renderWithResvg;
}
