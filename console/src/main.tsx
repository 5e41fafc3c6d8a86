import { render } from 'preact';
import { App } from './app.tsx';
import { beginSignIn, completeSignIn, currentSession, returnedFromSignOut, type ConsoleSettings } from './auth.ts';
import { whenSessionExpires } from './api.ts';
import { startLive } from './live.ts';
import { SignedOut, SignInFailed } from './pages/signed-out.tsx';

const root = document.getElementById('app')!;

/** Starts the console: finishes a sign-in, or starts one, then shows the page the person was on. */
async function boot(): Promise<void> {
  const settings = (await (await fetch('/console/config.json')).json()) as ConsoleSettings;
  const again = () => void beginSignIn(settings, location.hash || '#/');
  whenSessionExpires(again);
  let returnTo: string | undefined;
  try {
    returnTo = await completeSignIn(settings);
  } catch (err) {
    render(<SignInFailed reason={(err as Error).message} onSignIn={again} />, root);
    return;
  }
  if (!currentSession()) {
    if (returnedFromSignOut()) {
      history.replaceState(null, '', '/console/');
      render(<SignedOut onSignIn={again} />, root);
      return;
    }
    await beginSignIn(settings, location.hash || '#/');
  }
  if (returnTo) location.hash = returnTo;
  // The token's own lifetime: a page left open past it goes through sign-in and comes back to where it was.
  const session = currentSession()!;
  setTimeout(again, Math.max(0, session.expiresAt - Date.now() - 5_000));
  startLive();
  render(<App settings={settings} />, root);
}

void boot();
