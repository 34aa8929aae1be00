/**
 * The one script of the site, served from /static/app.js (the CSP allows no inline script). Every
 * page works without it; it only adds conveniences: copy buttons, the phone's share sheet, a print button, and filtering of
 * long competence forms as one types.
 */
export const SCRIPT = `(() => {
  'use strict';
  for (const button of document.querySelectorAll('[data-copy-for]')) {
    const source = document.getElementById(button.getAttribute('data-copy-for'));
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      const status = document.querySelector('[data-copied-for="' + source.id + '"]');
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        if (status) status.textContent = document.documentElement.lang === 'en' ? 'Link copied.' : 'Lien copié.';
      } catch {
        if (status) status.textContent = document.documentElement.lang === 'en' ? 'Copy failed: select the link by hand.' : 'La copie n’a pas marché : sélectionnez le lien à la main.';
      }
    });
  }
  // The phone's own share sheet (Web Share API), offered only where the browser has it.
  for (const button of document.querySelectorAll('[data-share-url]')) {
    if (typeof navigator.share !== 'function') continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator
        .share({
          title: button.getAttribute('data-share-title') || undefined,
          text: button.getAttribute('data-share-text') || undefined,
          url: button.getAttribute('data-share-url'),
        })
        .catch(() => undefined); // closed by the person: nothing to say
    });
  }
  for (const button of document.querySelectorAll('[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }
  // Competence search: hides competences that do not match the code or words typed, and opens the
  // letters that still have one. The same search works without script through the form's GET.
  const norm = (s) => s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase();
  for (const input of document.querySelectorAll('input[data-filter]')) {
    const scope = document.querySelector(input.getAttribute('data-filter'));
    if (!scope) continue;
    const apply = () => {
      // Word starts, as on the server (src/learners/search.ts): data-words holds " word word…".
      const words = norm(input.value).split(/[^a-z0-9]+/).filter(Boolean);
      for (const item of scope.querySelectorAll('[data-words]')) {
        const hay = item.getAttribute('data-words');
        const checked = item.querySelector('input[type=radio][value]:checked:not([value=""])');
        item.hidden = words.length > 0 && !checked && !words.every((w) => hay.includes(' ' + w));
      }
      for (const group of scope.querySelectorAll('details')) {
        const visible = group.querySelectorAll('[data-words]:not([hidden])').length;
        group.hidden = words.length > 0 && visible === 0;
        if (words.length > 0 && visible > 0) group.open = true;
      }
    };
    input.addEventListener('input', apply);
  }
})();
`;
