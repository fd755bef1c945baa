/**
 * The review commands as a user runs them: the built `amicus` CLI spawned on a data directory
 * with the fixture corpus. `amicus ask` records answers; a no-answer files itself, a hand-off
 * files a cited answer; then list, show, resolve, approve, approved, gaps, export and
 * `eval --compare` on the exported regression set.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runAmicus } from '../support/cli.js';
import { ingestedFixture, openFixtureApplication, suiteDirectory } from '../support/retrieval-fixtures.js';

let suite: ReturnType<typeof suiteDirectory>;
let dataDirectory: string;
let citedAnswerId: string;
let noAnswerId: string;

function amicus(...args: string[]): CliResult {
  return runAmicus(['--data', dataDirectory, ...args], { cwd: suite.directory });
}

function json<T>(result: CliResult): T {
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface ItemJson {
  id: number;
  answerId: string;
  status: string;
  reasons: Array<{ reason: string }>;
  verdict: string | null;
}

beforeAll(async () => {
  suite = suiteDirectory('amicus-review-cli-');
  const { application, config } = await ingestedFixture(suite.directory);
  dataDirectory = config.dataDirectory;
  application.close();
  citedAnswerId = json<{ id: string }>(
    amicus('ask', 'How long does a landlord have to return a security deposit?', '--json'),
  ).id;
  noAnswerId = json<{ id: string; kind: string }>(
    amicus('ask', 'What is the penalty for wildlife trafficking of migratory birds?', '--json'),
  ).id;
  // A hand-off (the console's "Needs a person") files the cited answer too.
  const reopened = openFixtureApplication(config);
  try {
    await reopened.review.queue.handOff({ answerId: citedAnswerId, surface: 'cli' });
  } finally {
    reopened.close();
  }
}, 120_000);

afterAll(() => suite?.remove());

describe('amicus review, gaps and eval --compare', () => {
  it('lists items as JSON and as text, filtered by reason and status', () => {
    const { items } = json<{ items: ItemJson[] }>(amicus('review', 'list', '--json'));
    expect(items.map((item) => item.answerId).sort()).toEqual([citedAnswerId, noAnswerId].sort());
    const handOffs = json<{ items: ItemJson[] }>(
      amicus('review', 'list', '--json', '--reason', 'hand-off'),
    ).items;
    expect(handOffs.map((item) => item.answerId)).toEqual([citedAnswerId]);
    expect(
      json<{ items: ItemJson[] }>(amicus('review', 'list', '--json', '--status', 'resolved')).items,
    ).toEqual([]);
    const text = amicus('review', 'list');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('security deposit');
    const bad = amicus('review', 'list', '--reason', 'bored');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/reason/);
  });

  it('shows an item, resolves items and keeps the audit trail; a wrong verdict needs a note', () => {
    const { items } = json<{ items: ItemJson[] }>(amicus('review', 'list', '--json'));
    const cited = items.find((item) => item.answerId === citedAnswerId)!;
    const missing = items.find((item) => item.answerId === noAnswerId)!;
    const shown = amicus('review', 'show', String(cited.id));
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('security deposit');
    expect(shown.stdout).toContain('hand-off');

    const noNote = amicus('review', 'resolve', String(cited.id), '--verdict', 'wrong', '--by', 'Ana');
    expect(noNote.status).not.toBe(0);
    expect(noNote.stderr).toMatch(/note/);
    expect(amicus('review', 'show', '999999').status).not.toBe(0);

    expect(amicus('review', 'resolve', String(cited.id), '--verdict', 'correct', '--by', 'Ana').status).toBe(
      0,
    );
    const needsSource = amicus(
      'review',
      'resolve',
      String(missing.id),
      '--verdict',
      'needs-source',
      '--note',
      'no wildlife law in the corpus',
      '--by',
      'Ana',
    );
    expect(needsSource.status, needsSource.stderr).toBe(0);
    const resolved = json<{ items: ItemJson[] }>(
      amicus('review', 'list', '--json', '--status', 'resolved'),
    ).items;
    expect(resolved.map((item) => item.verdict).sort()).toEqual(['correct', 'needs-source']);
    const audit = amicus('review', 'show', String(cited.id));
    expect(audit.stdout).toContain('resolved:correct');
    expect(audit.stdout).toContain('Ana');
  });

  it('approves an answer and lists it as served', () => {
    const approved = amicus('review', 'approve', citedAnswerId, '--by', 'Ana');
    expect(approved.status, approved.stderr).toBe(0);
    const { approvals } = json<{
      approvals: Array<{ approval: { answerId: string; state: string; approvedBy: string } }>;
    }>(amicus('review', 'approved', '--json'));
    expect(approvals.map((status) => status.approval)).toEqual([
      expect.objectContaining({ answerId: citedAnswerId, state: 'active', approvedBy: 'Ana' }),
    ]);
    const served = json<{ reviewed?: { by: string } }>(
      amicus('ask', 'How long does a landlord have to return a security deposit?', '--json'),
    );
    expect(served.reviewed?.by).toBe('Ana');
  });

  it('groups the needs-source question into a coverage gap', () => {
    const { gaps } = json<{ gaps: Array<{ count: number; examples: string[] }> }>(amicus('gaps', '--json'));
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.count).toBe(1);
    expect(gaps[0]?.examples.join(' ')).toContain('migratory birds');
    expect(json<{ gaps: unknown[] }>(amicus('gaps', '--json', '--since', '2999-01-01')).gaps).toEqual([]);
    expect(amicus('gaps', '--since', 'yesterday').status).not.toBe(0);
  });

  it('exports resolved items as an eval file that eval --compare measures against', () => {
    const exported = amicus('review', 'export', '--format', 'eval');
    expect(exported.status, exported.stderr).toBe(0);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; answerable: string; gold: unknown[] });
    expect(lines.map((line) => line.answerable).sort()).toEqual(['no', 'yes']);
    expect(lines.find((line) => line.answerable === 'yes')?.gold.length).toBeGreaterThan(0);
    const file = path.join(suite.directory, 'reviewed.jsonl');
    writeFileSync(file, exported.stdout);

    const now = amicus('eval', file, '--json');
    expect(now.status, now.stderr).toBe(0);
    const nowFile = path.join(suite.directory, 'now.json');
    writeFileSync(nowFile, now.stdout);
    const same = amicus('eval', file, '--compare', nowFile);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toContain('0 better, 0 worse, 2 unchanged');

    // An earlier run in which the answerable item was asked something the corpus lacks (same
    // id): against it, today's run is better on that item.
    const answerableId = lines.find((line) => line.answerable === 'yes')!.id;
    const earlierLines = exported.stdout
      .trim()
      .split('\n')
      .map((line) => {
        const item = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(
          item.id === answerableId
            ? { ...item, question: 'What is the penalty for smuggling comets?' }
            : item,
        );
      });
    const earlierFile = path.join(suite.directory, 'earlier.jsonl');
    writeFileSync(earlierFile, `${earlierLines.join('\n')}\n`);
    const earlier = amicus('eval', earlierFile, '--json');
    expect(earlier.status, earlier.stderr).toBe(0);
    const earlierJson = path.join(suite.directory, 'earlier.json');
    writeFileSync(earlierJson, earlier.stdout);
    const better = amicus('eval', file, '--compare', earlierJson);
    expect(better.status, better.stderr).toBe(0);
    expect(better.stdout).toContain('1 better, 0 worse');
    expect(better.stdout).toContain(`better  ${answerableId}`);
    const worse = amicus('eval', earlierFile, '--compare', nowFile);
    expect(worse.stdout).toContain(`WORSE   ${answerableId}`);

    const missingFile = amicus('eval', file, '--compare', path.join(suite.directory, 'none.json'));
    expect(missingFile.status).not.toBe(0);
    expect(missingFile.stderr).toContain('none.json');
  });
});
