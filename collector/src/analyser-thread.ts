// The thread started by threadedAnalyser; bundled on its own as dist/analyser-thread.js.
import { parentPort } from 'node:worker_threads';
import { lexiconAnalyser } from '@touchpoint/insight';
import { analyseRequest, type AnalysisRequest } from './threaded-analyser.ts';

parentPort!.on('message', async (request: AnalysisRequest) => {
  parentPort!.postMessage(await analyseRequest(lexiconAnalyser, request));
});
