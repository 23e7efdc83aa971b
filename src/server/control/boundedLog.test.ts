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

  it('keeps only the newest entries that fit its byte budget, weighed as they are by then', () => {
    const log = createBoundedLog<{ text: string }>(100, {
      maxBytes: 1_000,
      weigh: (entry) => entry.text.length,
    });
    const entries = Array.from({ length: 40 }, () => log.append({ text: '' }));
    // Completed after appending, as the request log's entries are (a body read later).
    for (const entry of entries) entry.text = 'x'.repeat(100);
    for (let n = 0; n < 20; n += 1) log.append({ text: 'x'.repeat(100) });
    const kept = log.list();
    expect(kept).toHaveLength(10);
    expect(kept.map((entry) => entry.seq)).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
    expect(log.dropped()).toBe(50);
  });
});
