// Shipped verbatim, like survey.css.ts.

/** The score buttons: one row, except NPS's eleven, which wrap to two rows on phones. */
export const scaleCss = `
.scale{display:grid;grid-template-columns:repeat(var(--count),1fr);gap:6px;margin-top:16px}
@media (max-width:440px){.wrap{grid-template-columns:repeat(6,1fr)}}
.score{min-width:0;height:40px;padding:0;border:1px solid var(--line);border-radius:var(--inner-radius);background:var(--bg);font-weight:600;font-variant-numeric:tabular-nums}
.score:hover{border-color:var(--brand);background:var(--hover)}
.score[aria-checked=true]{border-color:var(--brand);background:var(--brand);color:var(--on-brand)}
.anchors{display:flex;justify-content:space-between;gap:16px;margin-top:8px;font-size:12px;color:var(--muted)}
.anchors span:last-child{text-align:end}
`;
