import { describe, expect, it } from 'vitest';
import { createBoundedLog } from './boundedLog.ts';

describe('createBoundedLog', () => {
  it('numbers entries and lists those after a seq', () => {
    const log = createBoundedLog<{ name: string }>(10);
    log.append({ name: 'a' });
    const b = log.append({ name: 'b' });
    expect(b.seq).toBe(2);
    expect(log.list(1)).toEqual([{ seq: 2, name: 'b' }]);
  });

  it('keeps only the newest entries and counts the dropped ones', () => {
    const log = createBoundedLog<{ n: number }>(5);
    for (let n = 1; n <= 23; n += 1) log.append({ n });
    expect(log.list().map((entry) => entry.n)).toEqual([19, 20, 21, 22, 23]);
    expect(log.dropped()).toBe(18);
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.dropped()).toBe(0);
    expect(log.append({ n: 24 }).seq).toBe(24);
  });

  it('lets an entry be completed after it was appended', () => {
    const log = createBoundedLog<{ status: number | null }>(5);
    const entry = log.append({ status: null });
    entry.status = 200;
    expect(log.list()).toEqual([{ seq: 1, status: 200 }]);
  });
});
