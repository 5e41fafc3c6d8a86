import { describe, expect, it } from 'vitest';
import { evaluate } from '../../domain/conditions.ts';
import {
  MAX_GAP_CHARS,
  MAX_SCANNED_CHARS,
  Phrase,
  containsPhrase,
  firstMention,
  normaliseText,
} from '../../domain/text-match.ts';

const has = (text: string, phrase: string): boolean => containsPhrase(normaliseText(text), phrase);

describe('the mentions text operator', () => {
  it.each([
    ['Score residents by their trustworthiness', 'trustworth', true],
    ['a Social  Credit rating', 'social credit', true],
    ['ＳＯＣＩＡＬ ＳＣＯＲＥ for every household', 'social score', true],
    ['scores the loans', 'score', true],
    ['an underscore in a file name', 'score', false],
    ['根据居民的社会信用决定福利', '社会信用', true],
    ['使用AI换脸生成视频', '换脸', true],
    ['credit scoring', 'social credit', false],
  ])('%s mentions %s: %s', (text, phrase, expected) => {
    expect(has(text, phrase)).toBe(expected);
  });

  it('a * gap spans at most the bounded number of characters, in order', () => {
    expect(has('score every resident by social behaviour', 'score * social behaviour')).toBe(true);
    expect(has(`score ${'x'.repeat(MAX_GAP_CHARS + 1)} social behaviour`, 'score * social behaviour')).toBe(false);
    expect(has('social behaviour gives a score', 'score * social behaviour')).toBe(false);
    // A later first term that is close enough matches even when an earlier one is too far away.
    expect(has(`score ${'x'.repeat(60)} score then social behaviour`, 'score * social behaviour')).toBe(true);
    expect(has('信用分 用于 居民 福利', '信用分 * 居民')).toBe(true);
  });

  it('reads no further than the scanned length, whatever the input', () => {
    const long = `${'a '.repeat(MAX_SCANNED_CHARS)}trustworthiness`;
    expect(has(long, 'trustworth')).toBe(false);
    expect(normaliseText(long).length).toBeLessThanOrEqual(MAX_SCANNED_CHARS);
  });

  it('a hostile text of repeated near-matches is answered (no backtracking to blow up)', () => {
    const text = 'score '.repeat(1500);
    expect(has(text, 'score * score * score * behaviour')).toBe(false);
  });

  it('phrases are bounded and well formed', () => {
    expect(Phrase.safeParse('x').success).toBe(false);
    expect(Phrase.safeParse('a'.repeat(101)).success).toBe(false);
    expect(Phrase.safeParse('score * ').success).toBe(false);
    expect(Phrase.safeParse('score * trust').success).toBe(true);
  });

  it('is a condition operator over any field, and reports the phrase it found', () => {
    const proposal = { purpose: 'Rank citizens by trustworthiness.', tags: ['a', 'deepfake video'] };
    expect(evaluate({ path: 'purpose', mentions: ['trustworth'] }, proposal)).toBe(true);
    expect(evaluate({ path: 'tags', mentions: ['deepfake'] }, proposal)).toBe(true);
    expect(evaluate({ path: 'missing', mentions: ['deepfake'] }, proposal)).toBe(false);
    expect(firstMention(proposal.purpose, ['loan', 'trustworth'])).toBe('trustworth');
  });
});
