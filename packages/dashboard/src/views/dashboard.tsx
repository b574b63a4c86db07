import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApi } from '../api/client.ts';
import { loadCatalog } from '../api/loaders.ts';
import type { Filters } from '../api/paths.ts';
import type { SiteInfo } from '../api/types.ts';
import { useResource } from '../hooks/use-resource.ts';
import { useView, VIEWS, type View } from '../hooks/use-view.ts';
import { browserTimeZone, presetPeriod } from '../period.ts';
import { CommentsView } from './comments.tsx';
import { ContactsView } from './contacts.tsx';
import { FilterBar } from './filter-bar.tsx';
import { Logo } from './logo.tsx';
import { OverviewView } from './overview.tsx';
import { WebhooksView } from './webhooks.tsx';

const VIEW_LABELS: Record<View, string> = {
  overview: 'Overview',
  comments: 'Comments',
  contacts: 'Contacts',
  webhooks: 'Webhooks',
};

const REJECTED =
  'Your session ended: the collector no longer accepts this key (it may have been rotated). Sign in with the current secret key.';

export interface DashboardProps {
  secretKey: string;
  onSignOut(reason?: string): void;
}

export function Dashboard({ secretKey, onSignOut }: DashboardProps) {
  const api = useMemo(() => createApi(secretKey, () => onSignOut(REJECTED)), [secretKey, onSignOut]);
  const tz = useMemo(browserTimeZone, []);
  const view = useView();
  const [filters, setFilters] = useState<Filters>(() => ({ period: presetPeriod(30), touchpoints: [], locale: null }));
  const [contactId, setContactId] = useState('');
  const site = useResource((signal) => api.json<SiteInfo>('/v1/site', { signal }), [api]);
  const catalog = useResource((signal) => loadCatalog(api, signal), [api]);
  const main = useRef<HTMLElement>(null);
  const firstView = useRef(true);

  // A view change is a page change to assistive technology: move focus to the new content.
  useEffect(() => {
    if (firstView.current) firstView.current = false;
    else main.current?.focus({ preventScroll: true });
  }, [view]);

  useEffect(() => {
    document.title = site.data ? `${site.data.name} · Touchpoint` : 'Touchpoint dashboard';
    return () => {
      document.title = 'Touchpoint dashboard';
    };
  }, [site.data]);

  const openContact = useCallback((id: string) => {
    setContactId(id);
    location.hash = 'contacts';
  }, []);

  return (
    <div class="shell">
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault(); // the hash names views; focus the content instead of navigating
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="topbar">
        <div class="brand">
          <Logo />
          <span class="brand-name">Touchpoint</span>
        </div>
        <h1 class="site-name">{site.data?.name ?? 'Dashboard'}</h1>
        <div class="session">
          <span class="tz" title="Days in the charts and times in the feed follow this time zone">
            <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
              <circle cx="12" cy="12" r="9" />
              <path d="M12 7v5l3 2" />
            </svg>
            <span class="visually-hidden">Time zone: </span>
            {tz}
          </span>
          <button type="button" class="button" onClick={() => onSignOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav class="tabs" aria-label="Views">
        {VIEWS.map((name) => (
          <a key={name} href={`#${name}`} aria-current={view === name ? 'page' : undefined}>
            {VIEW_LABELS[name]}
          </a>
        ))}
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {(view === 'overview' || view === 'comments') && (
          <FilterBar
            api={api}
            filters={filters}
            catalog={catalog}
            tz={tz}
            charts={view === 'overview'}
            onChange={setFilters}
          />
        )}
        {view === 'overview' && <OverviewView api={api} filters={filters} tz={tz} />}
        {view === 'comments' && <CommentsView api={api} filters={filters} onOpenContact={openContact} />}
        {view === 'contacts' && <ContactsView api={api} contactId={contactId} onLookup={setContactId} />}
        {view === 'webhooks' && <WebhooksView api={api} />}
      </main>
    </div>
  );
}
