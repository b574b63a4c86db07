// The thread started by threadedAnalyser; bundled on its own as dist/analyser-thread.js.
import { parentPort } from 'node:worker_threads';
import { lexiconAnalyser, type CommentInsight } from '@touchpoint/insight';
import type { AnalysisReply, AnalysisRequest } from './threaded-analyser.ts';

parentPort!.on('message', async ({ batch, comments }: AnalysisRequest) => {
  const settled = await Promise.allSettled(comments.map(([text, locale]) => lexiconAnalyser.analyse(text, locale)));
  const results = settled.map((outcome): CommentInsight | { error: string } =>
    outcome.status === 'fulfilled' ? outcome.value : { error: String(outcome.reason) },
  );
  parentPort!.postMessage({ batch, results } satisfies AnalysisReply);
});
