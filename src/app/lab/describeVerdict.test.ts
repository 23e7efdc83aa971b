import { describe, expect, it } from 'vitest';
import { describeVerdict } from './describeVerdict.ts';

describe('describeVerdict', () => {
  it('reads right before a success code as well as before a refusal', () => {
    expect(`${describeVerdict('confirmed').text}: renewed`).toBe('As the documents say: renewed');
    expect(describeVerdict('confirmed').text).not.toMatch(/restriction/i);
  });

  it('marks a contradiction and an error apart from a confirmation', () => {
    expect(describeVerdict('contradicted')).toEqual({
      icon: '✗',
      text: 'Not as the documents say',
    });
    expect(describeVerdict('error').icon).toBe('✗');
    expect(describeVerdict('precondition').text).toBe('Could not run yet');
  });
});
