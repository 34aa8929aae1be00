import { describe, expect, it } from 'vitest';
import { buildBlocks, footerHeight, PAGE, paginate } from '../../../src/passport/layout.js';
import { competences, passportView } from '../../fixtures/passport/views.js';

describe('pagination', () => {
  const view = passportView({ letters: competences(60) });
  const bottom = PAGE.height - PAGE.marginBottom - footerHeight(view) - 14;
  const pages = paginate(buildBlocks(view), bottom);

  it('never lets a block cross the bottom of a page', () => {
    for (const page of pages)
      for (const { block, y } of page) expect(y + block.height).toBeLessThanOrEqual(bottom + 0.01);
  });

  it('places every competence exactly once', () => {
    const placed = pages.flat().filter((p) => p.block.kind === 'competence');
    expect(placed).toHaveLength(60);
  });

  it('never ends a page with a heading', () => {
    for (const page of pages.slice(0, -1)) expect(page.at(-1)!.block.kind).not.toBe('heading');
  });

  it('starts the first page with the title and the holder', () => {
    expect(pages[0]!.slice(0, 2).map((p) => p.block.kind)).toEqual(['title', 'holder']);
  });
});
