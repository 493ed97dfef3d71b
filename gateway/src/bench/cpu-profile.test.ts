import { describe, expect, it } from 'vitest';
import { bucketOf, summarizeProfile } from './cpu-profile.js';

describe('cpu profile buckets', () => {
  it.each([
    ['file:///w/node_modules/.pnpm/@mikro-orm+core@6.6.16/node_modules/@mikro-orm/core/entity/EntityFactory.js', 'create', '@mikro-orm/core'],
    ['file:///w/node_modules/.pnpm/knex@3.1.0/node_modules/knex/lib/query/querybuilder.js', 'where', 'knex'],
    ['file:///w/gateway/dist/modules/teachers/teacher.service.js', 'list', 'gateway (own code)'],
    ['file:///w/packages/shared/dist/index.js', 'x', '@tmis/shared'],
    ['node:internal/streams/writable', 'write', 'node:streams'],
    ['node:net', 'connect', 'node:net'],
    ['', '(garbage collector)', 'GC'],
    ['', '(idle)', '(idle)'],
    ['', 'writev', '(native) writev'],
  ])('%s → %s', (url, fn, bucket) => {
    expect(bucketOf(url, fn)).toBe(bucket);
  });

  it('sums self time per bucket, leaves idle out of the share and keeps only samples in the windows', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' } },
        { id: 2, callFrame: { functionName: 'find', url: 'file:///w/node_modules/@mikro-orm/core/x.js' } },
        { id: 3, callFrame: { functionName: '(garbage collector)', url: '' } },
        { id: 4, callFrame: { functionName: '(idle)', url: '' } },
      ],
      // Samples at 100, 110, 130, 160, 200 µs; each runs until the next: core 10 + 20, GC 30, idle 40.
      samples: [2, 2, 3, 4, 2], timeDeltas: [0, 10, 20, 30, 40, 0], startTime: 100, endTime: 200,
    };
    const all = summarizeProfile(profile);
    expect(all.idleMs).toBeCloseTo(0.04);
    expect(all.shares).toEqual([
      { bucket: '@mikro-orm/core', ms: 0.03, pct: 50 },
      { bucket: 'GC', ms: 0.03, pct: 50 },
    ]);
    const windowed = summarizeProfile(profile, [[105, 140]]);
    expect(windowed.shares).toEqual([
      { bucket: 'GC', ms: 0.03, pct: 60 },
      { bucket: '@mikro-orm/core', ms: 0.02, pct: 40 },
    ]);
  });
});
