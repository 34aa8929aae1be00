/**
 * The label pages without JavaScript: the structure admin's application form (errors keep what was
 * typed, post/redirect/get), the committee's queue, review form and label actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  apiTokenFor,
  createHarness,
  createUser,
  signedInClient,
  type Client,
  type Harness,
} from '../helpers/harness.js';
import { certifiedMediator } from '../helpers/certify.js';

let h: Harness;
let admin: Client;
let reviewers: Client[];
let hubAdmin: Client;

const ANSWERS = {
  'acces-gratuit': 'Gratuit pour tous.',
  horaires: 'Lundi au vendredi 9h-17h.',
  accessibilite: 'Rez-de-chaussée accessible.',
  'donnees-personnelles': 'Charte adoptée en 2026.',
  'partenariat-social': 'CCAS de Beaune.',
  equipement: 'Cinq ordinateurs.',
};

beforeAll(async () => {
  h = await createHarness();
  const adminUser = await createUser(h, h.boot.structure!.id, 'structure-admin');
  await api(h, await apiTokenFor(h, adminUser), '/api/v1/structures/structure-demo/details', {
    method: 'PUT',
    body: {
      pivot: 'W212000123',
      adresse: '1 place Carnot',
      codePostal: '21200',
      commune: 'Beaune',
      services: ['Maîtrise des outils numériques du quotidien'],
    },
  });
  admin = await signedInClient(h, adminUser);
  // The programme wants one certified mediator of the place (counted by Jalon).
  await certifiedMediator(h, h.boot.structure!.id);
  // Two committee members make the quorum; the hub's admin manages labels but does not vote.
  reviewers = [
    await signedInClient(h, await createUser(h, h.boot.hub.id, 'committee')),
    await signedInClient(h, await createUser(h, h.boot.hub.id, 'committee')),
  ];
  hubAdmin = await signedInClient(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
});
afterAll(() => h.close());

describe('label pages', () => {
  it('the structure admin’s form keeps what was typed when evidence is missing, then files (post/redirect/get)', async () => {
    const page = await admin.get('/structures/structure-demo/label');
    expect(page.status).toBe(200);
    const before = await page.text();
    expect(before).toContain('Demander le label');
    // What the committee's decision rests on is told before filing: the optional minimum and Jalon's count.
    expect(before).toContain('au moins 2 critères facultatifs sur 4 sont documentés et acceptés');
    expect(before).toContain('comptés par Jalon aujourd’hui : 1 médiateur certifié sur 1 requis');
    const missing = await admin.postForm('/structures/structure-demo/label', {
      horaires: 'Mardi 14h-18h',
      action: 'deposer',
    });
    expect(missing.status).toBe(422);
    const html = await missing.text();
    expect(html).toContain('preuve attendue : Un accompagnement gratuit et ouvert à toutes et à tous');
    expect(html).toContain('Mardi 14h-18h');
    const ok = await admin.postForm('/structures/structure-demo/label', { ...ANSWERS, action: 'deposer' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/structures/structure-demo/label?enregistre=1');
    const after = await (await admin.get('/structures/structure-demo/label?enregistre=1')).text();
    expect(after).toContain('Déposée, en cours d’examen');
  });

  it('the committee sees the queue, reviews with the form, and the second review grants the label', async () => {
    const queue = await (await reviewers[0]!.get('/comite/labels')).text();
    const id = /href="\/comite\/labels\/([0-9a-f-]{36})"/.exec(queue)![1]!;
    const fields = (vote: string) => ({
      vote,
      comment: '',
      ...Object.fromEntries(
        [
          'mediateurs-certifies',
          'acces-gratuit',
          'horaires',
          'accessibilite',
          'donnees-personnelles',
          'partenariat-social',
          'aidants-connect',
          'equipement',
          'suivi-competences',
        ].map((code) => [`decision.${code}`, 'accept']),
      ),
    });
    const form = await (await reviewers[0]!.get(`/comite/labels/${id}`)).text();
    // Nothing is chosen in advance: no decision or vote radio is checked.
    const radios = form.match(/<input type="radio"[^>]*>/g) ?? [];
    expect(radios.length).toBe(9 * 3 + 3);
    expect(radios.filter((r) => /\schecked/.test(r))).toEqual([]);
    // Sent without choosing: the form comes back (422) naming each criterion left out, and the vote.
    const empty = await reviewers[0]!.postForm(`/comite/labels/${id}/avis`, { comment: '' });
    expect(empty.status).toBe(422);
    const named = await empty.text();
    expect(named).toContain('Choisissez une réponse pour « Un accompagnement gratuit et ouvert à toutes et à tous ».');
    expect(named).toContain('Choisissez une réponse pour « Au moins une médiatrice ou un médiateur certifié ».');
    expect(named).toContain('Choisissez votre vote sur la demande.');
    expect(named).toContain('9 critères à décider');
    const partly = await reviewers[0]!.postForm(`/comite/labels/${id}/avis`, {
      ...fields('approve'),
      'decision.horaires': '',
    });
    expect(partly.status).toBe(422);
    const one = await partly.text();
    expect(one).toContain('Choisissez une réponse pour « Des horaires d’ouverture réguliers et publiés ».');
    expect(one).not.toContain('Choisissez votre vote');
    expect(one).toContain('1 critère à décider');
    const bad = await reviewers[0]!.postForm(`/comite/labels/${id}/avis`, { ...fields('reject') });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Expliquez votre vote en quelques mots.');
    // A vote the form does not offer is refused before the service; the page keeps what was typed.
    const unknown = await reviewers[0]!.postForm(`/comite/labels/${id}/avis`, {
      ...fields('peut-etre'),
      comment: 'Mon avis tapé à la main',
      'comment.horaires': 'Horaires à préciser',
    });
    expect(unknown.status).toBe(422);
    const kept = await unknown.text();
    expect(kept).toContain('Le formulaire contient des erreurs');
    expect(kept).toContain('Mon avis tapé à la main');
    expect(kept).toContain('Horaires à préciser');
    // The hub's admin follows the application but has no vote (the programme's `reviewers`).
    const followed = await (await hubAdmin.get(`/comite/labels/${id}`)).text();
    expect(followed).toContain('seuls les membres du comité votent');
    expect(followed).not.toContain(`action="/comite/labels/${id}/avis"`);
    expect((await hubAdmin.postForm(`/comite/labels/${id}/avis`, fields('approve'))).status).toBe(403);
    for (const r of reviewers) {
      await r.get(`/comite/labels/${id}`);
      const res = await r.postForm(`/comite/labels/${id}/avis`, fields('approve'));
      expect(res.status).toBe(303);
    }
    const decided = await (await reviewers[0]!.get(`/comite/labels/${id}?avis=1`)).text();
    expect(decided).toContain('Label accordé');
    const place = await (await h.app.request('/lieux/structure-demo', { headers: { accept: 'text/html' } })).text();
    expect(place).toContain('Lieu labellisé depuis le');
  });

  it('suspends and withdraws through a confirmation page that says what the public will see; states named in French everywhere', async () => {
    // Managing a granted label is the hub admin's too.
    const queue = await (await hubAdmin.get('/comite/labels')).text();
    expect(queue).toContain('<strong>Label accordé</strong>');
    const labelId = /href="\/comite\/labels\/statut\/([0-9a-f-]{36})\/confirmer\?action=suspend"/.exec(queue)![1]!;
    // The list acts on nothing by itself: no form posts a change from it.
    expect(queue).not.toContain(`action="/comite/labels/statut/${labelId}"`);
    const confirm = await hubAdmin.get(`/comite/labels/statut/${labelId}/confirmer?action=suspend`);
    expect(confirm.status).toBe(200);
    const ask = await confirm.text();
    expect(ask).toContain('Suspendre le label de « Structure de démonstration » ?');
    expect(ask).toContain('Ce que le public verra');
    expect(ask).toContain('Le lieu disparaît du registre public des lieux labellisés');
    expect(ask).toContain('est lu « suspendu »');
    expect(ask).toContain('Oui, suspendre le label');
    const noReason = await hubAdmin.postForm(`/comite/labels/statut/${labelId}`, { action: 'suspend', reason: '' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Ce que le public verra');
    const suspended = await hubAdmin.postForm(`/comite/labels/statut/${labelId}`, {
      action: 'suspend',
      reason: 'Contrôle en cours.',
    });
    expect(suspended.status).toBe(303);
    const listed = await (await hubAdmin.get('/comite/labels')).text();
    expect(listed).toContain('<strong>Label suspendu</strong>');
    expect(listed).toContain(`/comite/labels/statut/${labelId}/confirmer?action=reinstate`);
    const withdraw = await (await hubAdmin.get(`/comite/labels/statut/${labelId}/confirmer?action=withdraw`)).text();
    expect(withdraw).toContain('Retirer le label de « Structure de démonstration » ?');
    expect(withdraw).toContain('est lu « retiré »');
    expect(withdraw).toContain('C’est définitif');
    const res = await hubAdmin.postForm(`/comite/labels/statut/${labelId}`, {
      action: 'withdraw',
      reason: 'Fermeture définitive.',
    });
    expect(res.status).toBe(303);
    const place = await (await h.app.request('/lieux/structure-demo', { headers: { accept: 'text/html' } })).text();
    expect(place).toContain('Label retiré le');
    expect(place).toContain('Fermeture définitive.');
    // Every list says the same, in French: the application that granted it no longer reads « Label accordé ».
    const after = await (await hubAdmin.get('/comite/labels')).text();
    const own = await (await admin.get('/structures/structure-demo/label')).text();
    for (const html of [after, own]) {
      expect(html).toContain('Label retiré');
      expect(html).not.toContain('Label accordé');
      expect(html).not.toMatch(/>[^<]*\b(suspended|withdrawn|active|expired)\b[^<]*</);
    }
  });
});
