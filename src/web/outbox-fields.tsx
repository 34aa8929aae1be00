import type { FC } from 'hono/jsx';
import { accountMark } from './account-mark.js';
import { useApp } from './render.js';

/**
 * Hidden fields of a form the outbox may keep: its device key (filled by the script; empty
 * without it, then the form is sent as usual), a label for the list of what waits on the phone,
 * and the account it was filled for.
 */
export const OutboxFields: FC<{ label: string; deviceKey?: string | undefined }> = ({ label, deviceKey }) => {
  const principal = useApp().var.principal;
  if (!principal) return null;
  return (
    <>
      {/* A form given back with errors keeps its key: a copy kept on the phone is the same form. */}
      <input type="hidden" name="deviceKey" value={deviceKey ?? ''} data-device-key />
      <input type="hidden" name="deviceLabel" value={label} />
      <input type="hidden" name="deviceAccount" value={accountMark(principal.userId)} />
    </>
  );
};
