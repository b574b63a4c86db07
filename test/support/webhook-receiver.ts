import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** What to answer to the n-th request (0-based); answering `hang` never responds. */
export type ReceiverBehaviour = (
  index: number,
  request: ReceivedWebhook,
) => { status: number; headers?: Record<string, string> } | 'hang';

/** A real webhook receiver on 127.0.0.1 that records every request. */
export async function startReceiver(behaviour: ReceiverBehaviour = () => ({ status: 200 }), port = 0) {
  const received: ReceivedWebhook[] = [];
  const hanging: ServerResponse[] = [];
  let current = behaviour;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const entry: ReceivedWebhook = {
        headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
        body,
        at: Date.now(),
      };
      received.push(entry);
      const answer = current(received.length - 1, entry);
      if (answer === 'hang') return void hanging.push(response);
      response.writeHead(answer.status, answer.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${boundPort}/hooks`,
    port: boundPort,
    received,
    setBehaviour(next: ReceiverBehaviour) {
      current = next;
    },
    /** Received bodies of one event type, parsed. */
    events(type: string) {
      return received
        .map((entry) => ({ ...entry, json: JSON.parse(entry.body) as { type: string; data: any } }))
        .filter((entry) => entry.json.type === type);
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
