import { describe, expect, it } from 'vitest';
import type { CommentAnalyser, CommentInsight } from '@touchpoint/insight';
import { turnBatchedAnalyser } from './turn-batched-analyser.ts';

const insight = (text: string): CommentInsight => ({
  sentiment: { label: 'neutral', score: 0 },
  terms: [text],
  language: 'en',
});

/** An analyser that records the order of its calls; "boom" throws. */
function recordingAnalyser() {
  const calls: string[] = [];
  const analyser: CommentAnalyser = {
    name: 'recording@1',
    analyse(text, locale) {
      calls.push(`${text}/${locale ?? '-'}`);
      if (text === 'boom') throw new Error('analyser broke');
      return insight(text);
    },
  };
  return { analyser, calls };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('turnBatchedAnalyser', () => {
  it('analyses the comments of one turn back to back at its end, each answered its own result', async () => {
    const { analyser, calls } = recordingAnalyser();
    const batched = turnBatchedAnalyser(analyser);
    expect(batched.name).toBe('recording@1');
    const results = [batched.analyse('a', 'en'), batched.analyse('b', null), batched.analyse('c')];
    await Promise.resolve();
    expect(calls).toEqual([]);
    expect(await Promise.all(results)).toEqual([insight('a'), insight('b'), insight('c')]);
    expect(calls).toEqual(['a/en', 'b/-', 'c/-']);
  });

  it('fails only the caller whose analysis throws', async () => {
    const { analyser } = recordingAnalyser();
    const batched = turnBatchedAnalyser(analyser);
    const [before, broken, after] = await Promise.allSettled([
      batched.analyse('x'),
      batched.analyse('boom'),
      batched.analyse('y'),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: insight('x') });
    expect(broken).toMatchObject({ status: 'rejected', reason: new Error('analyser broke') });
    expect(after).toEqual({ status: 'fulfilled', value: insight('y') });
  });

  it('starts a new batch for comments that arrive in a later turn', async () => {
    const { analyser, calls } = recordingAnalyser();
    const batched = turnBatchedAnalyser(analyser);
    const first = batched.analyse('first');
    await nextTurn();
    expect(calls).toEqual(['first/-']);
    const second = batched.analyse('second');
    await Promise.resolve();
    expect(calls).toEqual(['first/-']);
    expect(await Promise.all([first, second])).toEqual([insight('first'), insight('second')]);
    expect(calls).toEqual(['first/-', 'second/-']);
  });
});
