/**
 * Scope conditions are path prefixes. We express them as anchored regexes (`^/1/4/`) because
 * those serialise to JSON for the portal and CASL matches them natively; the gateway turns a
 * prefix regex back into `LIKE '/1/4/%'` so the database index does the work.
 */
export function subtreeOf(path: string): { $regex: string } {
  assertPath(path);
  return { $regex: `^${path}` };
}

/** Exactly the units one level below `path`. */
export function childrenOf(path: string): { $regex: string } {
  assertPath(path);
  return { $regex: `^${path}[0-9]+/$` };
}

/** Every unit below `path`, not the unit itself. */
export function strictlyBelow(path: string): { $regex: string } {
  assertPath(path);
  return { $regex: `^${path}[0-9]` };
}

export function assertPath(path: string): void {
  if (!/^(\/[0-9]+)+\/$/.test(path)) throw new Error(`not a unit path: ${path}`);
}

export function isInSubtree(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}
