import type { MiddlewareHandler } from 'hono';
import { sha256Hex, timingSafeEqualText } from '../crypto.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** Resolves `Authorization: Bearer sk_…` to its site; every secret-key route reads only that site. */
export function requireSecretKey(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function secretKeyAuth(c, next) {
    const token = bearerToken(c.req.header('authorization'));
    if (!token)
      throw new ApiError(401, 'missing_secret_key', 'Send the site secret key as "Authorization: Bearer sk_…".');
    if (token.startsWith('pk_')) {
      throw new ApiError(
        403,
        'write_key_not_allowed',
        'A write key (pk_…) can only submit responses; use the secret key (sk_…).',
      );
    }
    const site = await deps.store.siteBySecretKeyHash(await sha256Hex(token));
    if (!site) throw new ApiError(401, 'invalid_secret_key', 'The secret key is not valid.');
    deps.keyRateLimiter.enforce(`secret:${site.id}`, 'secret key');
    c.set('site', site);
    await next();
  };
}

/** Guards site creation with the operator's `TOUCHPOINT_ADMIN_TOKEN`. */
export function requireAdmin(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function adminAuth(c, next) {
    if (!deps.adminToken) {
      throw new ApiError(
        403,
        'admin_disabled',
        'The admin API is off: set TOUCHPOINT_ADMIN_TOKEN, or create sites with "touchpoint-collector site create".',
      );
    }
    const token = bearerToken(c.req.header('authorization'));
    if (!token || !(await timingSafeEqualText(token, deps.adminToken))) {
      throw new ApiError(401, 'invalid_admin_token', 'Send the admin token as "Authorization: Bearer <token>".');
    }
    await next();
  };
}
