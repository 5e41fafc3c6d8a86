import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { currentSession, signOut, type ConsoleSettings } from './auth.ts';
import { I18nContext, i18nFor, languages, preferredLang, type Lang } from './i18n.ts';
import { onLiveStatus } from './live.ts';
import { Dashboard } from './pages/dashboard.tsx';
import { Inbox } from './pages/inbox.tsx';
import { Propose } from './pages/propose.tsx';
import { SystemPage } from './pages/system.tsx';
import { Systems } from './pages/systems.tsx';

const LANG_KEY = 'govflow.lang';

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/');
  useEffect(() => {
    const f = () => setHash(location.hash || '#/');
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return hash;
}

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return saved && saved in languages ? (saved as Lang) : preferredLang(navigator.languages);
}

/** The page for a route: `#/inbox`, `#/systems`, `#/systems/<id>`, `#/propose`, `#/dashboard`; `#/` picks by role. */
function route(hash: string, roles: readonly string[]): JSX.Element {
  const [first, id] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (first === 'systems' && id) return <SystemPage key={id} id={id} />;
  if (first === 'systems') return <Systems />;
  if (first === 'propose') return <Propose />;
  if (first === 'inbox') return <Inbox />;
  if (first === 'dashboard') return <Dashboard />;
  if (roles.includes('committee_member') || roles.includes('chair')) return <Inbox />;
  return <Systems />;
}

/** The console's frame: skip link, header with navigation, language and sign-out, the page, live status. */
export function App({ settings }: { settings: ConsoleSettings }): JSX.Element {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [live, setLive] = useState(false);
  const hash = useHash();
  const session = currentSession()!;
  const setLang = (l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setLangState(l);
  };
  const i18n = useMemo(() => i18nFor(lang, setLang), [lang]);
  const { t } = i18n;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang]);
  useEffect(() => onLiveStatus(setLive), []);
  const roles = session.roles;
  const canPropose = roles.includes('proposer');
  const isMember = roles.includes('committee_member') || roles.includes('chair');
  // The indicators are for those who oversee the fleet: the API serves them to auditors, admins and chairs.
  const oversees = ['auditor', 'admin', 'chair'].some((r) => roles.includes(r));
  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{t('nav.skip')}</a>
      <header class="top">
        <a class="brand" href="#/">govflow</a>
        <nav aria-label={t('nav.main')}>
          <ul>
            {isMember && <li><a href="#/inbox" aria-current={hash.startsWith('#/inbox') ? 'page' : undefined}>{t('nav.inbox')}</a></li>}
            <li><a href="#/systems" aria-current={hash === '#/systems' ? 'page' : undefined}>{t('nav.systems')}</a></li>
            {canPropose && <li><a href="#/propose" aria-current={hash.startsWith('#/propose') ? 'page' : undefined}>{t('nav.propose')}</a></li>}
            {oversees && <li><a href="#/dashboard" aria-current={hash.startsWith('#/dashboard') ? 'page' : undefined}>{t('nav.dashboard')}</a></li>}
          </ul>
        </nav>
        <div class="session">
          <label for="lang">{t('lang.label')}</label>
          <select id="lang" value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
            {Object.entries(languages).map(([code, name]) => <option key={code} value={code} lang={code}>{name}</option>)}
          </select>
          <span class="who">{t('session.as', { name: session.name })}</span>
          <button type="button" onClick={() => void signOut(settings)}>{t('session.signOut')}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{route(hash, roles)}</main>
      <footer><span role="status" class={live ? 'live on' : 'live'}>{live ? t('live.on') : t('live.off')}</span></footer>
    </I18nContext.Provider>
  );
}
