import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lexiconAnalyser, type CommentAnalyser, type CommentInsight } from '@touchpoint/insight';
import { analyseRequest, threadedAnalyser, type ThreadedAnalyser } from './threaded-analyser.ts';

const builtThread = new URL('../dist/analyser-thread.js', import.meta.url);

/**
 * A thread script of the test's own. Each result names the comment and how many
 * comments travelled in its message; "die" ends the thread before it replies.
 */
function scriptedThread(): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'analyser-thread-')), 'thread.mjs');
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ batch, comments }) => {
  if (comments.some(([text]) => text === 'die')) process.exit(3);
  parentPort.postMessage({
    batch,
    results: comments.map(([text, locale]) =>
      text === 'boom'
        ? { error: 'analyser broke' }
        : { sentiment: { label: 'neutral', score: 0 }, terms: [text, String(locale), 'batch of ' + comments.length], language: 'xx' },
    ),
  });
});`,
  );
  return pathToFileURL(file);
}

/** The fallback: says it was here. */
const fallback: CommentAnalyser = {
  name: 'fallback@1',
  analyse: (text): CommentInsight => ({
    sentiment: { label: 'positive', score: 1 },
    terms: [text, 'here'],
    language: 'xx',
  }),
};

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('threadedAnalyser', () => {
  const opened: ThreadedAnalyser[] = [];
  const open = (script: URL, log: (line: string) => void = () => {}) => {
    const analyser = threadedAnalyser(script, fallback, log);
    opened.push(analyser);
    return analyser;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((analyser) => analyser.close()));
  });

  it('gives what the built-in analyser gives on the caller thread, in English, Thai and Vietnamese', async () => {
    const analyser = open(builtThread);
    const comments: Array<[string, string | null]> = [
      ['The checkout was not easy at all.', 'en'],
      ['ส่งของเร็วมาก แพ็คมาดี ขอบคุณครับ', 'th'],
      ['Giao hàng không tốt, đóng gói cẩu thả.', null],
    ];
    const threaded = await Promise.all(comments.map(([text, locale]) => analyser.analyse(text, locale)));
    expect(threaded).toEqual(comments.map(([text, locale]) => lexiconAnalyser.analyse(text, locale)));
    expect(threaded.map((insight) => insight.sentiment.label)).toEqual(['negative', 'positive', 'negative']);
  });

  it('sends the comments of one turn in one message and answers each caller its own result', async () => {
    const analyser = open(scriptedThread());
    const first = await Promise.all([analyser.analyse('a', 'en'), analyser.analyse('b', 'th'), analyser.analyse('c')]);
    expect(first.map((insight) => insight.terms)).toEqual([
      ['a', 'en', 'batch of 3'],
      ['b', 'th', 'batch of 3'],
      ['c', 'undefined', 'batch of 3'],
    ]);
    const later = await analyser.analyse('d', null);
    expect(later.terms).toEqual(['d', 'null', 'batch of 1']);
  });

  it('fails only the caller whose comment the thread could not analyse', async () => {
    const analyser = open(scriptedThread());
    const [before, broken, after] = await Promise.allSettled([
      analyser.analyse('x'),
      analyser.analyse('boom'),
      analyser.analyse('y'),
    ]);
    expect(before).toMatchObject({ status: 'fulfilled', value: { terms: ['x', 'undefined', 'batch of 3'] } });
    expect(broken).toMatchObject({ status: 'rejected', reason: new Error('analyser broke') });
    expect(after).toMatchObject({ status: 'fulfilled', value: { terms: ['y', 'undefined', 'batch of 3'] } });
  });

  it('answers the comments a dead thread held, and every later one, on the caller thread', async () => {
    const lines: string[] = [];
    const analyser = open(scriptedThread(), (line) => lines.push(line));
    const answered = await Promise.all([analyser.analyse('die'), analyser.analyse('held')]);
    expect(answered.map((insight) => insight.terms)).toEqual([
      ['die', 'here'],
      ['held', 'here'],
    ]);
    expect(lines).toEqual([
      'error: comment analyser thread exited (code 3); analysing comments on the main thread from now on',
    ]);
    await nextTurn();
    expect((await analyser.analyse('after')).terms).toEqual(['after', 'here']);
    expect(lines).toHaveLength(1);
  });

  it('answers comments still on the thread when it is closed, without logging an error', async () => {
    const lines: string[] = [];
    const analyser = open(scriptedThread(), (line) => lines.push(line));
    expect((await analyser.analyse('warm')).terms).toEqual(['warm', 'undefined', 'batch of 1']);
    const pending = analyser.analyse('late');
    await nextTurn(); // posted to the thread
    await analyser.close();
    const late = await pending;
    // Either the thread answered before it stopped, or the fallback did: never lost.
    expect(late.terms[0]).toBe('late');
    expect(lines).toEqual([]);
  });

  it("answers a comment the thread's analyser throws on with that comment's error, and the others", async () => {
    const throwing: CommentAnalyser = {
      name: 'throwing@1',
      analyse(text) {
        if (text === 'boom') throw new TypeError('no lexicon for this');
        return fallback.analyse(text) as CommentInsight;
      },
    };
    const reply = await analyseRequest(throwing, {
      batch: 7,
      comments: [
        ['a', 'en'],
        ['boom', null],
        ['c', 'th'],
      ],
    });
    expect(reply).toEqual({
      batch: 7,
      results: [fallback.analyse('a'), { error: 'no lexicon for this' }, fallback.analyse('c')],
    });
  });

  it('refuses to start without the built thread script', () => {
    expect(() => threadedAnalyser(new URL('file:///nowhere/analyser-thread.js'), fallback, () => {})).toThrow(
      /nowhere\/analyser-thread\.js is missing: run "npm run build"/,
    );
  });
});
