import { useEffect, useState } from 'preact/hooks';

export const VIEWS = ['overview', 'comments', 'contacts', 'webhooks'] as const;
export type View = (typeof VIEWS)[number];

/** The view named in the hash (`#comments`), so Back and bookmarks work; the hash holds nothing else. */
function viewFromHash(): View {
  const name = location.hash.slice(1);
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'overview';
}

export function useView(): View {
  const [view, setView] = useState(viewFromHash);
  useEffect(() => {
    const onChange = () => setView(viewFromHash());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return view;
}
