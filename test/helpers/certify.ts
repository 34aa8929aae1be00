/**
 * A certified mediator for tests that need one (a label needs the programme's minimum of them):
 * certified through the real services, as the demo does it — portfolio, application, two
 * committee members accepting every competence.
 */
import { principalFromApiToken } from '../../src/auth/service.js';
import type { Principal } from '../../src/context.js';
import { certifyMediator, demoMediatorApplication } from '../../src/cli/demo.js';
import { apiTokenFor, createUser, type Harness, type TestUser } from './harness.js';

async function principalOf(h: Harness, user: TestUser): Promise<Principal> {
  return (await principalFromApiToken(h.deps, await apiTokenFor(h, user)))!;
}

/** Two committee members of the harness's hub, as principals. */
export async function committeeOf(h: Harness): Promise<Principal[]> {
  return [
    await principalOf(h, await createUser(h, h.boot.hub.id, 'committee')),
    await principalOf(h, await createUser(h, h.boot.hub.id, 'committee')),
  ];
}

/** A new mediator of the structure, certified by two new committee members of the hub. */
export async function certifiedMediator(h: Harness, structureId: string): Promise<TestUser> {
  const mediator = await createUser(h, structureId, 'mediator');
  const issued = await certifyMediator(h.deps, await principalOf(h, mediator), await committeeOf(h));
  if (!issued.some((i) => i.row.achievementKind === 'certification')) throw new Error('mediator not certified');
  return mediator;
}

/** A new mediator of the structure whose application (the demo's blocks) awaits the committee. */
export async function mediatorApplication(h: Harness, structureId: string): Promise<{ id: string; codes: string[] }> {
  const mediator = await createUser(h, structureId, 'mediator');
  const { app, codes } = await demoMediatorApplication(h.deps, await principalOf(h, mediator));
  return { id: app.id, codes };
}
