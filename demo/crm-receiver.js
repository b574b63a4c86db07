#!/usr/bin/env node
// An example CRM-side webhook receiver: verifies Touchpoint's Standard Webhooks
// signatures, drops duplicates by webhook-id, and maps `contact.updated` onto
// HubSpot-style contact properties. Run it next to the collector:
//
//   WEBHOOK_SECRET=whsec_… PORT=4000 node demo/crm-receiver.js
//
// then register it: POST /v1/webhooks {"url": "http://127.0.0.1:4000/touchpoint",
// "events": ["contact.updated", "response.detractor"]} (http to 127.0.0.1 needs
// TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1 on the collector; in production use https).
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';

/**
 * Touchpoint's contact fields → HubSpot contact properties (create these as
 * custom properties in HubSpot once; any CRM with custom fields works alike).
 * @param {Record<string, any>} contact the `data` of a contact.updated event
 */
export function hubspotProperties(contact) {
  return {
    touchpoint_nps_latest: contact.latestNps,
    touchpoint_nps_category: contact.npsCategory,
    touchpoint_nps_mean: contact.npsMean,
    touchpoint_csat_mean: contact.csatMean,
    touchpoint_ces_mean: contact.cesMean,
    touchpoint_last_comment: contact.lastComment,
    touchpoint_last_touchpoint: contact.lastTouchpoint,
    touchpoint_responses: contact.responses,
    touchpoint_last_seen: contact.lastSeen,
  };
}

/**
 * @param {{ secret: string, onContactUpdate?: (contactId: string, properties: object) => void,
 *   onDetractor?: (data: object) => void, log?: (line: string) => void }} options
 */
export function createCrmReceiver({ secret, onContactUpdate = () => {}, onDetractor = () => {}, log = console.log }) {
  const verifier = new Webhook(secret);
  const seen = new Set(); // a real CRM keeps processed webhook-ids in its database
  return createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      let event;
      try {
        // Checks the signature and that the timestamp is within 5 minutes (no replays).
        event = verifier.verify(body, request.headers);
      } catch (error) {
        log(`refused a webhook: ${error.message}`);
        return void response.writeHead(401).end();
      }
      const id = request.headers['webhook-id'];
      if (seen.has(id)) return void response.writeHead(200).end('duplicate');
      seen.add(id);
      if (event.type === 'contact.updated') {
        const properties = hubspotProperties(event.data);
        log(
          `PATCH /crm/v3/objects/contacts/${event.data.contactId}?idProperty=crm_id ${JSON.stringify({ properties })}`,
        );
        onContactUpdate(event.data.contactId, properties);
      } else if (event.type === 'response.detractor') {
        log(`close the loop: ${event.data.reason} from ${event.data.contact?.contactId ?? 'an anonymous visitor'}`);
        onDetractor(event.data);
      }
      response.writeHead(204).end();
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    process.stderr.write('Set WEBHOOK_SECRET to the whsec_… secret POST /v1/webhooks returned.\n');
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 4000);
  createCrmReceiver({ secret }).listen(port, '127.0.0.1', () =>
    console.log(`CRM receiver listening on http://127.0.0.1:${port}/touchpoint`),
  );
}
