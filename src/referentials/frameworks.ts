// Codes of the public frameworks a referential may align to (CRCN, DigComp 2.2, the mediators' frameworks;
// sources in ARCHITECTURE.md, "Referentials").
// Validation refuses an alignment to a code that does not exist, so a typo never reaches a credential.

export const CRCN_COMPETENCES: Readonly<Record<string, string>> = {
  '1.1': "Mener une recherche et une veille d'information",
  '1.2': 'Gérer des données',
  '1.3': 'Traiter des données',
  '2.1': 'Interagir',
  '2.2': 'Partager et publier',
  '2.3': 'Collaborer',
  '2.4': "S'insérer dans le monde numérique",
  '3.1': 'Développer des documents textuels',
  '3.2': 'Développer des documents multimédia',
  '3.3': 'Adapter les documents à leur finalité',
  '3.4': 'Programmer',
  '4.1': "Sécuriser l'environnement numérique",
  '4.2': 'Protéger les données personnelles et la vie privée',
  '4.3': "Protéger la santé, le bien-être et l'environnement",
  '5.1': 'Résoudre des problèmes techniques',
  '5.2': 'Évoluer dans un environnement numérique',
};

export const DIGCOMP_COMPETENCES: Readonly<Record<string, string>> = {
  '1.1': 'Browsing, searching and filtering data, information and digital content',
  '1.2': 'Evaluating data, information and digital content',
  '1.3': 'Managing data, information and digital content',
  '2.1': 'Interacting through digital technologies',
  '2.2': 'Sharing through digital technologies',
  '2.3': 'Engaging citizenship through digital technologies',
  '2.4': 'Collaborating through digital technologies',
  '2.5': 'Netiquette',
  '2.6': 'Managing digital identity',
  '3.1': 'Developing digital content',
  '3.2': 'Integrating and re-elaborating digital content',
  '3.3': 'Copyright and licences',
  '3.4': 'Programming',
  '4.1': 'Protecting devices',
  '4.2': 'Protecting personal data and privacy',
  '4.3': 'Protecting health and well-being',
  '4.4': 'Protecting the environment',
  '5.1': 'Solving technical problems',
  '5.2': 'Identifying needs and technological responses',
  '5.3': 'Creatively using digital technologies',
  '5.4': 'Identifying digital competence gaps',
};

/** REMN title (arrêté du 8 février 2019): the three certificate blocks. */
export const REMN_BLOCKS: Readonly<Record<string, string>> = {
  CCP1: 'Accompagner différents publics vers l’autonomie dans les usages des technologies, services et médias numériques',
  CCP2: 'Contribuer au développement d’un espace de médiation numérique et de ses projets',
  CCP3: 'Contribuer à la gestion d’un espace de médiation numérique et animer ses projets collaboratifs',
};

export const FRAMEWORKS = ['CRCN', 'DigComp', 'REMN', 'MediateurNumerique2025'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_TITLES: Readonly<Record<Framework, string>> = {
  CRCN: 'Cadre de référence des compétences numériques (CRCN)',
  DigComp: 'DigComp 2.2 — European Digital Competence Framework',
  REMN: 'Titre professionnel Responsable d’espace de médiation numérique (REMN)',
  MediateurNumerique2025: 'Titre professionnel Médiateur numérique (2025)',
};
