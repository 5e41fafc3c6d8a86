import { describe, expect, it } from 'vitest';
import { askScreening, unanswered } from '../../cli/screening-prompt.ts';
import { loadShippedPacks } from './policy-fixtures.ts';

const packs = (await loadShippedPacks())
  .filter((p) => p.screening)
  .map((p) => ({ pack: p.name, policyVersion: p.policyVersion, title: p.title, questions: p.screening!.questions }));

describe('the CLI asks the screening questions a proposal file leaves open', () => {
  it('lists each open question once, across packs that share ids', () => {
    const open = unanswered(packs, { 'social-scoring': false, minors: 'maybe' });
    const ids = open.map((q) => q.id);
    expect(ids).not.toContain('social-scoring');
    expect(ids).toContain('minors');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('asks with the help and source, takes yes or no (English or Chinese), and asks again on anything else', async () => {
    const [first, second] = unanswered(packs, {}) as [
      (typeof packs)[0]['questions'][0],
      (typeof packs)[0]['questions'][0],
    ];
    const replies = ['perhaps', 'Y', '否'];
    const prompts: string[] = [];
    const answers = await askScreening([first, second], async (p) => {
      prompts.push(p);
      return replies.shift()!;
    });
    expect(answers).toEqual({ [first.id]: true, [second.id]: false });
    expect(prompts[0]).toContain(first.help);
    expect(prompts[0]).toContain(first.source);
    expect(prompts[1]).toBe('  please answer yes or no: ');
  });
});
