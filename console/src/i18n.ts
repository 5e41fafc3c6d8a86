import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './messages-en.ts';
import { zhCN } from './messages-zh.ts';

/** The languages of the console. */
export const languages = { en: 'English', 'zh-CN': '简体中文' } as const;
export type Lang = keyof typeof languages;
export type MessageKey = keyof typeof en;

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The language a person's browser asks for, if the console has it; English otherwise. */
export function preferredLang(asked: readonly string[]): Lang {
  for (const l of asked) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

/** A message in a language, with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** The text of an engine message (an error code, a stage, an event type) if the console knows it, else undefined. */
export function known(lang: Lang, key: string): string | undefined {
  return (catalogues[lang] as Record<string, string>)[key];
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** A stage, tier, event type or error code in words, falling back to the engine's own name. */
  term: (prefix: string, value: string) => string;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'en',
  t: (key, vars) => translate('en', key, vars),
  term: (prefix, value) => known('en', `${prefix}.${value}`) ?? value,
  setLang: () => undefined,
});

export const useI18n = (): I18n => useContext(I18nContext);

/** Builds the context value for one language. */
export function i18nFor(lang: Lang, setLang: (l: Lang) => void): I18n {
  return {
    lang,
    t: (key, vars) => translate(lang, key, vars),
    term: (prefix, value) => known(lang, `${prefix}.${value}`) ?? value.replace(/_/g, ' '),
    setLang,
  };
}
