import { describe, expect, it } from 'vitest';
import { hubLabelOutcome, structureLabelOutcome } from '../../../src/label/check.js';
import type { LabelFacts } from '../../../src/label/state.js';

const label: LabelFacts = {
  id: 'l1',
  grantedAt: '2026-03-01T09:00:00Z',
  validFrom: '2026-03-01T09:00:00Z',
  validUntil: '2029-03-01T09:00:00Z',
  renewalOf: null,
  revokedAt: null,
  revocationReason: null,
  suspendedAt: null,
  suspensionReason: null,
};
const base = { structureName: 'La Fabrique', programmeTitle: 'Label régional', labels: [label] };

describe('the label check says plainly what the label means for a badge', () => {
  it('labelled when it issued and now: since when, until when; informative', () => {
    const out = structureLabelOutcome({ ...base, issuedAt: new Date('2026-06-01'), now: new Date('2027-01-01') });
    expect(out.ok).toBe(true);
    expect(out.text.fr).toContain('lieu labellisé « Label régional » depuis le 1er mars 2026');
    expect(out.text.fr).toContain('il l’était déjà quand il a délivré ce badge');
    expect(out.text.fr).toContain('ne change pas la validité du badge');
  });

  it('a badge issued before the label: not yet labelled then, labelled since', () => {
    const out = structureLabelOutcome({ ...base, issuedAt: new Date('2025-12-01'), now: new Date('2027-01-01') });
    expect(out.ok).toBe(true);
    expect(out.text.fr).toContain('n’était pas encore labellisé quand il a délivré ce badge');
  });

  it('label withdrawn: says since when and why, and the badge stays valid (check ok)', () => {
    const withdrawn = { ...label, revokedAt: '2027-02-10T10:00:00Z', revocationReason: 'fermeture du lieu' };
    const out = structureLabelOutcome({
      ...base,
      labels: [withdrawn],
      issuedAt: new Date('2026-06-01'),
      now: new Date('2027-03-01'),
    });
    expect(out.ok).toBe(true);
    expect(out.text.fr).toContain(
      'était labellisé « Label régional » quand il a délivré ce badge ; label retiré le 10 février 2027 (fermeture du lieu)',
    );
    expect(out.text.en).toContain('label withdrawn on 10 February 2027');
  });

  it('a place never labelled: said plainly, still ok', () => {
    const out = structureLabelOutcome({ ...base, labels: [], issuedAt: new Date(), now: new Date() });
    expect(out).toEqual({
      ok: true,
      text: expect.objectContaining({ fr: expect.stringContaining('« La Fabrique » n’est pas un lieu labellisé.') }),
    });
  });

  it('a mediator certification shows its state: in force, or suspended since when', () => {
    const active = hubLabelOutcome({
      hubName: 'Hub BFC',
      kind: 'certification',
      revokedAt: null,
      revocationReason: null,
      suspendedAt: null,
      suspensionReason: null,
    });
    expect(active).toEqual({
      ok: true,
      text: expect.objectContaining({ fr: expect.stringContaining('est en vigueur') }),
    });
    const suspended = hubLabelOutcome({
      hubName: 'Hub BFC',
      kind: 'certification',
      revokedAt: null,
      revocationReason: null,
      suspendedAt: '2027-01-05T00:00:00Z',
      suspensionReason: 'formation à renouveler',
    });
    expect(suspended.ok).toBe(false);
    expect(suspended.text.fr).toContain('suspendu(e) depuis le 5 janvier 2027 : formation à renouveler');
  });
});
