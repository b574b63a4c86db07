// Comment insight (issue 10): quality and speed of the built-in lexicon analyser.
//
// Quality: accuracy and macro-F1 per language on test/fixtures/sentiment/{en,th,vi}.jsonl, split as
// the package's tests split it (the first 40% of each class, in file order, tuned the lexicons; the
// other 60% is held out), plus {lang}.after-freeze.jsonl, comments written after the lexicons were
// frozen. Speed: time per comment, median over every comment of the set (each timed over many calls,
// the least disturbed of three rounds), next to a baseline measured in the same run, interleaved with
// it: the same loop doing only Intl.Segmenter segmentation.
//
//   node test/bench/sentiment.bench.js [--iterations 100]
//
// The analyser is TypeScript; esbuild bundles it in memory and it is imported from a data: URL,
// so this writes nothing but its report to stdout. Exits 1 when a held-out macro-F1 is below 0.75
// or a median comment takes 1 ms or more.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { ROOT, median, table } from './support.js';

const { values } = parseArgs({ strict: false, options: { iterations: { type: 'string' } } });
const ITERATIONS = Number(values.iterations ?? 100);
const ROUNDS = 3;
const LANGUAGES = ['en', 'th', 'vi'];
const LABELS = ['negative', 'neutral', 'positive'];
const TARGET_MACRO_F1 = 0.75;
const BUDGET_MS = 1;
const MAX_COMMENT = 2000; // the API's limit on a comment

const bundle = await build({
  stdin: {
    contents: "export * from './src/index.ts'; export * from './src/evaluation.ts';",
    resolveDir: `${ROOT}packages/insight`,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
});
const insight = await import(
  `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`
);
const { lexiconAnalyser, evaluate, parseJsonl, splitDevHeldOut, DEV_SHARE } = insight;

const fixture = (name) => parseJsonl(readFileSync(`${ROOT}test/fixtures/sentiment/${name}.jsonl`, 'utf8'));
const percent = (value) => `${(value * 100).toFixed(1)}%`;
const micros = (ms) => (ms * 1000).toFixed(1);

process.stdout.write(
  `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}; analyser ${lexiconAnalyser.name}; ` +
    `dev = first ${DEV_SHARE * 100}% of each class, held-out = the rest\n`,
);

// ---- quality ---------------------------------------------------------------------------------
const failures = [];
const qualityRows = [];
const matrices = [];
for (const language of LANGUAGES) {
  const all = fixture(language);
  const { dev, heldOut } = splitDevHeldOut(all);
  const portions = [
    ['dev', dev],
    ['held-out', heldOut],
    ['all', all],
    ['after-freeze', fixture(`${language}.after-freeze`)],
  ];
  for (const [portion, examples] of portions) {
    const result = evaluate(
      examples.map(({ text, label }) => ({
        expected: label,
        predicted: lexiconAnalyser.analyse(text, language).sentiment.label,
      })),
    );
    qualityRows.push([
      language,
      portion,
      result.n,
      percent(result.accuracy),
      result.macroF1.toFixed(3),
      ...LABELS.map((label) => result.perLabel[label].f1.toFixed(2)),
    ]);
    if (portion === 'held-out' || portion === 'all') matrices.push({ language, portion, confusion: result.confusion });
    if (portion === 'held-out' && result.macroF1 < TARGET_MACRO_F1)
      failures.push(`${language} held-out macro-F1 ${result.macroF1.toFixed(3)} < ${TARGET_MACRO_F1}`);
  }
}
process.stdout.write(
  `\nQuality (target: held-out macro-F1 ≥ ${TARGET_MACRO_F1} per language)\n` +
    table(['lang', 'portion', 'n', 'accuracy', 'macro-F1', 'F1 neg', 'F1 neu', 'F1 pos'], qualityRows) +
    '\n',
);
process.stdout.write('\nConfusion matrices (rows: expected, columns: predicted)\n');
for (const { language, portion, confusion } of matrices) {
  process.stdout.write(
    `\n${language} ${portion}\n` +
      table(
        ['expected', ...LABELS],
        LABELS.map((expected) => [expected, ...LABELS.map((predicted) => confusion[expected][predicted])]),
      ) +
      '\n',
  );
}

// ---- speed -------------------------------------------------------------------------------------
/** Mean milliseconds per call of fn over ITERATIONS calls. */
function time(fn) {
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) fn();
  return (performance.now() - started) / ITERATIONS;
}

