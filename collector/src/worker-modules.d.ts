// dist/worker-assets.js, written by scripts/worker-assets.js as wrangler's build step:
// the built widget and dashboard files, bundled into the Worker as strings.
declare module '*/dist/worker-assets.js' {
  /** widget/dist/widget.js; null when the widget was not built. */
  export const widgetJs: string | null;
  /** By URL path: /widget-ui.js, /dashboard/index.html, … */
  export const files: Record<string, { body: string; contentType: string }>;
}
