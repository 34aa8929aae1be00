/**
 * The organisation reads every other feature uses (this folder's store.ts is private to it:
 * ARCHITECTURE.md, "Layers and imports"). They are published here rather than by service.ts because
 * service.ts builds teams on auth's invitations while auth reads organisations: importing it from
 * auth would make the two import each other.
 */
export { findOrganisation, findOrganisationBySlug, listOrganisations, type OrganisationRow } from './store.js';
