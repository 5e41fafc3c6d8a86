import { describe, expect, it } from 'vitest';
import { en } from '../../console/src/messages-en.ts';
import { zhCN } from '../../console/src/messages-zh.ts';
import { ErrorCode } from '../../domain/errors.ts';
import { ReviewPurpose } from '../../domain/lifecycle/events.ts';
import { Vote } from '../../domain/lifecycle/commands.ts';
import { Stage } from '../../domain/lifecycle/state.ts';
import { Pillar, Tier } from '../../domain/policy-pack.ts';
import { Sector } from '../../domain/proposal.ts';
import { catalogue } from '../../events/catalogue.ts';

const catalogues = { en: en as Record<string, string>, 'zh-CN': zhCN as Record<string, string> };

// Every engine message the console shows, in both languages: a new error code or event type fails here until named.
const engineTerms = [
  ...Object.values(ErrorCode).map((c) => `error.${c}`),
  ...catalogue.map((e) => `event.${e.short}`),
  ...Stage.options.map((s) => `stage.${s}`),
  ...Tier.options.map((s) => `tier.${s}`),
  ...ReviewPurpose.options.map((s) => `purpose.${s}`),
  ...Vote.options.map((s) => `vote.${s}`),
  ...Pillar.options.map((s) => `pillar.${s}`),
  ...Sector.options.map((s) => `sector.${s}`),
];

describe('the console speaks English and Simplified Chinese', () => {
  it.each(Object.entries(catalogues))('%s names every error code, event type, stage, tier, purpose, vote, pillar and sector', (_lang, messages) => {
    expect(engineTerms.filter((k) => !messages[k])).toEqual([]);
  });

  it('has the same placeholders in both languages for every message', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.keys(en).filter((k) => names(catalogues.en[k]!).join() !== names(catalogues['zh-CN'][k]!).join());
    expect(differ).toEqual([]);
  });

  it('writes the Chinese catalogue in Chinese, not English left untranslated', () => {
    const same = Object.keys(en).filter((k) => catalogues.en[k] === catalogues['zh-CN'][k] && /[a-z]{3}/.test(catalogues.en[k]!));
    expect(same).toEqual([]);
  });
});
