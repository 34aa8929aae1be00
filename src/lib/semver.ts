/** A x.y.z version: digits without leading zeros (semantic versioning's core, no suffix). */
export const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Sortable text form of a x.y.z version, so that SQL can order versions with ORDER BY. */
export function semverSortKey(version: string): string {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10));
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error(`not a x.y.z version: ${version}`);
  return parts.map((n) => String(n).padStart(6, '0')).join('.');
}
