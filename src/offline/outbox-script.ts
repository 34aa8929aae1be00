import { DEVICE_STORE_JS } from './device-store.js';

/**
 * The script of signed-in pages for working without network, served from /static/hors-ligne.js.
 * Every page works without it (forms are then sent as usual). It registers the service worker,
 * gives each outbox form its device key, sends what waits on the phone when the network is back
 * (in order, one at a time, one tab at a time), shows what waits, what was sent and what the
 * server refused, lets a kept form be corrected or dropped, and warns before signing out erases it.
 */
export const OUTBOX_SCRIPT = `(() => {
  'use strict';
  if (!('indexedDB' in window)) return;
${DEVICE_STORE_JS}
  const en = document.documentElement.lang === 'en';
  const say = (fr, english) => (en ? english : fr);
  const meta = (name) => document.querySelector('meta[name="' + name + '"]')?.content || '';
  const account = meta('jalon-account');
  const newKey = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : ([1e7] + -1e3 + -4e3 + -8e3 + -1e11).replace(/[018]/g, (c) =>
          (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16),
        );
  const when = (ms) =>
    new Date(ms).toLocaleString(en ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

  if (account && 'serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});

  for (const input of document.querySelectorAll('input[data-device-key]')) if (!input.value) input.value = newKey();

  // A line at the top of every page: no network, or forms waiting on the phone.
  const main = document.querySelector('main');
  const notice = document.createElement('div');
  notice.className = 'callout warn offline-notice';
  notice.setAttribute('role', 'status');
  notice.hidden = true;
  if (main) main.prepend(notice);
  const outboxPage = document.querySelector('[data-outbox]');

  async function showNotice() {
    const waiting = (await storeAll('outbox')).filter((item) => item.account === account);
    const parts = [];
    if (!navigator.onLine) parts.push(say('Pas de réseau : les pages et formulaires déjà ouverts restent utilisables.', 'No network: pages and forms already opened still work.'));
    if (waiting.length && !outboxPage)
      parts.push(
        waiting.length === 1
          ? say('1 enregistrement attend d’être envoyé.', '1 record waits to be sent.')
          : say(waiting.length + ' enregistrements attendent d’être envoyés.', waiting.length + ' records wait to be sent.'),
      );
    notice.textContent = '';
    if (!parts.length) return void (notice.hidden = true);
    const text = document.createElement('p');
    text.textContent = parts.join(' ') + ' ';
    if (waiting.length && !outboxPage) {
      const link = document.createElement('a');
      link.href = '/hors-ligne';
      link.textContent = say('Voir ce qui attend', 'See what waits');
      text.append(link);
    }
    notice.append(text);
    notice.hidden = false;
  }

  /** Why the server refused a form, read from the page it answered (its error summary first). */
  async function reasonOf(response) {
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const found = ['main [role=alert]', 'main .field-error', 'main .callout', 'main h1']
      .map((selector) => page.querySelector(selector))
      .find(Boolean);
    const blocks = found ? [...found.querySelectorAll('h1, h2, h3, p, li')] : [];
    const text = (blocks.length ? blocks.map((b) => b.textContent).join(' ') : found ? found.textContent : '').replace(/\\s+/g, ' ').trim();
    return text.slice(0, 400) || say('Refusé par le serveur.', 'Refused by the server.');
  }

  async function sendOne(item) {
    const fields = new URLSearchParams(item.body);
    const csrf = meta('jalon-csrf');
    if (csrf) fields.set('_csrf', csrf);
    let response;
    try {
      response = await fetch(item.path, { method: 'POST', body: fields, credentials: 'same-origin', headers: { accept: 'text/html' } });
    } catch {
      return 'unreachable'; // still no network: the next chance is the next 'online', or 10 s
    }
    const landed = new URL(response.url, location.href);
    if (landed.pathname === '/connexion' || response.status === 401) {
      await storePut('outbox', { ...item, state: 'pending', reason: say('Reconnectez-vous : il sera envoyé ensuite.', 'Sign in again: it will be sent then.') });
      return 'stop';
    }
    if (response.ok) {
      await storeDelete('outbox', item.id);
      await storePut('sent', { id: item.id, label: item.label, createdAt: Date.now(), href: landed.pathname });
      return 'sent';
    }
    if (response.status >= 500 || response.status === 429) return 'stop';
    await storePut('outbox', { ...item, state: 'refused', reason: await reasonOf(response) });
    return 'refused';
  }

  let sending = false;
  let retry;
  async function sendWaiting() {
    clearTimeout(retry);
    if (sending || !account) return;
    if (!navigator.onLine) {
      retry = setTimeout(sendWaiting, 10000);
      return;
    }
    sending = true;
    let sent = 0;
    let unreachable = false;
    const run = async () => {
      for (const item of await storeAll('outbox')) {
        if (item.account !== account || item.state !== 'pending') continue;
        const outcome = await sendOne(item);
        if (outcome === 'sent') sent++;
        if (outcome === 'unreachable') unreachable = true;
        if (outcome === 'stop' || outcome === 'unreachable') break;
      }
    };
    try {
      // One tab sends at a time; the device key makes a second send harmless anyway.
      if (navigator.locks) await navigator.locks.request('jalon-outbox', run);
      else await run();
    } finally {
      sending = false;
    }
    if (sent) announce(sent === 1 ? say('1 enregistrement envoyé.', '1 record sent.') : say(sent + ' enregistrements envoyés.', sent + ' records sent.'));
    // The phone said it was online (a Wi-Fi without internet says so too), and nothing got through.
    else if (unreachable && status && status.textContent === TRYING) status.textContent = KEPT_UNTIL_NETWORK;
    await refresh();
    // The 'online' event is not enough (a weak signal can say online and carry nothing): try again
    // every 10 s while something of this account waits.
    const waiting = (await storeAll('outbox')).some((i) => i.account === account && i.state === 'pending');
    if (waiting) retry = setTimeout(sendWaiting, 10000);
  }

  const status = document.querySelector('[data-outbox-status]');
  const TRYING = say('Enregistré sur cet appareil : l’envoi va être tenté.', 'Saved on this device: sending will be tried.');
  const KEPT_UNTIL_NETWORK = say('Enregistré sur cet appareil — sera envoyé au retour du réseau.', 'Saved on this device — will be sent when the network is back.');
  function announce(text) {
    if (status) status.textContent = text;
    else {
      notice.textContent = text;
      notice.hidden = false;
    }
  }

  function button(text, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  async function renderOutbox() {
    if (!outboxPage) return;
    const list = outboxPage.querySelector('[data-outbox-list]');
    const empty = outboxPage.querySelector('[data-outbox-empty]');
    const items = await storeAll('outbox');
    list.textContent = '';
    empty.hidden = items.length > 0;
    for (const item of items) {
      const li = document.createElement('li');
      li.className = 'card outbox-item';
      li.dataset.state = item.state;
      const title = document.createElement('p');
      const strong = document.createElement('strong');
      strong.textContent = item.label;
      title.append(strong, ' — ' + say('gardé le ', 'kept on ') + when(item.createdAt));
      const state = document.createElement('p');
      if (item.account !== account)
        state.textContent = say('Gardé pour un autre compte : connectez-vous avec ce compte pour l’envoyer, ou supprimez-le.', 'Kept for another account: sign in with it to send it, or delete it.');
      else if (item.state === 'refused')
        state.textContent = say('Refusé : ', 'Refused: ') + item.reason + ' ' + say('Corrigez-le ou supprimez-le.', 'Correct or delete it.');
      else state.textContent = item.reason || KEPT_UNTIL_NETWORK;
      const actions = document.createElement('p');
      actions.className = 'actions';
      if (item.state === 'refused') actions.append(button(say('Corriger', 'Correct'), () => openAnswer(item)), ' ');
      else if (item.from) {
        const fix = document.createElement('a');
        fix.href = item.from.split('#')[0] + '#depuis-appareil=' + encodeURIComponent(item.id);
        fix.textContent = say('Corriger', 'Correct');
        actions.append(fix, ' ');
      }
      if (item.state === 'refused')
        actions.append(
          button(say('Renvoyer tel quel', 'Send again as is'), async () => {
            await storePut('outbox', { ...item, state: 'pending', reason: '' });
            await sendWaiting();
          }),
          ' ',
        );
      actions.append(
        button(say('Supprimer', 'Delete'), async () => {
          if (!confirm(say('Supprimer « ' + item.label + ' » de ce téléphone ? Il ne sera pas envoyé.', 'Delete “' + item.label + '” from this phone? It will not be sent.'))) return;
          await storeDelete('outbox', item.id);
          await refresh();
        }),
      );
      li.append(title, state, actions);
      list.append(li);
    }
    const sentList = outboxPage.querySelector('[data-outbox-sent]');
    const sent = (await storeAll('sent')).filter((s) => Date.now() - s.createdAt < 86400000);
    sentList.hidden = sent.length === 0;
    const ul = sentList.querySelector('ul');
    ul.textContent = '';
    for (const s of sent.reverse()) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = s.href;
      a.textContent = s.label;
      li.append(a, ' — ' + say('envoyé le ', 'sent on ') + when(s.createdAt));
      ul.append(li);
    }
  }

  /**
   * A refused form is corrected where the server said what is wrong: it is sent as a normal form
   * (same fields, same key), so the answer page shows the form filled in with the errors or the
   * question (a namesake). Once it goes through, the service worker drops the kept copy.
   */
  function openAnswer(item) {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = item.path;
    form.hidden = true;
    const fields = new URLSearchParams(item.body);
    const csrf = meta('jalon-csrf');
    if (csrf) fields.set('_csrf', csrf);
    for (const [name, value] of fields) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  }

  async function refresh() {
    await Promise.all([showNotice(), renderOutbox()]);
  }

  // Opened from the outbox to correct a kept form: the form comes back filled, with the same key.
  async function reopenKept() {
    const m = /^#depuis-appareil=(.+)$/.exec(location.hash);
    if (!m) return;
    const id = decodeURIComponent(m[1]);
    const item = (await storeAll('outbox')).find((i) => i.id === id);
    const form = item && document.querySelector('form[method=post][action="' + item.path + '"]');
    if (!form) return;
    const fields = new URLSearchParams(item.body);
    for (const element of form.elements) {
      if (!element.name || element.name === '_csrf') continue;
      const values = fields.getAll(element.name);
      if (element.type === 'checkbox' || element.type === 'radio') element.checked = values.includes(element.value);
      else if (values.length) element.value = values[0];
    }
    const note = document.createElement('p');
    note.className = 'callout warn';
    note.setAttribute('role', 'status');
    note.textContent = say('Vous corrigez un enregistrement gardé sur ce téléphone. Il remplacera l’ancien.', 'You are correcting a record kept on this phone. It will replace the former one.');
    form.prepend(note);
    form.scrollIntoView();
  }

  // Signing out erases what the phone keeps: say so when something has not been sent.
  for (const form of document.querySelectorAll('form[action="/deconnexion"]'))
    form.addEventListener('submit', (event) => {
      if (form.dataset.confirmed) return;
      event.preventDefault();
      storeAll('outbox').then((items) => {
        const mine = items.filter((i) => i.account === account).length;
        if (
          !mine ||
          confirm(
            say(
              mine + ' enregistrement(s) pas encore envoyé(s) seront effacés de ce téléphone. Se déconnecter quand même ?',
              mine + ' record(s) not sent yet will be erased from this phone. Sign out anyway?',
            ),
          )
        ) {
          form.dataset.confirmed = '1';
          form.submit();
        }
      });
    });

  const kept = new URLSearchParams(location.search).get('garde');
  if (kept && status)
    status.textContent = navigator.onLine ? TRYING : KEPT_UNTIL_NETWORK;
  window.addEventListener('online', () => void sendWaiting());
  window.addEventListener('offline', () => void showNotice());
  void reopenKept().then(refresh).then(sendWaiting);
})();
`;
