import { formatCount, formatShare } from '../format.ts';
import { useWidth } from '../hooks/use-width.ts';

export interface DistributionRow {
  key: string;
  label: string;
  detractors: number;
  passives: number;
  promoters: number;
  /** Draws the row bold and apart: the all-touchpoints total. */
  total?: boolean;
}

const SEGMENTS = [
  { field: 'detractors', name: 'Detractors', scores: '0–6' },
  { field: 'passives', name: 'Passives', scores: '7–8' },
  { field: 'promoters', name: 'Promoters', scores: '9–10' },
] as const;

const ROW_HEIGHT = 36;
const BAR_HEIGHT = 22;
const COUNT_WIDTH = 70;
/** A share is printed inside its segment only where the text fits. */
const MIN_LABEL_WIDTH = 34;
/** Average glyph width at the chart's 13px font, to shorten labels that would run into the bars. */
const GLYPH_WIDTH = 7;

function fit(label: string, room: number): string {
  const glyphs = Math.floor(room / GLYPH_WIDTH);
  return label.length <= glyphs ? label : `${label.slice(0, Math.max(1, glyphs - 1))}…`;
}

/** Stacked 100% bars of detractors, passives and promoters, one per touchpoint. */
export function DistributionChart({ rows, label }: { rows: DistributionRow[]; label: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const labelWidth = Math.min(180, Math.max(84, Math.round(width * 0.28)));
  const barWidth = Math.max(40, width - labelWidth - COUNT_WIDTH);
  const height = rows.length * ROW_HEIGHT + 4;
  // The bars in words, for screen readers: an SVG image is one opaque node to them.
  const spoken = rows
    .map((row) => {
      const n = row.detractors + row.passives + row.promoters;
      const shares = SEGMENTS.map(({ field, name }) => `${formatShare(row[field], n)} ${name.toLowerCase()}`);
      return `${row.label}: ${shares.reverse().join(', ')}, ${formatCount(n)} answers`;
    })
    .join('; ');
  return (
    <figure class="distribution">
      <div ref={ref} class="chart-frame">
        <svg
          class="chart"
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role="img"
          aria-label={`${label}. ${spoken}.`}
        >
          {rows.map((row, index) => {
            const n = row.detractors + row.passives + row.promoters;
            const top = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2;
            let left = labelWidth;
            return (
              <g key={row.key} class={row.total ? 'row total' : 'row'}>
                <text x={0} y={top + BAR_HEIGHT / 2} dy="0.32em">
                  {row.label !== fit(row.label, labelWidth - 10) && <title>{row.label}</title>}
                  {fit(row.label, labelWidth - 10)}
                </text>
                {SEGMENTS.map(({ field, name }) => {
                  const count = row[field];
                  const segmentWidth = n === 0 ? 0 : (barWidth * count) / n;
                  const x = left;
                  left += segmentWidth;
                  if (segmentWidth === 0) return null;
                  const share = formatShare(count, n);
                  return (
                    <g key={field} class={`segment ${field}`}>
                      <rect x={x} y={top} width={Math.max(0, segmentWidth - 1)} height={BAR_HEIGHT} rx={3}>
                        <title>{`${row.label}: ${share} ${name.toLowerCase()} (${formatCount(count)} of ${formatCount(n)})`}</title>
                      </rect>
                      {segmentWidth >= MIN_LABEL_WIDTH && (
                        <text x={x + segmentWidth / 2} y={top + BAR_HEIGHT / 2} dy="0.32em" text-anchor="middle">
                          {share}
                        </text>
                      )}
                    </g>
                  );
                })}
                <text class="count" x={width} y={top + BAR_HEIGHT / 2} dy="0.32em" text-anchor="end">
                  n = {formatCount(n)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption class="legend">
        {SEGMENTS.map(({ field, name, scores }) => (
          <span key={field}>
            <span class={`swatch box ${field}`} aria-hidden="true" />
            {name} <span class="muted">{scores}</span>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
