import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLabelProgramme } from '../../../src/label/programme.js';
import { coveredAt, structureStatus, type LabelFacts } from '../../../src/label/state.js';
import { addMonths } from '../../../src/lib/dates.js';
import { listReferentialFiles, SHIPPED_REFERENTIALS_DIR } from '../../../src/referentials/files.js';
import { shippedLabelProgrammes } from '../../../src/referentials/label-files.js';
import { loadLabelProgrammeText } from '../../../src/referentials/label-loader.js';
import { openDataLabelOf } from '../../../src/label/opendata.js';
import { SHIPPED_LABEL_PROGRAMMES } from '../../../src/referentials/label-shipped.generated.js';
import { createHarness, type Harness } from '../../helpers/harness.js';

const shippedText = readFileSync(join(SHIPPED_REFERENTIALS_DIR, 'label', 'label-regional', '1.0.0.yaml'), 'utf8');

describe('shipped label programme (label-regional 1.0.0)', () => {
  const [programme] = shippedLabelProgrammes();

  it('is valid, in French, with required and optional criteria each expecting evidence', () => {
    expect(programme!.slug).toBe('label-regional');
    expect(programme!.language).toBe('fr');
    const codes = programme!.criteria.map((c) => c.code);
    for (const code of ['mediateurs-certifies', 'acces-gratuit', 'horaires', 'accessibilite', 'donnees-personnelles'])
      expect(codes).toContain(code);
    expect(programme!.criteria.some((c) => c.code === 'partenariat-social' && !c.required)).toBe(true);
    for (const c of programme!.criteria) expect(c.evidence.length).toBeGreaterThan(0);
    expect(programme!.criteria.find((c) => c.code === 'mediateurs-certifies')!.answer).toEqual({
      type: 'certified-mediators',
      min: 1,
    });
    expect(programme!.decision).toMatchObject({ quorum: 2, majority: 'simple', validityMonths: 36 });
  });

  it('says in the file which parts a hub should adapt', () => {
    expect(shippedText).toMatch(/À ADAPTER PAR CHAQUE HUB/);
    expect((shippedText.match(/À adapter/g) ?? []).length).toBeGreaterThanOrEqual(5);
  });

  it('leaves the label’s open-data value to each hub: the value of one region in the published file is not read', () => {
    // Version 1.0.0 was published with the BFC network's value; the export no longer reads it (src/label/opendata.ts).
    expect(openDataLabelOf(undefined, programme!, 'Hub Occitanie')).toEqual({
      field: 'autres_formations_labels',
      value: 'Label régional des lieux de médiation numérique (Hub Occitanie)',
    });
  });

  it('is embedded for Workers exactly as the YAML file says (npm run embed:referentials)', () => {
    expect(SHIPPED_LABEL_PROGRAMMES).toEqual(shippedLabelProgrammes());
  });

  it('is not mistaken for a competence referential', () => {
    expect(listReferentialFiles(SHIPPED_REFERENTIALS_DIR).some((f) => f.includes('/label/'))).toBe(false);
  });
});

