import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { BakingError, bakePng, bakeSvg, extractFromPng, extractFromSvg } from '../../../src/ob3/baking.js';
import { badgeSvg } from '../../../src/issuing/badge-image.js';
import { signCredential } from '../../../src/ob3/jwt.js';
import { competenceCredential, makeIssuer } from './helpers.js';

function samplePng(): Uint8Array {
  const png = new PNG({ width: 4, height: 3 });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

describe('baking', async () => {
  const issuer = await makeIssuer('hub', 'Hub de test');
  const credential = await competenceCredential(issuer);
  const jwt = await signCredential(credential, issuer.key);

  it('bakes a JWT into a PNG iTXt chunk and extracts exactly the same text', () => {
    const baked = bakePng(samplePng(), jwt);
    expect(extractFromPng(baked)).toBe(jwt);
    const text = new TextDecoder('latin1').decode(baked);
    // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL
    expect(text).toContain(`iTXtopenbadgecredential\0\0\0\0\0${jwt}`);
    expect(text.indexOf('iTXt')).toBeLessThan(text.indexOf('IEND'));
  });

  it('keeps the PNG decodable as an image', () => {
    const image = PNG.sync.read(Buffer.from(bakePng(samplePng(), jwt)));
    expect([image.width, image.height]).toEqual([4, 3]);
    expect(image.data[0]).toBe(200);
  });

  it('replaces an earlier credential instead of adding a second chunk', () => {
    const twice = bakePng(bakePng(samplePng(), 'first.jwt.value'), jwt);
    const text = new TextDecoder('latin1').decode(twice);
    expect(text.split('openbadgecredential').length - 1).toBe(1);
    expect(extractFromPng(twice)).toBe(jwt);
  });

  it('bakes JSON with non-ASCII text byte for byte', () => {
    const json = JSON.stringify({ ...credential, name: 'Créer — « ça » ✓ ]]>' });
    expect(extractFromPng(bakePng(samplePng(), json))).toBe(json);
  });

  it('rejects input that is not a PNG, and returns null for a PNG without a credential', () => {
    expect(() => bakePng(new TextEncoder().encode('GIF89a not a png'), jwt)).toThrow(BakingError);
    expect(() => extractFromPng(new Uint8Array([1, 2, 3]))).toThrow(BakingError);
    expect(extractFromPng(samplePng())).toBeNull();
  });

  it('bakes a JWT into an SVG as the first child of the root and extracts it exactly', () => {
    const svg = badgeSvg({ title: 'Créer une adresse e-mail', mark: 'A1', kind: 'competence' });
    const baked = bakeSvg(svg, jwt);
    expect(baked).toMatch(
      /^<svg xmlns:openbadges="https:\/\/purl\.imsglobal\.org\/ob\/v3p0" xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*><openbadges:credential verify="[^"]+"><\/openbadges:credential><title/,
    );
    expect(extractFromSvg(baked)).toBe(jwt);
    expect(extractFromSvg(bakeSvg(baked, 'a.b.c'))).toBe('a.b.c');
    expect(bakeSvg(baked, 'a.b.c').match(/openbadges:credential /g)).toHaveLength(1);
  });

  it('bakes JSON into an SVG as CDATA (even when it contains "]]>") and extracts it exactly', () => {
    const json = JSON.stringify({ ...credential, name: 'fin ]]> de section & <balise>' });
    const baked = bakeSvg('<?xml version="1.0"?>\n<!-- badge -->\n<svg xmlns="http://www.w3.org/2000/svg"/>', json);
    expect(baked).toContain('<openbadges:credential><![CDATA[');
    expect(baked.endsWith('</svg>')).toBe(true);
    expect(extractFromSvg(baked)).toBe(json);
  });

  it('finds the credential under any prefix bound to the OB 3.0 namespace', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential verify="${jwt}"/><circle r="1"/></svg>`;
    expect(extractFromSvg(svg)).toBe(jwt);
    const other =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="x.y.z"/></svg>';
    expect(extractFromSvg(other)).toBeNull(); // OB 2.0 badges are not read
    expect(extractFromSvg('<svg xmlns="http://www.w3.org/2000/svg"><credential verify="a.b.c"/></svg>')).toBeNull();
    expect(() => bakeSvg('<html></html>', jwt)).toThrow(BakingError);
    expect(() => bakeSvg('<svg xmlns:openbadges="http://openbadges.org"></svg>', jwt)).toThrow(/already bound/);
  });
});
