/**
 * A progress line for long jobs (seeding, rebuilds, exports): a bar redrawn in
 * place on a terminal, one line per tenth elsewhere (CI logs stay short).
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastTenth = -1;
  return function report(done: number, total: number): void {
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? Math.round(done / elapsed) : 0;
    const text = `${label} ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${rate.toLocaleString('en')}/s, ${elapsed.toFixed(1)} s)`;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${text}`);
      if (fraction === 1) stream.write('\n');
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`${text}\n`);
    }
  };
}
