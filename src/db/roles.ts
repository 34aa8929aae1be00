/** The roles a membership can carry (a plain list: the CLI's help reads it without loading the schema). */
export const ROLES = ['hub-admin', 'committee', 'structure-admin', 'mediator'] as const;
export type Role = (typeof ROLES)[number];
