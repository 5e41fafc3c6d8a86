import type { JSX } from 'preact';
import { I18nContext, i18nFor, preferredLang } from '../i18n.ts';

function Frame({ children }: { children: JSX.Element | JSX.Element[] }): JSX.Element {
  const i18n = i18nFor(preferredLang(navigator.languages), () => undefined);
  document.documentElement.lang = i18n.lang;
  return (
    <I18nContext.Provider value={i18n}>
      <main id="main" class="narrow">{children}</main>
    </I18nContext.Provider>
  );
}

/** After sign-out: the session is over here and at the issuer; nothing signs in again without being asked. */
export function SignedOut({ onSignIn }: { onSignIn: () => void }): JSX.Element {
  const { t } = i18nFor(preferredLang(navigator.languages), () => undefined);
  return (
    <Frame>
      <h1>{t('session.signedOut')}</h1>
      <p>{t('session.signedOutBody')}</p>
      <button type="button" onClick={onSignIn}>{t('session.signIn')}</button>
    </Frame>
  );
}

/** A sign-in the issuer refused or that could not be finished. */
export function SignInFailed({ reason, onSignIn }: { reason: string; onSignIn: () => void }): JSX.Element {
  const { t } = i18nFor(preferredLang(navigator.languages), () => undefined);
  return (
    <Frame>
      <h1>{t('app.title')}</h1>
      <p role="alert">{t('session.failed', { reason })}</p>
      <button type="button" onClick={onSignIn}>{t('session.signIn')}</button>
    </Frame>
  );
}
