import { useCallback, useState } from 'preact/hooks';
import { forgetKey, loadKey, saveKey } from './api/session.ts';
import { Dashboard } from './views/dashboard.tsx';
import { SignIn } from './views/sign-in.tsx';

/** Signed out: the key form. Signed in: the dashboard, until sign-out or a rejected key. */
export function App() {
  const [secretKey, setSecretKey] = useState(loadKey);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    forgetKey();
    setSecretKey(null);
    setNotice(reason ?? null);
  }, []);

  const signIn = useCallback((key: string) => {
    saveKey(key);
    setNotice(null);
    setSecretKey(key);
  }, []);

  return secretKey ? (
    <Dashboard secretKey={secretKey} onSignOut={signOut} />
  ) : (
    <SignIn notice={notice} onSignedIn={signIn} />
  );
}
