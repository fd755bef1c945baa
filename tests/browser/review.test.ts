/**
 * The staff review pages in a real browser (Debian's chromium via playwright-core) against the
 * real server over the hand-written tenant guide: the console's "Needs a person" files a
 * hand-off; the Review page lists and filters items, opens one with its cited passages beside
 * the answer, and resolves it; the Coverage gaps page shows the unanswered topic. It saves
 * docs/review.png only when asked (`npm run screenshots`).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/application.js';
import { startTestServer, type TestServer } from '../adapters/http/http-test-server.js';
import { ingestedFixture, suiteDirectory } from '../support/retrieval-fixtures.js';
import { repositoryRoot } from '../support/shared-data.js';

const chromiumPath = process.env.AMICUS_CHROMIUM ?? '/usr/bin/chromium';
const screenshotPath = process.env.AMICUS_UPDATE_SCREENSHOTS
  ? path.join(repositoryRoot, 'docs', 'review.png')
  : path.join(tmpdir(), `amicus-review-${process.pid}.png`);

let suite: ReturnType<typeof suiteDirectory> | undefined;
let application: Application | undefined;
let server: TestServer | undefined;
let browser: Browser | undefined;
let page: Page;
const pageProblems: string[] = [];
let setupFailure: unknown;

function ready(): void {
  if (setupFailure !== undefined) throw setupFailure;
}

beforeAll(async () => {
  try {
    if (!existsSync(chromiumPath))
      throw new Error(
        `Chromium not found at ${chromiumPath}: \`sudo apt-get install chromium\` or set AMICUS_CHROMIUM.`,
      );
    suite = suiteDirectory('amicus-review-browser-');
    ({ application } = await ingestedFixture(suite.directory));
    server = await startTestServer(application);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server!.baseUrl))
        pageProblems.push(`off-origin request: ${request.url()}`);
    });
  } catch (error) {
    setupFailure = error;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  application?.close();
  suite?.remove();
});

describe('the staff review pages in chromium', () => {
  let handedOffAnswer = '';

  it('hands an answer to a person from the console', async () => {
    ready();
    await page.goto(server!.baseUrl);
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await page
      .getByLabel('Question', { exact: true })
      .fill('How much can a landlord charge for a security deposit?');
    await page.getByLabel('Question', { exact: true }).press('Enter');
    handedOffAnswer = ((await (await answered).json()) as { id: string }).id;
    await page.getByRole('button', { name: 'Needs a person' }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toContain('Handed to a person');
    const items = await application!.review.queue.list({ reason: 'hand-off' });
    expect(items.map((item) => item.answerId)).toEqual([handedOffAnswer]);

    // And a question the guide cannot answer, for the gaps page.
    const declined = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await page.getByLabel('Question', { exact: true }).fill('What are the FAA rules for flying a drone?');
    await page.getByLabel('Question', { exact: true }).press('Enter');
    expect(((await (await declined).json()) as { kind: string }).kind).toBe('no-answer');
  }, 120_000);

  it('lists and filters items, opens one with its cited passages beside the answer, and resolves it', async () => {
    ready();
    await page.goto(`${server!.baseUrl}/review`);
    const rows = page.locator('#item-rows tr');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Reason').selectOption('hand-off');
    await expect.poll(() => rows.count()).toBe(1);

    const item = (await application!.review.queue.list({ reason: 'hand-off' }))[0]!;
    await rows.first().getByRole('button').click();
    await expect.poll(() => page.locator('#item-detail').isVisible()).toBe(true);
    expect(await page.locator('#item-heading').textContent()).toBe(`Item ${item.id}: ${item.question}`);
    expect(await page.locator('#item-reasons').textContent()).toContain('hand-off');
    expect(await page.locator('#item-answer h4').first().textContent()).toBe('Executive summary');
    const firstSource = item.answer.sources[0]!;
    const stored = application!.store.getById(firstSource.passageId)!;
    expect(await page.locator('#cited-1 .passage-text').textContent()).toBe(stored.text);
    expect(await page.locator('#cited-1 h4').textContent()).toBe(`[1] ${firstSource.label}`);

    await page.getByLabel('Correct', { exact: true }).check();
    await page.getByLabel('Note', { exact: true }).fill('Matches the guide.');
    await page.getByLabel(/Your name/).fill('Dana Reyes');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect
      .poll(() => page.locator('#status').textContent())
      .toContain(`Item ${item.id} resolved as correct`);
    const resolved = await application!.review.queue.show(item.id);
    expect(resolved.item).toMatchObject({ status: 'resolved', verdict: 'correct', resolvedBy: 'Dana Reyes' });
    await expect
      .poll(() => page.locator('#item-audit').textContent())
      .toContain('Dana Reyes · resolved:correct');

    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Reason').selectOption('');
    await expect.poll(() => rows.count()).toBe(2);
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    expect(statSync(screenshotPath).size).toBeGreaterThan(10_000);
  }, 120_000);

  it('shows the unanswered question as a coverage gap', async () => {
    ready();
    await page.goto(`${server!.baseUrl}/gaps`);
    const rows = page.locator('#gap-rows tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('drone');
    expect(await rows.first().textContent()).toContain('What are the FAA rules for flying a drone?');
  }, 60_000);

  it('made no request off the origin and logged no errors', () => {
    ready();
    expect(pageProblems).toEqual([]);
  });
});
