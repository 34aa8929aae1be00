/** Contract cases of the verifier, one credential and a bulk upload (gathered, in order, by contract.test.ts). */
import type { Case } from './contract-cases.js';

export function verificationCases(): Case[] {
  return [
    { name: 'verify', method: 'POST', path: '/api/v1/verify', body: { credential: 'pas un badge' }, status: 200 },
    {
      name: 'verify, both',
      method: 'POST',
      path: '/api/v1/verify',
      body: { credential: 'x', url: 'https://a.example' },
      status: 422,
    },
    { name: 'verify, unreadable JSON', method: 'POST', path: '/api/v1/verify', body: '{"credential":', status: 400 },
    {
      name: 'bulk verification',
      method: 'POST',
      path: '/api/v1/verify/bulk',
      as: 'committee1',
      form: () => {
        const form = new FormData();
        form.append('file', new File(['pas un badge'], 'a.txt'));
        return form;
      },
      status: 200,
    },
    {
      name: 'bulk verification, nothing sent',
      method: 'POST',
      path: '/api/v1/verify/bulk',
      as: 'committee1',
      form: () => new FormData(),
      status: 422,
    },
  ];
}
