/**
 * Entry of `widget.js`, the script-tag build:
 * `<script async src=".../widget.js" data-site="pk_…"></script>`.
 */
import { createCommands } from './loader/commands.ts';
import { optionsFromScript, resolveConfig } from './loader/config.ts';
import { installGlobal, isInstalled } from './loader/global.ts';
import { warn } from './loader/warn.ts';
import { showSurvey } from './ui/mount.tsx';

// Read at once: currentScript is null as soon as this script's first run ends.
// The selector is for loaders that inject the tag in ways that leave it unset.
const script = (document.currentScript ?? document.querySelector('script[data-site]')) as HTMLScriptElement | null;

if (!isInstalled()) {
  const options = script && optionsFromScript(script);
  if (options?.site) installGlobal(createCommands(resolveConfig(options), showSurvey));
  else warn('the script tag needs data-site="pk_…"');
}