describe('label programme validation', () => {
  it('reports every problem of a broken file with its path and line', () => {
    const broken = shippedText
      .replace('code: acces-gratuit', 'code: mediateurs-certifies')
      .replace('optionalCriteriaMin: 2', 'optionalCriteriaMin: 9')
      .replace('majority: simple', 'majority: tirage-au-sort')
      .replace('  formationsLabels:', '  autresFormationsLabels: "Mon label"\n  formationsLabels:');
    const result = loadLabelProgrammeText(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path);
    expect(paths).toContain('decision.majority');
    expect(paths).toContain('openData');
    expect(result.problems.find((p) => p.path === 'decision.majority')!.line).toBeGreaterThan(100);
    // Cross-field rules run once the structure is right.
    const dup = loadLabelProgrammeText(shippedText.replace('code: acces-gratuit', 'code: mediateurs-certifies'));
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.problems.map((p) => p.message).join()).toMatch(/déjà utilisé/);
    const tooMany = loadLabelProgrammeText(shippedText.replace('optionalCriteriaMin: 2', 'optionalCriteriaMin: 9'));
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.problems[0]!.path).toBe('decision.optionalCriteriaMin');
  });

  it('refuses a file whose folder is not its slug or whose name is not its version (the path is its address)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jalon-label-'));
    try {
      const misplaced = join(dir, 'label', 'label-territorial');
      mkdirSync(misplaced, { recursive: true });
      writeFileSync(join(misplaced, '1.0.0.yaml'), shippedText);
      expect(() => shippedLabelProgrammes(dir)).toThrow(
        /mal rangé .+ « label-regional » version 1\.0\.0 va dans label\/label-regional\/1\.0\.0\.yaml/,
      );
      rmSync(misplaced, { recursive: true });
      mkdirSync(join(dir, 'label', 'label-regional'));
      writeFileSync(join(dir, 'label', 'label-regional', '1.1.0.yaml'), shippedText);
      expect(() => shippedLabelProgrammes(dir)).toThrow(/mal rangé/);
      writeFileSync(
        join(dir, 'label', 'label-regional', '1.1.0.yaml'),
        shippedText.replace('version: "1.0.0"', 'version: "1.1.0"'),
      );
      expect(shippedLabelProgrammes(dir).map((p) => `${p.slug}@${p.version}`)).toEqual(['label-regional@1.1.0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses unreadable YAML with a line number', () => {
    const result = loadLabelProgrammeText('slug: [unclosed\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/YAML illisible/);
  });
});

describe('label programme versions are immutable once published', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('loads the shipped version at bootstrap, accepts it again unchanged, refuses other content', async () => {
    expect(h.boot.labelProgrammes).toEqual([{ slug: 'label-regional', version: '1.0.0', outcome: 'created' }]);
    const [programme] = SHIPPED_LABEL_PROGRAMMES;
    expect(await importLabelProgramme(h.deps, programme!)).toBe('unchanged');
    await expect(importLabelProgramme(h.deps, { ...programme!, title: 'Autre titre' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await importLabelProgramme(h.deps, { ...programme!, version: '1.1.0', title: 'Autre titre' })).toBe(
      'created',
    );
  });
});

describe('label state over time', () => {
  const base: LabelFacts = {
    id: 'a',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: addMonths(new Date('2026-01-01T00:00:00.000Z'), 36).toISOString(),
    grantedAt: '2026-01-01T00:00:00.000Z',
    renewalOf: null,
    revokedAt: null,
    revocationReason: null,
    suspendedAt: null,
    suspensionReason: null,
  };

  it('is active within its dates, expired after, withdrawn from the withdrawal on', () => {
    expect(structureStatus([base], new Date('2027-01-01')).state).toBe('active');
    expect(structureStatus([base], new Date('2029-01-02')).state).toBe('expired');
    const withdrawn = { ...base, revokedAt: '2027-06-01T00:00:00.000Z', revocationReason: 'fermeture' };
    expect(structureStatus([withdrawn], new Date('2027-07-01')).state).toBe('withdrawn');
    expect(coveredAt(withdrawn, new Date('2027-05-31'))).toBe(true);
    expect(coveredAt(withdrawn, new Date('2027-06-02'))).toBe(false);
    expect(structureStatus([], new Date()).state).toBe('none');
  });

  it('counts an unbroken renewal as one label since the first grant', () => {
    const renewal: LabelFacts = {
      ...base,
      id: 'b',
      grantedAt: '2028-11-01T00:00:00.000Z',
      validFrom: '2028-11-01T00:00:00.000Z',
      validUntil: '2031-11-01T00:00:00.000Z',
      renewalOf: 'a',
    };
    const status = structureStatus([renewal, base], new Date('2030-01-01'));
    expect(status.label!.id).toBe('b');
    expect(status.since).toBe(base.validFrom);
    // A renewal after a gap starts again.
    const late = { ...renewal, grantedAt: '2029-06-01T00:00:00.000Z', validFrom: '2029-06-01T00:00:00.000Z' };
    expect(structureStatus([late, base], new Date('2030-01-01')).since).toBe(late.validFrom);
  });
});
