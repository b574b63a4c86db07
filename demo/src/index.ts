import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { customerById, DEMO_CUSTOMERS, type DemoCustomer } from './customers.ts';

export { DEMO_CUSTOMERS } from './customers.ts';

export interface DemoOptions {
  /** The demo site's public write key, pasted into the script tag. */
  writeKey: string;
  /** The demo site's identity secret: only this backend knows it. */
  identitySecret: string;
  /** Folder with the shop's HTML pages and stylesheet. */
  publicDirectory: string;
}

const PAGES = {
  '/': 'index.html',
  '/checkout': 'checkout.html',
  '/orders/A-1042': 'order.html',
  '/help': 'help.html',
} as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * What a site's backend does to let the widget link answers to a CRM contact:
 * sign the contact ID with the identity secret, server-side.
 */
export function contactSignature(identitySecret: string, contactId: string): string {
  return createHmac('sha256', identitySecret).update(contactId).digest('hex');
}

function identifyScript(customer: DemoCustomer | undefined, identitySecret: string): string {
  if (!customer) return '';
  const identity = { contactId: customer.contactId, signature: contactSignature(identitySecret, customer.contactId) };
  return `touchpoint('identify', ${JSON.stringify(identity)});`;
}

function accountBar(customer: DemoCustomer | undefined): string {
  if (!customer) {
    const options = DEMO_CUSTOMERS.map(
      (entry) => `<a href="/sign-in?as=${entry.contactId}">${escapeHtml(entry.name)}</a>`,
    ).join(' · ');
    return `Browsing anonymously. Sign in as ${options}`;
  }
  return `Signed in as <strong>${escapeHtml(customer.name)}</strong> (CRM contact <code>${customer.contactId}</code>) · <a href="/sign-out">Sign out</a>`;
}

/** The demo shop: a few pages that embed the widget by script tag, exactly as a site owner would. */
export function demoRoutes(options: DemoOptions): Hono {
  const templates = Object.fromEntries(
    Object.entries(PAGES).map(([path, file]) => [path, readFileSync(join(options.publicDirectory, file), 'utf8')]),
  );
  const stylesheet = readFileSync(join(options.publicDirectory, 'shop.css'), 'utf8');
  const app = new Hono();

  for (const path of Object.keys(PAGES)) {
    app.get(path, (c) => {
      const customer = customerById(getCookie(c, 'demo_customer'));
      const html = templates[path]!.replaceAll('{{WRITE_KEY}}', escapeHtml(options.writeKey))
        .replaceAll('{{ACCOUNT}}', accountBar(customer))
        .replaceAll('{{IDENTIFY}}', identifyScript(customer, options.identitySecret));
      return c.html(html);
    });
  }
  app.get('/shop.css', (c) => c.body(stylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/sign-in', (c) => {
    const customer = customerById(c.req.query('as'));
    if (customer) setCookie(c, 'demo_customer', customer.contactId, { path: '/', httpOnly: true, sameSite: 'Lax' });
    return c.redirect('/');
  });
  app.get('/sign-out', (c) => {
    deleteCookie(c, 'demo_customer', { path: '/' });
    return c.redirect('/');
  });
  return app;
}
