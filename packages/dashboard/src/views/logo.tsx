/** The Touchpoint mark: a speech bubble holding a rising line. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg class="logo" viewBox="0 0 32 32" width={size} height={size} aria-hidden="true">
      <rect width="32" height="32" rx="8" />
      <path d="M8 10.5A2.5 2.5 0 0 1 10.5 8h11A2.5 2.5 0 0 1 24 10.5v8a2.5 2.5 0 0 1-2.5 2.5H15l-4.5 3.5V21h0A2.5 2.5 0 0 1 8 18.5z" />
      <path class="rise" d="m11.5 17 3-3 2 2 4-4.5" />
    </svg>
  );
}