/** Milliseconds per call of a and of b, each the least disturbed of ROUNDS interleaved rounds. */
function timePair(a, b) {
  let bestA = Infinity;
  let bestB = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    bestA = Math.min(bestA, time(a));
    bestB = Math.min(bestB, time(b));
  }
  return [bestA, bestB];
}

let sink = 0; // consumed below, so that no loop is optimised away
const segmenters = new Map(
  LANGUAGES.map((language) => [language, new Intl.Segmenter(language, { granularity: 'word' })]),
);
const segmentOnly = (text, language) => {
  for (const { isWordLike } of segmenters.get(language).segment(text)) if (isWordLike) sink++;
};
const analyse = (text, language) => {
  sink += lexiconAnalyser.analyse(text, language).terms.length;
};

const commentsOf = new Map(
  LANGUAGES.map((language) => [
    language,
    [...fixture(language), ...fixture(`${language}.after-freeze`)].map((example) => example.text),
  ]),
);
for (const [language, comments] of commentsOf) {
  for (const text of comments) {
    segmentOnly(text, language); // warm both paths, in every language, before timing any
    analyse(text, language);
  }
}
const speedRows = [];
const everyAnalyser = [];
const everyBaseline = [];
for (const [language, comments] of commentsOf) {
  const analyser = [];
  const baseline = [];
  for (const text of comments) {
    const [segmenting, analysing] = timePair(
      () => segmentOnly(text, language),
      () => analyse(text, language),
    );
    baseline.push(segmenting);
    analyser.push(analysing);
  }
  everyAnalyser.push(...analyser);
  everyBaseline.push(...baseline);
  const long = comments.join(' ').slice(0, MAX_COMMENT);
  const [longBaseline, longAnalyser] = timePair(
    () => segmentOnly(long, language),
    () => analyse(long, language),
  );
  const chars = median(comments.map((text) => text.length));
  speedRows.push([
    language,
    comments.length,
    chars,
    micros(median(baseline)),
    micros(median(analyser)),
    `${(median(analyser) / median(baseline)).toFixed(1)}×`,
    micros(Math.max(...analyser)),
    micros(longBaseline),
    micros(longAnalyser),
  ]);
  if (median(analyser) >= BUDGET_MS)
    failures.push(`${language} median ${median(analyser).toFixed(3)} ms ≥ ${BUDGET_MS} ms`);
}
speedRows.push([
  'all',
  everyAnalyser.length,
  '',
  micros(median(everyBaseline)),
  micros(median(everyAnalyser)),
  `${(median(everyAnalyser) / median(everyBaseline)).toFixed(1)}×`,
  micros(Math.max(...everyAnalyser)),
  '',
  '',
]);
process.stdout.write(
  `\nSpeed: µs per comment, each comment timed over ${ITERATIONS} calls (best of ${ROUNDS} rounds); median over the set ` +
    `(budget: well under ${BUDGET_MS} ms)\n` +
    table(
      [
        'lang',
        'comments',
        'median chars',
        'segment only',
        'analyse',
        'ratio',
        'analyse max',
        `${MAX_COMMENT}-char: segment`,
        'analyse',
      ],
      speedRows,
    ) +
    '\n',
);

if (sink < 0) process.stdout.write('unreachable\n');
if (failures.length) {
  process.stdout.write(`\nFAILED: ${failures.join('; ')}\n`);
  process.exitCode = 1;
}
