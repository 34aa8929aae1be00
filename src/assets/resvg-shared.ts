import { Resvg } from '@resvg/resvg-wasm';
import { BADGE_PNG_SIZE, type SvgRenderer } from '../ob3/png.js';

/**
 * The renderer once resvg's wasm is initialised. Badge SVGs carry their text as paths, so no font
 * is loaded; the width is fixed so that every badge PNG is 512×512.
 */
export const renderWithResvg: SvgRenderer = async (svg) => {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: BADGE_PNG_SIZE } });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
};
