// One rule per line and no comments inside: these strings ship verbatim, the minifier cannot shrink them.

/**
 * Card, header, comment box and buttons. Theming: --tp-brand, --tp-on-brand, --tp-radius, --tp-font,
 * set on the element from the site's config, or by the page's own CSS.
 * Isolation: `:host{all:initial!important}` beats any page rule on the element itself (for
 * !important, the shadow tree's rule wins); the card resets every property it could inherit and
 * keeps its own variables, so page CSS reaches the survey only through --tp-*.
 */
export const surveyCss = `
:host{all:initial!important}
.card{all:initial;box-sizing:border-box;--bg:#fff;--fg:#111827;--muted:#4b5563;--line:#6b7280;--hover:#f3f4f6;--brand:var(--tp-brand,#4f46e5);--on-brand:var(--tp-on-brand,#fff);--radius:var(--tp-radius,12px);--inner-radius:calc(var(--radius)*2/3);display:block;position:fixed;z-index:2147483000;bottom:16px;right:16px;width:min(420px,calc(100vw - 24px));max-height:calc(100vh - 32px);overflow:auto;padding:20px;background:var(--bg);color:var(--fg);font:14px/1.45 var(--tp-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Thai",sans-serif);border-radius:var(--radius);box-shadow:0 12px 32px rgba(0,0,0,.18),0 0 0 1px rgba(0,0,0,.08);animation:tp-in .2s ease-out}
@media (prefers-color-scheme:dark){.card{--bg:#1f2937;--fg:#f9fafb;--muted:#d1d5db;--line:#9ca3af;--hover:#374151;box-shadow:0 12px 32px rgba(0,0,0,.5),0 0 0 1px #4b5563}}
.left{right:auto;left:16px}
*{box-sizing:border-box}
@keyframes tp-in{from{opacity:0;transform:translateY(12px)}}
@media (prefers-reduced-motion:reduce){.card{animation:none}}
@media (max-width:440px){.card{bottom:12px;right:12px;padding:16px}.left{right:auto;left:12px}}
.head{display:flex;justify-content:flex-end;align-items:flex-start;gap:12px}
.question{flex:1;margin:0;font-size:16px;font-weight:600;line-height:1.35}
button,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer;-webkit-tap-highlight-color:transparent}
:focus-visible{outline:2px solid var(--fg);outline-offset:2px}
.close{flex:none;display:grid;place-items:center;width:32px;height:32px;margin:-6px;margin-inline-start:0;padding:0;border:0;border-radius:var(--inner-radius);background:none;color:var(--muted)}
.close:hover{background:var(--hover);color:var(--fg)}
.comment{display:block;margin:16px 0 6px;font-weight:500}
textarea{display:block;width:100%;min-height:72px;padding:8px 10px;border:1px solid var(--line);border-radius:var(--inner-radius);background:var(--bg);resize:vertical}
.send{display:block;margin-block-start:12px;margin-inline-start:auto;padding:9px 22px;border:0;border-radius:var(--inner-radius);background:var(--brand);color:var(--on-brand);font-weight:600}
.send:hover{filter:brightness(1.1)}
.status{margin:0}
.thanks{display:flex;flex-direction:column;align-items:center;gap:10px;padding:4px 8px 12px;font-size:16px;font-weight:600;text-align:center}
.thanks svg{color:var(--brand)}
.hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;
