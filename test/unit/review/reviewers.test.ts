/**
 * Who votes on an application is one rule, written in the label programme (`decision.reviewers`)
 * and in the mediator certification rules (`review.reviewers`), read by the same review core: by
 * default the committee alone, the hub's admins managing without a vote.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyOf as certificationPolicy } from '../../../src/certification/rules.js';
import { policyOf as labelPolicy } from '../../../src/label/programme.js';
import { SHIPPED_REFERENTIALS_DIR, shippedReferentials } from '../../../src/referentials/files.js';
import { loadLabelProgrammeText } from '../../../src/referentials/label-loader.js';
import { SHIPPED_LABEL_PROGRAMMES } from '../../../src/referentials/label-shipped.generated.js';
import { mayVote } from '../../../src/review/rules.js';

const labelText = readFileSync(join(SHIPPED_REFERENTIALS_DIR, 'label', 'label-regional', '1.0.0.yaml'), 'utf8');
const rulesText = readFileSync(join(SHIPPED_REFERENTIALS_DIR, 'mediateurs', '1.0.0.rules.yaml'), 'utf8');

function programmeWith(reviewersLine: string) {
  const text = labelText.replace(/^ {2}reviewers: .*$/m, reviewersLine);
  const loaded = loadLabelProgrammeText(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

describe('who votes (programme and rules files)', () => {
  it('the shipped files say it: the committee; a hub admin outside it has no vote, for the label and for certification', () => {
    expect(labelText).toMatch(/^ {2}reviewers: \[committee\]$/m);
    expect(rulesText).toMatch(/^ {2}reviewers: \[committee\]$/m);
    const label = labelPolicy(SHIPPED_LABEL_PROGRAMMES[0]!);
    const rules = shippedReferentials().find((f) => f.certification)!.certification!;
    const certification = certificationPolicy(rules);
    for (const policy of [label, certification]) {
      expect(mayVote(['committee'], policy.reviewers)).toBe(true);
      expect(mayVote(['hub-admin'], policy.reviewers)).toBe(false);
      expect(mayVote(['hub-admin', 'committee'], policy.reviewers)).toBe(true);
    }
  });

  it('stores the strict rule as absent, so that version 1.0.0, published before the key, keeps its content and hash', () => {
    const spelled = programmeWith('  reviewers: [committee]');
    const silent = programmeWith('');
    expect(JSON.stringify(spelled)).toBe(JSON.stringify(silent));
    expect(JSON.stringify(spelled)).toBe(JSON.stringify(SHIPPED_LABEL_PROGRAMMES[0]));
    expect(spelled.decision.reviewers).toBeUndefined();
  });

  it('keeps a wider rule a hub writes, and refuses an empty list or an unknown role', () => {
    const wider = programmeWith('  reviewers: [committee, hub-admin]');
    expect(wider.decision.reviewers).toEqual(['committee', 'hub-admin']);
    expect(mayVote(['hub-admin'], labelPolicy(wider).reviewers)).toBe(true);
    for (const [line, message] of [
      ['  reviewers: []', 'au moins un rôle qui vote'],
      ['  reviewers: [president]', 'rôle attendu : committee ou hub-admin'],
    ] as const) {
      const loaded = loadLabelProgrammeText(labelText.replace(/^ {2}reviewers: .*$/m, line));
      expect(loaded.ok).toBe(false);
      if (!loaded.ok) expect(loaded.problems.map((p) => p.message)).toContain(message);
    }
  });
});
