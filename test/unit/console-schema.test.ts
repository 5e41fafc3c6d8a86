import { describe, expect, it } from 'vitest';
import { buildValue, fieldOfPath, type JsonSchema } from '../../console/src/schema.ts';

const schema: JsonSchema = {
  type: 'object',
  required: ['name', 'affected', 'practices'],
  properties: {
    name: { type: 'string' },
    affected: { type: 'object', required: ['monthlyUsers', 'minors'], properties: { monthlyUsers: { type: 'integer' }, minors: { type: 'boolean' } } },
    practices: { type: 'array', items: { type: 'string', enum: ['credit_scoring', 'social_scoring'] } },
    contacts: { type: 'array', items: { type: 'string' } },
    evidence: { $ref: '#/components/schemas/Evidence' },
  },
};
const all: Record<string, JsonSchema> = {
  Evidence: { anyOf: [{ type: 'object', required: ['tested'], properties: { tested: { type: 'boolean' }, summary: { type: 'string' } } }, { type: 'null' }] },
};

describe('the console builds request bodies from the API\'s schemas', () => {
  it('converts numbers and lists, and leaves out what nobody filled in', () => {
    expect(buildValue(schema, all, { name: 'Credit', 'affected.monthlyUsers': '2000', contacts: 'a@x.org\n\n b@x.org ' })).toEqual({
      name: 'Credit',
      affected: { monthlyUsers: 2000, minors: false },
      practices: [],
      contacts: ['a@x.org', 'b@x.org'],
    });
  });

  it('keeps an optional group once any of its fields is given, following references', () => {
    expect(buildValue(schema, all, { 'evidence.tested': true, practices: ['credit_scoring'] })).toMatchObject({
      evidence: { tested: true },
      practices: ['credit_scoring'],
    });
  });

  it('leaves a required field empty for the API to name, rather than guessing', () => {
    expect(buildValue(schema, all, {})).toEqual({ affected: { minors: false }, practices: [] });
  });

  it('places a problem inside a list at the list', () => {
    expect(fieldOfPath('evidence.bias.metrics[0]')).toBe('evidence.bias.metrics');
    expect(fieldOfPath('name')).toBe('name');
  });
});
