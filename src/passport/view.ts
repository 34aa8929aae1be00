/**
 * What the passport PDF shows: a plain view-model, built by the issuing service from the database.
 * Everything is already in French and already decided (which competences, which level); the
 * renderer only lays it out. Dates are ISO strings so the view is easy to build and to snapshot.
 */
export interface PassportView {
  /** `passport` once the passport credential is earned ("Passeport numérique"); before, a `record` ("Relevé de compétences"). */
  kind?: 'passport' | 'record';
  /** The holder's name as they write it, in any script (NFC-normalised by the renderer). */
  holderName: string;
  /** The random public identifier of the passport, printed and encoded in the verification URL. */
  publicId: string;
  /** The mediation place that issues the passport. */
  structureName: string;
  /** The regional hub (network) the structure belongs to. */
  hubName: string;
  referential: { title: string; version: string };
  /** Date of issue, YYYY-MM-DD. */
  issuedOn: string;
  /** When this PDF was produced, ISO 8601 (PDF CreationDate; not printed). */
  generatedAt: string;
  /** Public verification URL, encoded in the QR code and printed under it. */
  verifyUrl: string;
  /** The level scale, lowest first (e.g. avec-guidage, autonome-si-besoin, autonome). */
  levels: PassportLevel[];
  /** Competences reached, grouped by letter of the learner alphabet, in display order. */
  letters: PassportLetter[];
  /** Badges (credentials) issued to the holder. */
  badges: PassportBadge[];
  /** Signed credentials attached inside the PDF (compact JWTs or JSON), so that the file alone can be verified offline. */
  attachments: PassportAttachment[];
}

export interface PassportLevel {
  id: string;
  /** Plain-French label, e.g. "Autonome". */
  label: string;
}

export interface PassportLetter {
  /** The letter shown large beside the group, e.g. "A". */
  letter: string;
  /** Optional name of the letter's theme, printed beside the letter (e.g. "Allumer et utiliser un appareil"). */
  title?: string;
  competences: PassportCompetence[];
}

export interface PassportCompetence {
  code: string;
  title: string;
  /** One of `levels[].id`; the renderer draws the step on the scale from it. */
  levelId: string;
  levelLabel: string;
  /** YYYY-MM-DD. */
  achievedOn: string;
}

export type BadgeStatus = 'active' | 'revoked' | 'suspended';

export interface PassportBadge {
  name: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  credentialId: string;
  /** Defaults to 'active'. A revoked or suspended badge is still listed, with its status in words. */
  status?: BadgeStatus;
  /**
   * For a competence badge: the competence's code. The badge is then shown on that competence's
   * line ("Badge obtenu le …") instead of being listed again under "Badges obtenus", which keeps a
   * typical passport on two pages. Without it, the badge is listed in the badges section.
   */
  competenceCode?: string;
}

export interface PassportAttachment {
  /** File name inside the PDF; made unique by the renderer if two attachments share a name. */
  filename: string;
  /** The file content: a compact JWT or a JSON document (UTF-8 text). */
  content: string;
  /** Shown by PDF readers in their attachments panel. */
  description: string;
  /** e.g. "application/vc+jwt", "application/vc+ld+json", "application/json". */
  mimeType: string;
}

/** The words naming the document, which depend on whether the passport credential is earned. */
export function documentWords(view: Pick<PassportView, 'kind'>) {
  return view.kind === 'record'
    ? {
        title: 'Relevé de compétences',
        this: 'ce relevé',
        This: 'Ce relevé',
        number: 'Numéro du relevé',
        short: 'Relevé',
      }
    : {
        title: 'Passeport numérique',
        this: 'ce passeport',
        This: 'Ce passeport',
        number: 'Numéro du passeport',
        short: 'Passeport',
      };
}
