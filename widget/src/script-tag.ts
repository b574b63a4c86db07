/**
 * Entry of `widget.js`, the script-tag build:
 * `<script async src=".../widget.js" data-site="pk_…"></script>`.
 * It holds the loader only; the survey UI (`widget-ui.js`, beside it) loads on the first question.
 */
import { createCommands, type SurveyUi } from './loader/commands.ts';
import { configFromScript } from './loader/config.ts';
import { installGlobal, isInstalled } from './loader/global.ts';
import { warn } from './loader/warn.ts';

// Read at once: currentScript is null as soon as this script's first run ends.
// The selector is for loaders that inject the tag in ways that leave it unset.
const script = (document.currentScript ?? document.querySelector('script[data-site]')) as HTMLScriptElement | null;

if (!isInstalled()) {
  const config = script && configFromScript(script);
  if (config?.site) {
    const uiUrl = new URL('widget-ui.js', script!.src || `${config.endpoint}/`).href;
    installGlobal(createCommands(config, () => import(/* @vite-ignore */ uiUrl) as Promise<SurveyUi>));
  } else warn('the script tag needs data-site="pk_…"');
}
