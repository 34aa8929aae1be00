import { LABEL_MARK } from '../issuing/badge-image.js';
import type { DerivedAchievement } from '../issuing/derive-achievements.js';
import type { Achievement } from '../ob3/types.js';
import type { LabelProgramme } from '../referentials/label-schema.js';

/** Where a programme version is described (HTML, and the Achievement as JSON). */
export function programmeUrl(baseUrl: string, p: Pick<LabelProgramme, 'slug' | 'version'>): string {
  return `${baseUrl}/label/${p.slug}/${p.version}`;
}

/** The label credential's achievement: one per programme version, its criteria in the narrative. */
export function labelAchievement(baseUrl: string, p: LabelProgramme): DerivedAchievement {
  const id = programmeUrl(baseUrl, p);
  const lines = p.criteria.map(
    (c) => `- **${c.title}**${c.required ? '' : ' (facultatif)'} : ${c.evidence.join(' ; ')}`,
  );
  const optional = p.decision.optionalCriteriaMin;
  const achievement: Achievement = {
    id,
    type: ['Achievement'],
    name: p.title,
    description: p.description,
    criteria: {
      id,
      narrative: [
        `Le lieu remplit tous les critères obligatoires${optional ? ` et au moins ${optional} critère(s) facultatif(s)` : ''}, examinés par le comité de labellisation du hub :`,
        lines.join('\n'),
        `Label valable ${p.decision.validityMonths} mois, renouvelable ; il peut être suspendu ou retiré.`,
      ].join('\n\n'),
    },
    // A quality label of a place: the OB 3.0 vocabulary has a type for exactly this.
    achievementType: 'QualityAssuranceCredential',
    image: { id: `${id}/badge.svg`, type: 'Image', caption: `Badge ${p.title}` },
    inLanguage: p.language,
    version: p.version,
  };
  return {
    key: `label/${p.slug}/${p.version}`,
    kind: 'label',
    achievement,
    badge: { title: p.title, mark: LABEL_MARK, kind: 'label' },
  };
}
