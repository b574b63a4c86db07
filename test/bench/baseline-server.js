// The ingest benchmark's baseline: a bare node:http server that does the least
// any JSON ingest endpoint must do — read the body, JSON.parse it, answer 202
// with the same shape as the collector — and nothing else: no routing
// framework, no validation, no storage. The collector is measured against it.
//
//   node test/bench/baseline-server.js [--host 127.0.0.1] [--port 0]
//
// Prints "listening on http://HOST:PORT" once it accepts connections.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' } },
});

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      response.end('{"error":{"code":"invalid_json","message":"The request body is not valid JSON."}}');
      return;
    }
    const id = body !== null && typeof body === 'object' ? body.id : undefined;
    response.writeHead(202, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ results: [{ id, status: 'created' }] }));
  });
});

server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address();
  process.stdout.write(`listening on http://${address}:${port}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
