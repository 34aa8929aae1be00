/**
 * Structure details, the public registry of labelled places (JSON, CSV in the national open-data
 * schema, pages) and the hub's endorsement on the structure's profile, from grant to withdrawal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgramme } from '../../src/label/programme.js';
import { grantLabel, changeLabelStatus } from '../../src/label/service.js';
import { COLUMNS } from '../../src/label/opendata.js';
import { csvCell } from '../../src/lib/csv.js';
import { formatDate } from '../../src/lib/dates.js';
import { principalFromApiToken } from '../../src/auth/service.js';
import { createOrganisation } from '../../src/organisations/service.js';
import {
  api,
  apiTokenFor,
  createHarness,
  createStructure,
  createUser,
  json,
  signedInClient,
  type Harness,
} from '../helpers/harness.js';
import { officialEndorsementErrors, officialProfileErrors } from '../helpers/standards.js';
import { NATIONAL_SCHEMA, readCsv, tableSchemaErrors } from '../helpers/table-schema.js';

let h: Harness;
let hubToken: string;
let adminToken: string;

const DETAILS = {
  pivot: '732 829 320 00074',
  adresse: '12 rue de la Liberté',
  codePostal: '21000',
  commune: 'Dijon',
  codeInsee: '21231',
  telephone: '03 80 12 34 56',
  services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien'],
  fraisACharge: ['Gratuit'],
  horaires: 'Mo-Fr 09:00-12:00,14:00-17:00',
};

beforeAll(async () => {
  h = await createHarness();
  const hubAdmin = await createUser(h, h.boot.hub.id, 'hub-admin');
  const structureAdmin = await createUser(h, h.boot.structure!.id, 'structure-admin');
  hubToken = await apiTokenFor(h, hubAdmin);
  adminToken = await apiTokenFor(h, structureAdmin);
});
afterAll(() => h.close());

describe('structure details for the national open-data schema', () => {
  it('the structure admin fills the form: errors keep what was typed, then post/redirect/get', async () => {
    const admin = await createUser(h, h.boot.structure!.id, 'structure-admin');
    const client = await signedInClient(h, admin);
    const page = await client.get('/structures/structure-demo/fiche');
    expect(page.status).toBe(200);
    const bad = await client.postForm('/structures/structure-demo/fiche', {
      pivot: '123',
      adresse: '12 rue de la Liberté',
      codePostal: '2100',
      commune: 'Dijon',
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('numéro SIRET (14 chiffres) ou RNA');
    expect(html).toContain('choisissez au moins un service');
    expect(html).toContain('value="12 rue de la Liberté"');
    const ok = await client.postForm('/structures/structure-demo/fiche', {
      ...DETAILS,
      services: DETAILS.services,
      fraisACharge: DETAILS.fraisACharge,
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/structures/structure-demo/fiche?enregistre=1');
    const after = await (await client.get('/structures/structure-demo/fiche?enregistre=1')).text();
    expect(after).toContain('La fiche a été enregistrée.');
    expect(after).toContain('value="73282932000074"');
  });

  it('the API stores the same details, normalised (phone in international form), and refuses others’ structures', async () => {
    const res = await api(h, adminToken, '/api/v1/structures/structure-demo/details', { method: 'PUT', body: DETAILS });
    expect(res.status).toBe(200);
    const saved = await json<Record<string, unknown>>(res);
    expect(saved).toMatchObject({ pivot: '73282932000074', telephone: '+33380123456', commune: 'Dijon' });
    const other = await createStructure(h, 'Autre lieu');
    const otherAdmin = await createUser(h, other.id, 'structure-admin');
    const denied = await api(h, await apiTokenFor(h, otherAdmin), '/api/v1/structures/structure-demo/details');
    expect(denied.status).toBe(403);
    const invalid = await api(h, adminToken, '/api/v1/structures/structure-demo/details', {
      method: 'PUT',
      body: { ...DETAILS, services: ['Cours de cuisine'] },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('registry of labelled places', () => {
  let labelId: string;

  it('is empty before any label, in JSON and CSV (header only)', async () => {
    const res = await api(h, null, '/api/v1/registry');
    expect((await json<{ items: unknown[] }>(res)).items).toEqual([]);
    const csv = await (await api(h, null, '/api/v1/registry?format=csv')).text();
    expect(readCsv(csv)).toEqual([[...COLUMNS]]);
  });

  it('lists a labelled structure with its DID, town, dates and services; the profile carries the endorsement', async () => {
    const programme = await getProgramme(h.deps.database.db, 'label-regional');
    const actor = (await principalFromApiToken(h.deps, hubToken))!;
    const label = await grantLabel(h.deps, actor, {
      hub: h.boot.hub,
      structure: h.boot.structure!,
      programme,
      certifiedMediators: 0,
    });
    labelId = label.id;
    const body = await json<{ items: Record<string, unknown>[] }>(await api(h, null, '/api/v1/registry'));
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      issuer: 'did:web:jalon.test:issuers:structure-demo',
      name: 'Structure de démonstration',
      commune: 'Dijon',
      codePostal: '21000',
      services: DETAILS.services,
      label: { status: 'active', validFrom: label.validFrom, validUntil: label.validUntil },
      certifiedMediators: 0,
    });
    const profile = await json<Record<string, unknown>>(
      await h.app.request('/issuers/structure-demo', { headers: { accept: 'application/json' } }),
    );
    expect(officialProfileErrors(profile)).toEqual([]);
    const [endorsement] = profile.endorsement as Record<string, unknown>[];
    expect(officialEndorsementErrors(endorsement)).toEqual([]);
    expect(endorsement).toMatchObject({
      type: ['VerifiableCredential', 'EndorsementCredential'],
      issuer: { id: 'did:web:jalon.test:issuers:hub-demo' },
      credentialSubject: { id: 'did:web:jalon.test:issuers:structure-demo', type: ['EndorsementSubject'] },
      validUntil: label.validUntil,
    });
    expect((profile.endorsementJwt as string[])[0]!.split('.')).toHaveLength(3);
  });

  it('exports CSV that validates against the national table schema; a hub that has not chosen its label’s value publishes it under autres_formations_labels, never another region’s name', async () => {
    const res = await api(h, null, '/api/v1/registry?format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await res.text();
    expect(NATIONAL_SCHEMA.licence).toContain('Licence Ouverte');
    expect(tableSchemaErrors(csv)).toEqual([]);
    expect(csv).not.toContain('Bourgogne-Franche-Comté');
    const [header, row] = readCsv(csv);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('formations_labels')).toBe('');
    expect(cell('autres_formations_labels')).toBe(
      'Label régional des lieux de médiation numérique (Hub de démonstration)',
    );
    expect(cell('services')).toBe(DETAILS.services.join('|'));
    expect(cell('telephone')).toBe('+33380123456');
    expect(cell('pivot')).toBe('73282932000074');
    expect(cell('source')).toBe('Hub de démonstration');
    expect(res.headers.get('x-jalon-skipped')).toBe('0');
  });

  it('the hub admin is reminded on /admin and sets the label’s open-data value on the hub’s page: a value of the national list or its own name, one of the two, refused otherwise in French', async () => {
    const hubAdmin = await createUser(h, h.boot.hub.id, 'hub-admin');
    const client = await signedInClient(h, hubAdmin);
    const reminder = 'Indiquez sous quel nom votre label paraît dans les données ouvertes nationales';
    expect(await (await client.get('/admin')).text()).toContain(reminder);
    const page = await (await client.get('/organisations/hub-demo/donnees-ouvertes')).text();
    expect(page).toContain('Pas encore choisi');
    expect(page).toContain('Label régional des lieux de médiation numérique (Hub de démonstration)');
    const cells = async () => {
      const csv = await (await api(h, null, '/api/v1/registry?format=csv')).text();
      expect(tableSchemaErrors(csv)).toEqual([]);
      const [header, row] = readCsv(csv);
      return {
        formations: row![header!.indexOf('formations_labels')],
        autres: row![header!.indexOf('autres_formations_labels')],
      };
    };
    const path = '/organisations/hub-demo/donnees-ouvertes/label-regional';

    const both = await client.postForm(path, {
      formationsLabels: 'Fabriques de Territoire',
      autresFormationsLabels: 'Label Numérique Inclusif Occitanie',
    });
    expect(both.status).toBe(422);
    expect(await both.text()).toContain('un seul des deux');
    const invented = await client.postForm(path, { formationsLabels: 'Label inventé (Bretagne)' });
    expect(invented.status).toBe(422);
    expect(await invented.text()).toContain('choisissez une valeur de la liste');
    expect(await cells()).toMatchObject({ formations: '' });

    const own = await client.postForm(path, {
      formationsLabels: '',
      autresFormationsLabels: 'Label Numérique Inclusif Occitanie',
    });
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toBe('/organisations/hub-demo/donnees-ouvertes?enregistre=1');
    expect(await cells()).toEqual({ formations: '', autres: 'Label Numérique Inclusif Occitanie' });
    expect(await (await client.get('/admin')).text()).not.toContain(reminder);

    const listed = await client.postForm(path, {
      formationsLabels: 'Fabriques de Territoire',
      autresFormationsLabels: '',
    });
    expect(listed.status).toBe(303);
    expect(await cells()).toEqual({ formations: 'Fabriques de Territoire', autres: '' });
    expect(await (await client.get('/organisations/hub-demo/donnees-ouvertes?enregistre=1')).text()).toContain(
      'Publié aujourd’hui sous le nom « Fabriques de Territoire »',
    );

    // Another hub's admin cannot see or set this hub's value.
    const otherHub = await createOrganisation(h.deps, null, { kind: 'hub', name: 'Hub deux' });
    const stranger = await signedInClient(h, await createUser(h, otherHub.id, 'hub-admin'));
    expect((await stranger.get('/organisations/hub-demo/donnees-ouvertes')).status).toBe(404);
    expect((await stranger.postForm(path, { autresFormationsLabels: 'Pris' })).status).toBe(404);
    expect(await cells()).toEqual({ formations: 'Fabriques de Territoire', autres: '' });
  });

  it('declares the CSV answer and its x-jalon-skipped header in the OpenAPI operation', async () => {
    type Op = {
      responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, { schema: unknown }> }>;
    };
    const doc = await json<{ paths: Record<string, { get: Op }> }>(await h.app.request('/api/openapi.json'));
    const ok = doc.paths['/api/v1/registry']!.get.responses['200']!;
    expect(Object.keys(ok.content ?? {})).toEqual(['application/json', 'text/csv']);
    expect(ok.headers?.['x-jalon-skipped']?.schema).toEqual({ type: 'integer', minimum: 0 });
  });

  it('neutralises spreadsheet formulas in exported cells', () => {
    expect(csvCell('=HYPERLINK("http://x","clic")')).toBe(`"'=HYPERLINK(""http://x"",""clic"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('+33380123456')).toBe('+33380123456');
  });

  it('searches by name or town, ignoring accents and case, on the phone-friendly page', async () => {
    const found = await (await h.app.request('/registre?q=DIJON', { headers: { accept: 'text/html' } })).text();
    expect(found).toContain('Structure de démonstration');
    expect(found).toContain('1 lieu(x) labellisé(s).');
    const none = await (await h.app.request('/registre?q=besan%C3%A7on', { headers: { accept: 'text/html' } })).text();
    expect(none).toContain('Aucun lieu labellisé ne correspond');
    const byName = await json<{ items: unknown[] }>(await api(h, null, '/api/v1/registry?q=demonstration'));
    expect(byName.items).toHaveLength(1);
  });

  it('drops a withdrawn place from the registry and its profile; its page says since when and why', async () => {
    const actor = (await principalFromApiToken(h.deps, hubToken))!;
    h.setNow(new Date(Date.now() + 400 * 86_400_000));
    await changeLabelStatus(h.deps, actor, labelId, 'withdraw', 'Le lieu a fermé.');
    expect((await json<{ items: unknown[] }>(await api(h, null, '/api/v1/registry'))).items).toEqual([]);
    expect(readCsv(await (await api(h, null, '/api/v1/registry?format=csv')).text())).toHaveLength(1);
    const profile = await json<Record<string, unknown>>(
      await h.app.request('/issuers/structure-demo', { headers: { accept: 'application/json' } }),
    );
    expect(profile.endorsement).toBeUndefined();
    expect(profile.endorsementJwt).toBeUndefined();
    const page = await (await h.app.request('/lieux/structure-demo', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain(`Label retiré le ${formatDate(h.deps.clock())} : Le lieu a fermé.`);
  });
});
