/**
 * The whole stylesheet: small, no framework, mobile first. Contrast ratios ≥ 4.5:1 for text,
 * visible focus, 44 px touch targets, no information carried by colour alone.
 * Digits come from Noto Sans (the last faces declared win for the characters they cover): Atkinson
 * Hyperlegible Next draws a slashed zero, read as a letter (Ø) by people who read little.
 */
export const CSS = `
@font-face { font-family: "Atkinson Hyperlegible Next"; font-weight: 400; font-display: swap;
  src: url(/static/fonts/atkinson-latin-400.woff) format("woff");
  unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }
@font-face { font-family: "Atkinson Hyperlegible Next"; font-weight: 400; font-display: swap;
  src: url(/static/fonts/atkinson-latin-ext-400.woff) format("woff");
  unicode-range: U+0100-02AF, U+0304, U+0308, U+0329, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF; }
@font-face { font-family: "Atkinson Hyperlegible Next"; font-weight: 700; font-display: swap;
  src: url(/static/fonts/atkinson-latin-700.woff) format("woff");
  unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }
@font-face { font-family: "Atkinson Hyperlegible Next"; font-weight: 700; font-display: swap;
  src: url(/static/fonts/atkinson-latin-ext-700.woff) format("woff");
  unicode-range: U+0100-02AF, U+0304, U+0308, U+0329, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF; }
@font-face { font-family: "Atkinson Hyperlegible Next"; font-weight: 400; font-display: swap;
  src: url(/static/fonts/noto-latin-400.woff) format("woff"); unicode-range: U+0030-0039; }
@font-face { font-family: "Atkinson Hyperlegible Next"; font-weight: 700; font-display: swap;
  src: url(/static/fonts/noto-latin-700.woff) format("woff"); unicode-range: U+0030-0039; }
:root {
  --ink: #161b26; --muted: #4a5163; --line: #c9cfdb; --bg: #ffffff; --soft: #f3f5f9;
  --brand: #1d3d7a; --brand-ink: #ffffff; --accent: #0b6e5f; --ok: #146c2e; --ok-bg: #e6f4ea;
  --bad: #a4161a; --bad-bg: #fdecec; --warn: #7a4d00; --warn-bg: #fff4d6; --focus: #ffbf47;
  --radius: 10px;
}
* { box-sizing: border-box; }
html { font-size: 112.5%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: "Atkinson Hyperlegible Next", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  line-height: 1.55; color: var(--ink); background: var(--bg); overflow-wrap: break-word; }
a { color: var(--brand); text-underline-offset: 3px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
.skip { position: absolute; left: -9999px; top: 0; background: var(--focus); color: var(--ink); padding: .6rem 1rem; z-index: 10; }
.skip:focus { left: 0; }
header.site { background: var(--brand); color: var(--brand-ink); }
header.site .bar { max-width: 62rem; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.25rem; }
header.site a { color: var(--brand-ink); }
.brand { font-weight: 700; font-size: 1.35rem; text-decoration: none; letter-spacing: .02em; margin-right: auto; }
.brand small { font-weight: 400; font-size: .8rem; opacity: .9; margin-left: .4rem; }
nav.main ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0 .9rem; }
@media (max-width: 30rem) { nav.main { font-size: .92rem; } header.site .bar { row-gap: 0; } }
nav.main a, nav.main button { display: inline-block; padding: .45rem .1rem; min-height: 44px; line-height: 1.9; }
nav.main a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.linklike { background: none; border: 0; color: inherit; font: inherit; text-decoration: underline; cursor: pointer; padding: 0; text-underline-offset: 3px; }
main { max-width: 62rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2rem 0 .75rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
p.lead { font-size: 1.1rem; color: var(--muted); max-width: 44rem; }
.muted { color: var(--muted); }
footer.site { border-top: 1px solid var(--line); background: var(--soft); }
footer.site .bar { max-width: 62rem; margin: 0 auto; padding: 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; font-size: .9rem; }
.card { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.1rem; margin: 0 0 1rem; background: var(--bg); }
.card > :first-child { margin-top: 0; } .card > :last-child { margin-bottom: 0; }
.card li + li { margin-top: .4rem; }
.cards { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); padding: 0; list-style: none; }
.cards > li { margin: 0; }
.callout { border-left: 6px solid var(--brand); background: var(--soft); padding: .8rem 1rem; border-radius: 0 var(--radius) var(--radius) 0; margin: 1rem 0; }
.callout.ok { border-color: var(--ok); background: var(--ok-bg); }
.callout.bad { border-color: var(--bad); background: var(--bad-bg); }
.callout.warn { border-color: var(--warn); background: var(--warn-bg); }
.callout > :first-child { margin-top: 0; } .callout > :last-child { margin-bottom: 0; }
form.stack { display: grid; gap: 1rem; max-width: 36rem; }
form.withdrawal { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line); } form.withdrawal h2 { margin: 0; }
label, legend { font-weight: 700; display: block; margin-bottom: .25rem; }
.hint { display: block; font-weight: 400; color: var(--muted); font-size: .92rem; margin-bottom: .3rem; }
input[type=text], input[type=email], input[type=password], input[type=url], input[type=number], input[type=date], input[type=search], select, textarea {
  width: 100%; font: inherit; padding: .6rem .7rem; min-height: 44px; border: 2px solid var(--muted); border-radius: 6px; background: #fff; color: var(--ink); }
textarea { min-height: 7rem; }
input[type=file] { display: block; width: 100%; font: inherit; padding: .6rem; border: 2px dashed var(--muted); border-radius: 6px; background: var(--soft); color: var(--ink); }
input[type=file]::file-selector-button { font: inherit; font-weight: 700; min-height: 44px; padding: .4rem 1rem; margin-right: .75rem;
  border: 2px solid var(--brand); border-radius: 8px; background: #fff; color: var(--brand); cursor: pointer; }
input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true] { border-color: var(--bad); }
.field-error { color: var(--bad); font-weight: 700; margin: .2rem 0; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem 1rem; margin: 0 0 1rem; }
.choices { display: grid; gap: .4rem; }
.choice { display: flex; align-items: flex-start; gap: .6rem; font-weight: 400; min-height: 44px; padding: .35rem 0; }
.choice input { width: 1.4rem; height: 1.4rem; margin-top: .15rem; flex: none; }
.choices.inline { grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); }
button, .button { display: inline-flex; align-items: center; justify-content: center; gap: .4rem; font: inherit; font-weight: 700;
  min-height: 44px; padding: .55rem 1.2rem; border-radius: 8px; border: 2px solid var(--brand); background: var(--brand); color: var(--brand-ink);
  cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: var(--brand); }
button.danger, .button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); }
.table-wrap { overflow-x: auto; position: relative; }
.cell-label { display: none; }
@media (max-width: 40rem) {
  table.cards-sm, table.cards-sm tbody, table.cards-sm tr, table.cards-sm td { display: block; width: 100%; }
  table.cards-sm thead { display: block; position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  table.cards-sm tr { border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .9rem; margin: 0 0 .75rem; }
  table.cards-sm td { border: 0; padding: .2rem 0; }
  table.cards-sm .cell-label { display: block; font-size: .9rem; font-weight: 700; color: var(--muted); }
  table.cards-sm td:first-child { font-weight: 700; }
}
.badge-status { display: inline-block; padding: .1rem .55rem; border-radius: 999px; font-size: .85rem; font-weight: 700; border: 2px solid currentColor; }
.badge-status.ok { color: var(--ok); } .badge-status.bad { color: var(--bad); } .badge-status.warn { color: var(--warn); }
.checks { list-style: none; padding: 0; }
.checks li { display: flex; gap: .6rem; align-items: flex-start; padding: .5rem 0; border-bottom: 1px solid var(--line); }
.checks li > span:last-child { min-width: 0; overflow-wrap: anywhere; }
.checks .mark { flex: none; font-weight: 700; width: 1.6rem; text-align: center; }
.checks .ok .mark { color: var(--ok); } .checks .ko .mark { color: var(--bad); }
.letter { display: inline-flex; align-items: center; justify-content: center; width: 2.6rem; height: 2.6rem; border-radius: 8px;
  background: var(--brand); color: #fff; font-weight: 700; font-size: 1.5rem; flex: none; }
.entry { display: flex; gap: 1rem; align-items: flex-start; margin: 1.5rem 0; }
.entry > div { flex: 1; min-width: 0; }
.letter-section { margin: 1.75rem 0; scroll-margin-top: .5rem; }
.letter-section > h3 { margin: 0 0 .5rem; }
.letter-section .to-letters { display: inline-block; margin-top: .25rem; padding: .6rem 0; font-size: .92rem; }
@media (min-width: 48rem) { .letter-section { display: grid; grid-template-columns: 3.6rem 1fr; column-gap: 1rem; align-items: start; }
  .letter-section > div { min-width: 0; } }
.hero { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: flex-start; margin: .5rem 0 1rem; }
.hero > img.badge { width: 6rem; height: 6rem; } .hero > div { flex: 1 1 18rem; min-width: 0; }
.hero h1 { margin-top: 0; } .hero p.muted { margin: 0 0 .25rem; }
@media (min-width: 48rem) { .hero > img.badge { width: 8rem; height: 8rem; } }
.alphabet-nav { display: flex; flex-wrap: wrap; gap: .35rem; padding: 0; list-style: none; }
.alphabet-nav a { display: inline-flex; width: 2.4rem; height: 2.4rem; align-items: center; justify-content: center; border: 2px solid var(--brand); border-radius: 6px; text-decoration: none; font-weight: 700; }
details { border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem .9rem; margin: .5rem 0; }
details > summary { cursor: pointer; font-weight: 700; min-height: 44px; display: block; list-style: none; position: relative; padding: .55rem 0 .55rem 1.6rem; }
details > summary::-webkit-details-marker { display: none; }
details > summary::before { content: ""; position: absolute; left: .2rem; top: 1.05rem; width: .5rem; height: .5rem;
  border-right: 3px solid currentColor; border-bottom: 3px solid currentColor; transform: rotate(-45deg); }
details[open] > summary::before { transform: rotate(45deg); top: .9rem; }
details[open] > summary { margin-bottom: .25rem; }
@media (forced-colors: active) { details > summary::before { border-color: CanvasText; } }
/* Signed-in header: the menu folds under "Menu" on phones, so that the header is one line. */
header.compact .bar { align-items: flex-start; } header.compact .brand { line-height: 44px; }
header.site details.menu { border: 0; padding: 0; margin: 0; }
header.site details.menu > summary { padding: 0 .2rem 0 1.5rem; line-height: 44px; }
header.site details.menu nav.main ul { flex-direction: column; padding-bottom: .4rem; }
@media (max-width: 47.99rem) { .wide-only { display: none; } header.compact .brand small { display: none; } }
@media (min-width: 48rem) { .narrow-only { display: none; } }
p.summary { font-size: 1.3rem; font-weight: 700; margin: 0 0 .5rem; }
dl.meta { display: grid; grid-template-columns: 1fr; gap: 0 1rem; }
dl.meta dt { font-weight: 700; } dl.meta dd { margin: 0 0 .6rem; min-width: 0; overflow-wrap: anywhere; }
@media (min-width: 36rem) { dl.meta { grid-template-columns: minmax(0, max-content) 1fr; row-gap: .3rem; } dl.meta dd { margin: 0; } }
dl.meta.codes { grid-template-columns: minmax(0, max-content) 1fr; row-gap: .3rem; } dl.meta.codes dd { margin: 0; }
.levels { display: grid; gap: .5rem; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); }
.level { border-top: 4px solid var(--accent); background: var(--soft); padding: .5rem .75rem; border-radius: 0 0 8px 8px; }
.level h4 { margin: .1rem 0 .3rem; font-size: 1rem; }
.level ul { margin: 0; padding-left: 1.1rem; }
.criteria ul { margin: .25rem 0 .75rem; padding-left: 1.2rem; } .criteria li + li { margin-top: .2rem; }
.tag { display: inline-block; background: var(--soft); border: 1px solid var(--line); border-radius: 999px; padding: .05rem .6rem; font-size: .85rem; margin: .1rem .2rem .1rem 0; }
.dots { letter-spacing: .15em; color: var(--accent); font-weight: 700; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; word-break: break-all; }
.secret { background: var(--warn-bg); border: 2px dashed var(--warn); padding: .6rem .8rem; border-radius: 8px; word-break: break-all; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
img.badge { width: 7rem; height: 7rem; }
/* Small utilities (the CSP forbids inline style attributes). */
.flush-top { margin-top: 0; } .flush { margin: 0; } .tight { margin: .2rem 0; } .spaced { margin: .2rem 0 .8rem; }
.plain-list { list-style: none; padding: 0; margin: 0; } ul.actions { list-style: none; padding: 0; }
.inline-form { display: inline; } form.stack.wide { max-width: none; } textarea.note { min-height: 3rem; }
img.badge.small { width: 5rem; height: 5rem; }
/* Issue 18: adding a badge to LinkedIn or a wallet. */
.share-badge { display: grid; gap: .9rem; margin: .6rem 0; } .share-badge .button { width: 100%; max-width: 22rem; }
.letter.small { width: 2rem; height: 2rem; font-size: 1.1rem; margin-right: .6rem; }
/* Issue 12: charts, copy buttons, compact competence forms, learner card. */
figure.chart { margin: 1rem 0; } figure.chart svg { width: 100%; max-width: 32rem; height: auto; display: block; }
.swatch { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em; border-radius: 2px; }
.swatch.eval { background: #1d3d7a; } .swatch.badge { background: #c25b00; }
/* Issue 17: the figures a funder reads — the period picker on one or two lines, figures with their definitions. */
form.period-picker { display: flex; flex-wrap: wrap; gap: .4rem .6rem; align-items: end; margin: .5rem 0; }
form.period-picker label { display: block; font-weight: 600; } .period-range { display: flex; flex-wrap: wrap; gap: .3rem .5rem; align-items: center; }
.period-range label { display: inline; font-weight: 400; } .period-range input { width: 8rem; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .75rem; margin: .5rem 0; }
dl.figures > div { border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem .75rem; break-inside: avoid; }
dl.figures dt { font-weight: 600; } dl.figures dd { margin: 0; } dl.figures dd.figure-value strong { font-size: 1.4rem; }
dl.figures dd.definition { font-size: .9rem; } dl.figures .trend { display: block; color: var(--muted); }
[hidden] { display: none !important; }
fieldset.competence { padding: .5rem .7rem; } fieldset.competence legend { font-size: 1rem; }
fieldset.competence .choices { display: flex; flex-wrap: wrap; gap: .3rem .8rem; }
fieldset.competence .choice { padding: .25rem .2rem; }
/* A reason is a sentence: a short box (the corrections' pages fit in two phone screens). */
textarea.reason { min-height: 4rem; }
/* The workshop sheet (issue 19): one competence, a compact row of levels per person, two columns. */
fieldset.sheet { border: 0; padding: 0; } fieldset.sheet > legend { font-size: 1.1rem; margin-bottom: .3rem; }
fieldset.sheet-person { padding: .3rem .6rem .4rem; margin: 0 0 .6rem; }
fieldset.sheet-person .choices { display: grid; grid-template-columns: 1fr 1fr; gap: 0 .6rem; }
fieldset.sheet-person .choice { padding: .2rem 0; }
.compact-hint { font-size: .9rem; }
/* A form's letters, collapsed: one line each on a phone (the full title is read when opened). */
/* Issue 17: a competence's evidence on one screen — one form whose fields follow the kind chosen
   (radios styled as one segmented control; without :has() every field shows, as before). */
.competence-evidence, .anchored { scroll-margin-top: .5rem; }
.competence-evidence > h2 { font-size: 1.15rem; margin: 1.75rem 0 .4rem; }
.competence-evidence > h2 .muted { font-weight: 400; font-size: 1rem; }
.competence-evidence details { margin: .3rem 0; }
.evidence-list li { display: flex; gap: .5rem; align-items: flex-start; padding: .3rem 0; border-bottom: 1px solid var(--line); }
.evidence-list .evidence-what { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.evidence-list button { min-height: 44px; padding: .3rem .7rem; font-size: .9rem; }
.clamp { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
form.evidence-form { gap: .6rem; margin-top: .6rem; }
fieldset.kind-choice { border: 0; padding: 0; margin: 0; min-width: 0; }
/* The radios are hidden inside their control (positioned, clipped by it): a hidden radio never lies over a link
   further down the page. */
.segmented { position: relative; display: flex; border: 2px solid var(--brand); border-radius: 8px; overflow: hidden; }
/* Two markups: a radio beside its label (evidence kind) or inside it (review choices, below). */
.segmented > input { position: absolute; left: 0; top: 0; opacity: 0; width: 1px; height: 1px; margin: 0; }
.segmented label { flex: 1; margin: 0; text-align: center; min-height: 44px; padding: .45rem .3rem; cursor: pointer; color: var(--brand); background: #fff; }
.segmented label + input + label { border-left: 2px solid var(--brand); }
.segmented input:checked + label { background: var(--brand); color: #fff; }
.segmented input:focus-visible + label { outline: 3px solid var(--focus); outline-offset: -5px; }
.evidence-form textarea { min-height: 4.5rem; }
details.add-evidence { padding-bottom: .6rem; } details.add-evidence form.evidence-form { margin-top: 0; }
.evidence-form:not(:has(input[value=link]:checked)) .only-link,
.evidence-form:not(:has(input[value=file]:checked)) .only-file,
.evidence-form:not(:has(input[value=text]:checked)) .only-text,
.evidence-form:has(input[value=text]:checked) .not-text { display: none; }
ul.asked { padding-left: 1.1rem; } ul.asked li + li { margin-top: .5rem; }
details.letter-group { margin: .3rem 0; padding: 0 .6rem; min-width: 0; max-width: 100%; }
details.letter-group > summary { display: flex; align-items: center; padding-top: .25rem; padding-bottom: .25rem; }
details.letter-group > summary::before { top: 50%; margin-top: -.3rem; }
details.letter-group[open] > summary::before { margin-top: -.4rem; }
details.letter-group .summary-title { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
details.letter-group[open] .summary-title { white-space: normal; }
.card-sheet { border: 2px solid var(--accent); border-radius: 12px; padding: 1rem; max-width: 30rem; }
.card-sheet svg { width: 11rem; height: 11rem; }
ol.steps li { margin: .3rem 0; }
table.workshop td, table.workshop th { vertical-align: top; }
@media (min-width: 48rem) { h1 { font-size: 2.1rem; } }
/* Verification: one verdict card first, problems in red inside it, technical checks folded below. */
.verdict { border: 2px solid var(--line); border-left-width: 8px; border-radius: var(--radius); padding: .9rem 1rem; margin: 0 0 1rem; }
.verdict.ok { border-color: var(--ok); } .verdict.bad { border-color: var(--bad); } .verdict.warn { border-color: var(--warn); }
.verdict > h2 { font-size: 1.35rem; margin-bottom: .3rem; }
.verdict.ok > h2 { color: var(--ok); } .verdict.bad > h2 { color: var(--bad); } .verdict.warn > h2 { color: var(--warn); }
.verdict-message { margin: 0 0 .7rem; font-size: 1.05rem; }
.problems { background: var(--bad-bg); border: 2px solid var(--bad); border-radius: 8px; padding: .6rem .8rem; margin: 0 0 .8rem; }
.problems h3 { color: var(--bad); font-size: 1.05rem; margin-bottom: .3rem; }
.problems li + li { margin-top: .5rem; }
.name-check { margin: 0 0 .3rem; font-weight: 700; } .name-check.ok { color: var(--ok); } .name-check.bad { color: var(--bad); } .name-check.warn { color: var(--warn); }
.bad-text { color: var(--bad); font-weight: 700; }
ul.competences { margin: .2rem 0 0; padding-left: 1.1rem; } ul.competences li + li { margin-top: .15rem; }
.receipt { margin: .8rem 0 0; padding-top: .6rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .92rem; }
details.tech .tech-badge + .tech-badge { border-top: 2px solid var(--line); margin-top: .8rem; }
/* Committee review (issue 17): one compact block per item, inline segmented choices, reasons folded, the round in view. */
.round-summary { position: sticky; top: 0; z-index: 5; background: var(--warn-bg); border: 1px solid var(--warn); border-radius: var(--radius); padding: .3rem .7rem; margin: 0 0 .6rem; font-weight: 700; font-size: .95rem; }
.review-item { border: 0; border-top: 1px solid var(--line); border-radius: 0; padding: .45rem 0 .3rem; margin: 0; min-width: 0; }
.review-item > legend { float: left; width: 100%; padding: 0; font-weight: 700; font-size: .95rem; line-height: 1.3; margin: 0 0 .15rem; }
.review-item > legend + * { clear: left; }
.review-item p, .review-item ul { margin: .1rem 0; font-size: .9rem; line-height: 1.4; }
.review-item ul { padding-left: 1.1rem; }
.unmet { color: var(--bad); font-weight: 700; } .met { color: var(--ok); }
.segmented { display: flex; flex-wrap: wrap; margin: .25rem 0; min-width: 0; max-width: 100%; }
.segmented label { position: relative; display: inline-flex; align-items: center; min-height: 44px; padding: 0 .5rem; border: 1px solid var(--muted); margin: 0 0 0 -1px; font-weight: 400; font-size: .92rem; cursor: pointer; background: var(--bg); }
.segmented label:first-child { border-radius: var(--radius) 0 0 var(--radius); margin-left: 0; }
.segmented label:last-child { border-radius: 0 var(--radius) var(--radius) 0; }
.segmented label > input { position: absolute; inset: 0; opacity: 0; width: 100%; height: 100%; margin: 0; cursor: pointer; }
.segmented label:has(input:checked) { background: var(--brand); color: var(--brand-ink); font-weight: 700; }
.segmented input:checked + span::before { content: "✓ "; }
.segmented label:has(input:focus-visible) { outline: 3px solid var(--focus); outline-offset: 2px; z-index: 1; }
details.reason { border: 0; padding: 0; margin: 0; }
details.reason > summary { font-weight: 400; font-size: .9rem; min-height: 44px; padding: .6rem 0 .4rem 1.3rem; }
details.reason > summary::before { top: 1.05rem; }
.review-vote { border: 2px solid var(--brand); }
.decide { display: flex; flex-wrap: wrap; align-items: center; gap: 0 .4rem; min-width: 0; } .decide > * { min-width: 0; }
.decide > .segmented, .decide > details.reason { margin: 0; } details.reason .segmented label { padding: 0 .4rem; font-size: .88rem; } details.reason .review-item { padding-right: 0; }
fieldset.segmented { border: 0; border-radius: 0; padding: 0; min-inline-size: 0; }
.decide > details.reason[open] { flex: 1 1 100%; width: 100%; max-width: 100%; } .decide > details.reason { max-width: 100%; overflow-wrap: anywhere; } details.reason .review-item, details.reason textarea { max-width: 100%; min-width: 0; }
.decide > details.reason > summary { padding-top: .55rem; }
/* One row on a phone: the choices on one line (never a word broken over two), the folded reason beside them. */
.decide > .segmented { flex: 0 1 auto; } .decide > .segmented label { white-space: nowrap; padding-left: .5rem; padding-right: .5rem; }
.review-block { border-top: 2px solid var(--line); margin-top: .4rem; }
.review-block > h3 { font-size: .95rem; line-height: 1.3; margin: .4rem 0 .2rem; }
ul.claims { list-style: none; padding: 0; margin: 0; font-size: .88rem; line-height: 1.35; }
ul.claims > li + li { margin-top: .25rem; } ul.claims ul { display: inline; padding: 0; margin: 0; list-style: none; } ul.claims ul li { display: inline; }
ul.claims ul li::before { content: " · "; } ul.claims p { margin: 0; }

@media print { header.site, footer.site, .no-print, nav { display: none !important; } main { max-width: none; }
  .verdict, .problems { break-inside: avoid; } }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;
