// `npm run dev:worker [-- wrangler dev flags]`: applies the migrations to a local D1, then
// serves the Worker with `wrangler dev` on 127.0.0.1, fully offline. Flags pass through:
//   npm run dev:worker -- --port 8788 --var TOUCHPOINT_ADMIN_TOKEN:secret
// A --persist-to folder given there is used for the migrations too.
import { applyLocalMigrations, spawnWrangler } from './wrangler-offline.js';

const args = process.argv.slice(2);

/** `--persist-to <dir>` or `--persist-to=<dir>` from the flags, for the migrations too. */
function persistFlags(list) {
  const index = list.findIndex((arg) => arg === '--persist-to' || arg.startsWith('--persist-to='));
  if (index === -1) return [];
  return list[index].includes('=') ? [list[index]] : list.slice(index, index + 2);
}

const migrated = await applyLocalMigrations(persistFlags(args));
if (migrated.code !== 0) process.exit(migrated.code);

const hasIp = args.some((arg) => arg === '--ip' || arg.startsWith('--ip='));
const dev = spawnWrangler(['dev', ...(hasIp ? [] : ['--ip', '127.0.0.1']), ...args]);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
dev.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
