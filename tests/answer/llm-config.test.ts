/** Building the LLM composer from configuration and secrets. */
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractiveComposer } from '../../src/answer/extractive-composer.js';
import { llmComposerFromConfig } from '../../src/answer/llm/llm-composer-from-config.js';
import { configSchema, loadConfig } from '../../src/core/config.js';
import { AmicusError, ErrorCode } from '../../src/core/errors.js';
import { isLocalAddress, localServerPlaceholderKey } from '../../src/llm/chat-model-from-config.js';
import type { StoredPassage } from '../../src/store/passage-rows.js';
import {
  chatMessages,
  chatReply,
  type FakeOpenAIServer,
  startFakeOpenAIServer,
} from '../support/fake-openai-server.js';
import { temporaryDirectory } from '../support/temporary.js';

const servers: FakeOpenAIServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const fallback = new ExtractiveComposer();

const rule: StoredPassage = {
  id: 'p-rule',
  collectionId: 'fre',
  documentPath: 'fre.md',
  ordinal: 1,
  label: 'Fed. R. Evid. 803(2)',
  sectionLabel: 'Fed. R. Evid. 803',
  heading: '(2) Excited Utterance.',
  breadcrumb: ['Federal Rules of Evidence', 'Rule 803. Exceptions to the Rule Against Hearsay'],
  text:
    'The following are not excluded by the rule against hearsay, regardless of whether the declarant is available ' +
    'as a witness: (2) Excited Utterance. A statement relating to a startling event or condition, made while the ' +
    'declarant was under the stress of excitement that it caused.',
  url: undefined,
  jurisdiction: 'US-federal',
  sourceType: 'court-rule',
  asOf: '2023-12-01',
  contentHash: 'hash-rule',
  rowid: 1,
};

describe('llmComposerFromConfig', () => {
  it('is off without a model', () => {
    expect(
      llmComposerFromConfig(configSchema.parse({}), { openaiApiKey: 'sk-x' }, { fallback }),
    ).toBeUndefined();
  });

  it('reads AMICUS_MODEL, OPENAI_BASE_URL and the timeout from the environment', () => {
    const config = loadConfig({
      environment: {
        AMICUS_MODEL: 'gpt-test',
        OPENAI_BASE_URL: 'https://llm.example.test/v1',
        AMICUS_LLM_TIMEOUT_MS: '1234',
      },
      workingDirectory: temporaryDirectory(),
    });
    expect(config.llm).toEqual({
      model: 'gpt-test',
      baseURL: 'https://llm.example.test/v1',
      timeoutMs: 1234,
      maxRetries: 2,
    });
    expect(
      llmComposerFromConfig(config, { openaiApiKey: 'sk-test-key-123456789' }, { fallback }),
    ).toBeDefined();
  });

  it('requires OPENAI_API_KEY for a remote server', () => {
    const config = configSchema.parse({ llm: { model: 'gpt-test' } });
    let error: unknown;
    try {
      llmComposerFromConfig(config, { openaiApiKey: undefined }, { fallback });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AmicusError);
    expect((error as AmicusError).code).toBe(ErrorCode.ConfigInvalid);
    expect((error as AmicusError).message).toMatch(
      /^AMICUS_MODEL is set to gpt-test, so the LLM composer needs an API key for https:\/\/api\.openai\.com\/v1 in OPENAI_API_KEY/,
    );
  });

  it('sends a placeholder key to a local server when none is set, and answers through it', async () => {
    const server = await startFakeOpenAIServer({ apiKey: localServerPlaceholderKey });
    servers.push(server);
    const config = configSchema.parse({
      llm: { model: 'local-model', baseURL: server.baseURL, timeoutMs: 2_000 },
    });
    const composer = llmComposerFromConfig(config, { openaiApiKey: undefined }, { fallback });
    server.enqueue(
      'chat',
      chatReply({
        summary: [
          {
            text: 'An excited utterance is a statement relating to a startling event or condition.',
            citations: [1],
          },
          {
            text: 'It must be made while the declarant was under the stress of excitement that the event caused.',
            citations: [1],
          },
        ],
        sections: [
          {
            heading: 'Availability of the declarant',
            sentences: [
              {
                text: 'The rule against hearsay does not exclude it, whether or not the declarant is available as a witness.',
                citations: [1],
              },
            ],
          },
        ],
        gaps: [],
        followUps: [],
      }),
    );
    const answer = await composer!.compose({
      answerId: 'answer-config',
      question: 'What is an excited utterance under the hearsay rule?',
      passages: [
        {
          passage: rule,
          score: 1,
          lexicalRank: 1,
          vectorRank: 1,
          lexicalScore: 5,
          vectorSimilarity: 0.5,
          citedAs: undefined,
        },
      ],
      companions: [],
      statistics: {
        documentCount: 20,
        documentFrequency: (term) => (rule.text.toLowerCase().includes(term) ? 1 : 0),
      },
      corpus: [
        {
          id: 'fre',
          title: 'Federal Rules of Evidence',
          sourcePath: '/corpus/fre',
          jurisdiction: 'US-federal',
          sourceType: 'court-rule',
          asOf: '2023-12-01',
          vettedBy: undefined,
          vettedOn: undefined,
          vetted: true,
          documentCount: 1,
          passageCount: 1,
          ingestedAt: '2024-01-01T00:00:00.000Z',
          publisher: undefined,
          url: undefined,
          license: undefined,
        },
      ],
      checkedOn: '2025-11-16',
      disclaimer: 'General information only; not legal advice.',
    });

    expect(answer.generatedBy).toBe('llm');
    expect(answer.verification).toEqual({ droppedSentences: 0, removedCitations: 0, fellBack: false });
    expect(answer.sources.map((source) => source.label)).toEqual(['Fed. R. Evid. 803(2)']);
    const [sent] = server.requestsTo('chat');
    expect(sent!.headers.authorization).toBe(`Bearer ${localServerPlaceholderKey}`);
    expect(chatMessages(sent!).user).toContain('<passage n="1" label="Fed. R. Evid. 803(2)"');
  });

  it.each([
    ['http://localhost:11434/v1', true],
    ['http://127.0.0.1:8000/v1', true],
    ['http://[::1]:8080/v1', true],
    ['http://192.168.1.20:8000/v1', true],
    ['http://10.0.0.5/v1', true],
    ['http://172.20.0.2:4000/v1', true],
    ['http://llm.local:8000/v1', true],
    ['http://172.32.0.1/v1', false],
    ['https://api.openai.com/v1', false],
    ['https://127.0.0.1.example.com/v1', false],
    ['not a url', false],
  ])('treats %s as local: %s', (url, local) => {
    expect(isLocalAddress(url)).toBe(local);
  });
});
