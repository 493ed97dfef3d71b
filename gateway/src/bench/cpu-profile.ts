import { readFileSync } from 'node:fs';

/**
 * Self time of a V8 `.cpuprofile` (what `node --cpu-prof` writes) by where the code lives: a
 * package under node_modules, the gateway's own code, @tmis/shared, a Node built-in, or V8's
 * own buckets (GC, program, idle). Issue 18 reads the request path's cost this way.
 */
interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface Share { bucket: string; ms: number; pct: number }

/** The bucket of one call frame. `url` is a file URL or path, `node:…` for built-ins, empty for natives. */
export function bucketOf(url: string, functionName: string): string {
  if (!url) {
    // V8's synthetic nodes carry their name in parentheses.
    if (functionName.startsWith('(')) return functionName === '(garbage collector)' ? 'GC' : functionName;
    // C++ bindings (socket writes, hashing…): named, as each is its own story.
    return `(native) ${functionName || 'anonymous'}`;
  }
  if (url.startsWith('node:')) {
    // node:internal/streams/writable → node:streams; node:net → node:net.
    const parts = url.slice(5).split('/');
    return `node:${parts[0] === 'internal' ? (parts[1] ?? 'internal').replace(/\.js$/, '') : parts[0]}`;
  }
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const i = path.lastIndexOf('/node_modules/');
  if (i >= 0) {
    const rest = path.slice(i + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.includes('/packages/shared/')) return '@tmis/shared';
  if (path.includes('/gateway/')) return 'gateway (own code)';
  return 'other';
}

/** A stretch of time in µs of the monotonic clock (`process.hrtime.bigint() / 1000n`), which V8's profile timestamps share. */
export type Window = [start: number, end: number];

/**
 * Self time per bucket, largest first; `pct` is of the busy time (idle left out). With
 * `windows`, only samples taken inside them count (the timed cells, not start-up or warm-up).
 */
export function summarizeProfile(profile: CpuProfile, windows?: Window[]): { busyMs: number; idleMs: number; shares: Share[] } {
  const bucketOfNode = new Map<number, string>();
  for (const n of profile.nodes) bucketOfNode.set(n.id, bucketOf(n.callFrame.url, n.callFrame.functionName));
  const us = new Map<string, number>();
  let at = profile.startTime;
  // timeDeltas[i] is the time before sample i; the sample's node ran for the following delta.
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (windows && !windows.some(([a, b]) => at >= a && at < b)) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const b = bucketOfNode.get(profile.samples[i]!) ?? 'other';
    us.set(b, (us.get(b) ?? 0) + delta);
  }
  const idle = us.get('(idle)') ?? 0;
  us.delete('(idle)');
  const busy = [...us.values()].reduce((a, b) => a + b, 0);
  const shares = [...us.entries()].map(([bucket, t]) => ({ bucket, ms: t / 1000, pct: busy ? (100 * t) / busy : 0 })).sort((a, b) => b.ms - a.ms);
  return { busyMs: busy / 1000, idleMs: idle / 1000, shares };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}
