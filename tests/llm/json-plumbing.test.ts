/** The shared LLM plumbing: JSON Schemas derived from zod, and reading a model's JSON reply. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { llmDraftJsonSchema, llmDraftSchema } from '../../src/answer/llm/llm-output.js';
import { extractJsonObject, parseJsonReply } from '../../src/llm/json-reply.js';
import { toStrictJsonSchema } from '../../src/llm/json-schema.js';

describe('toStrictJsonSchema', () => {
  it('derives the strict schema from the zod schema: closed objects, every property required', () => {
    const opinion = z.object({ individualized: z.boolean(), refused: z.boolean(), emergency: z.boolean() });
    expect(toStrictJsonSchema(opinion)).toEqual({
      type: 'object',
      properties: {
        individualized: { type: 'boolean' },
        refused: { type: 'boolean' },
        emergency: { type: 'boolean' },
      },
      required: ['individualized', 'refused', 'emergency'],
      additionalProperties: false,
    });
  });

  it('asks the model for the strict shape while the parser repairs near misses and fills defaults', () => {
    const sentence = {
      type: 'object',
      properties: {
        text: { type: 'string', description: 'One sentence, without [n] markers.' },
        citations: {
          type: 'array',
          description: 'Numbers of the passages that support the sentence.',
          items: { type: 'integer' },
        },
      },
      required: ['text', 'citations'],
      additionalProperties: false,
    };
    expect(llmDraftJsonSchema).toMatchObject({
      type: 'object',
      properties: { summary: { type: 'array', items: sentence } },
      required: ['summary', 'sections', 'gaps', 'followUps'],
      additionalProperties: false,
    });
    expect(JSON.stringify(llmDraftJsonSchema)).not.toMatch(/"(default|\$schema|minimum|maximum)"/);
    expect(llmDraftSchema.parse({ summary: ['Bare.', { text: 'Cited.', citations: ['[2]'] }] })).toEqual({
      summary: [
        { text: 'Bare.', citations: [] },
        { text: 'Cited.', citations: [2] },
      ],
      sections: [],
      gaps: [],
      followUps: [],
    });
  });

  it('leaves out bounds the parser checks, and refuses a schema strict mode cannot take', () => {
    expect(toStrictJsonSchema(z.object({ question: z.string().min(3).max(2000) }))).toEqual({
      type: 'object',
      properties: { question: { type: 'string' } },
      required: ['question'],
      additionalProperties: false,
    });
    expect(() => toStrictJsonSchema(z.object({ note: z.string().optional() }))).toThrow(/strict mode/);
    expect(() => toStrictJsonSchema(z.looseObject({ note: z.string() }))).toThrow(/strict mode/);
  });
});

describe('parseJsonReply', () => {
  const schema = z.object({ question: z.string().min(3) });

  it('reads a plain, a fenced and a wrapped object', () => {
    for (const content of [
      '{"question": "What is hearsay?"}',
      '```json\n{"question": "What is hearsay?"}\n```',
      'Sure! Here it is: {"question": "What is hearsay?"} Anything else?',
    ]) {
      expect(parseJsonReply(content, schema)).toEqual({ ok: true, value: { question: 'What is hearsay?' } });
    }
    expect(extractJsonObject('no object')).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(parseJsonReply('nothing', schema)).toEqual({
      ok: false,
      error: 'The reply contains no JSON object.',
    });
    expect(parseJsonReply('{"question": ', schema)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^The reply is not valid JSON: /),
    });
    expect(parseJsonReply('{"question": "x"}', schema)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^The JSON does not match the schema: question/),
    });
  });
});
