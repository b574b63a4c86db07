import { useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import { createApi, describeError, ApiFailure } from '../api/client.ts';
import type { SiteInfo } from '../api/types.ts';
import { Logo } from './logo.tsx';

export interface SignInProps {
  /** Why the last session ended, if it did not end by signing out. */
  notice: string | null;
  onSignedIn(secretKey: string): void;
}

/** Checks the key against `GET /v1/site` before keeping it, so a typo is caught here and explained. */
async function problemWith(secretKey: string): Promise<string | null> {
  if (secretKey.startsWith('pk_')) {
    return 'That is the write key (pk_…), which is public and can only send answers. Sign in with the secret key, which starts with sk_.';
  }
  try {
    await createApi(secretKey, () => {}).json<SiteInfo>('/v1/site');
    return null;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) {
      return secretKey.startsWith('sk_')
        ? 'That secret key was not accepted. Check that you copied all of it, and that it has not been rotated since.'
        : 'That is not a secret key: secret keys start with sk_.';
    }
    return describeError(error);
  }
}

export function SignIn({ notice, onSignedIn }: SignInProps) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // The form is the whole page: start typing straight away, after load or after signing out.
  useEffect(() => input.current?.focus(), []);

  async function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const secretKey = key.trim();
    if (!secretKey) return setProblem('Enter the secret key of your site.');
    setBusy(true);
    setProblem(null);
    const found = await problemWith(secretKey);
    setBusy(false);
    if (found) setProblem(found);
    else onSignedIn(secretKey);
  }

  return (
    <main class="sign-in">
      <form class="sign-in-card" onSubmit={submit} noValidate>
        <Logo size={40} />
        <h1>Sign in to Touchpoint</h1>
        <p class="muted">
          Use your site's secret key. It stays in this browser tab only, until you sign out or close the tab.
        </p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="secret-key">Secret key</label>
        <input
          ref={input}
          id="secret-key"
          name="secret-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          autoCapitalize="off"
          placeholder="sk_…"
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'secret-key-hint secret-key-problem' : 'secret-key-hint'}
        />
        <p id="secret-key-hint" class="hint">
          <code>touchpoint-collector site create</code> prints it; <code>npm start</code> prints the demo's.
        </p>
        {problem && (
          <p id="secret-key-problem" class="problem" role="alert">
            {problem}
          </p>
        )}
        <button class="button primary wide" type="submit" disabled={busy}>
          {busy ? 'Checking the key…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
