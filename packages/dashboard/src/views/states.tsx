import type { ComponentChildren } from 'preact';
import { describeError } from '../api/client.ts';

/** A grey placeholder the shape of what is coming; the region around it says aria-busy. */
export function Skeleton({ height = 160, label = 'Loading…' }: { height?: number; label?: string }) {
  return (
    <div class="skeleton" style={{ height: `${height}px` }} role="status">
      <span class="visually-hidden">{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
        <path d="M4 13h4l2 3h4l2-3h4M5.5 5h13l2 8v5a1 1 0 0 1-1 1h-15a1 1 0 0 1-1-1v-5z" />
      </svg>
      <p class="empty-title">{title}</p>
      {children && <p class="muted">{children}</p>}
    </div>
  );
}

/** An error in words, with a way to try again. */
export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="error-note" role="alert">
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path d="M12 8v5m0 3.5v.01M10.3 3.9 2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
      </svg>
      <p>{describeError(error)}</p>
      {onRetry && (
        <button type="button" class="button small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
