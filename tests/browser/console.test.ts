/**
 * The staff console in a real browser: Debian's chromium driven by playwright-core, against the
 * real server over the nine shared sample collections. It asks the question of the reference
 * answer, opens citation [1] and checks the panel against the stored passage, copies the reply
 * and reads the clipboard, saves the screenshot the docs show, then checks keyboard use,
 * feedback, follow-up chips and recent questions.
 *
 * Nothing is skipped: without /usr/bin/chromium (or AMICUS_CHROMIUM) or the shared corpus the
 * suite fails with a message saying what to install.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResponse } from '../../src/adapters/http/answer-payload.js';
import type { Application } from '../../src/application.js';
import { startTestServer, type TestServer } from '../adapters/http/http-test-server.js';
import {
  fixtureConfig,
  maxFileBytes,
  openFixtureApplication,
  suiteDirectory,
} from '../support/retrieval-fixtures.js';
import { repositoryRoot, sampleCollectionPaths } from '../support/shared-data.js';

const chromiumPath = process.env.AMICUS_CHROMIUM ?? '/usr/bin/chromium';
const question =
  'Can accidental clicks on illegal content like child pornography negate criminal intent in court?';
/**
 * The docs' screenshot is rewritten only on request (`npm run screenshots`); an ordinary test
 * run saves it in a temporary folder, so running the suite leaves the working tree clean.
 */
const screenshotPath = process.env.AMICUS_UPDATE_SCREENSHOTS
  ? path.join(repositoryRoot, 'docs', 'console.png')
  : path.join(tmpdir(), `amicus-console-${process.pid}.png`);

interface PassagePayload {
  readonly passage: {
    readonly id: string;
    readonly text: string;
    readonly label: string;
    readonly asOf: string;
  };
  readonly collection: { readonly vettedBy: string | null; readonly vettedOn: string | null } | null;
}

let suite: { directory: string; remove: () => void } | undefined;
let application: Application | undefined;
let server: TestServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const pageProblems: string[] = [];

function requireChromium(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. The browser test needs Debian's chromium: ` +
        '`sudo apt-get install chromium` (or set AMICUS_CHROMIUM to a Chromium binary).',
    );
  }
}

/**
 * Set-up failures (no chromium, no shared corpus) are kept and rethrown by every test, so each
 * test fails with the reason instead of being reported as skipped after a failed hook.
 */
let setupFailure: unknown;

function ready(): void {
  if (setupFailure !== undefined) throw setupFailure;
}

beforeAll(async () => {
  try {
    requireChromium();
    const collections = sampleCollectionPaths();
    suite = suiteDirectory('amicus-browser-');
    application = openFixtureApplication(fixtureConfig(path.join(suite.directory, 'data')), { create: true });
    await application.createIngester().ingest(collections, { maxFileBytes });
    server = await startTestServer(application);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
    });
    // Every request the page makes stays on the server under test: no CDN, no third party.
    page.on('request', (request) => {
      if (!request.url().startsWith(server!.baseUrl))
        pageProblems.push(`off-origin request: ${request.url()}`);
    });
  } catch (error) {
    setupFailure = error;
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  application?.close();
  suite?.remove();
});

async function askInConsole(text: string): Promise<AskResponse> {
  const answered = page.waitForResponse(
    (response) => response.url().endsWith('/api/ask') && response.request().method() === 'POST',
  );
  await page.getByLabel('Question', { exact: true }).fill(text);
  await page.getByLabel('Question', { exact: true }).press('Enter');
  const response = await answered;
  expect(response.status()).toBe(200);
  const payload = (await response.json()) as AskResponse;
  await expect.poll(() => page.locator('.answer-question').textContent()).toBe(payload.question);
  return payload;
}

async function passageFromApi(passageId: string): Promise<PassagePayload> {
  const response = await fetch(`${server!.baseUrl}/api/passages/${encodeURIComponent(passageId)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as PassagePayload;
}

describe('the staff console in chromium', () => {
  let answer: AskResponse;

  it('asks the reference question and renders the answer with its structure', async () => {
    ready();
    await page.goto(server!.baseUrl);
    await expect.poll(() => page.locator('#jurisdiction option').count()).toBeGreaterThan(1);
    expect(await page.locator('#jurisdiction option').allTextContents()).toContain('US-federal');

    answer = await askInConsole(question);
    expect(answer.kind).toBe('answer');
    expect(answer.sources.length).toBeGreaterThan(0);
    const body = page.locator('.answer-body');
    expect(await body.locator('h4').first().textContent()).toBe('Executive summary');
    expect(await body.locator('.checked-on').textContent()).toContain(answer.checkedOn);
    expect(await body.locator('.disclaimer').textContent()).toContain(answer.disclaimer);
    expect(await body.locator('ol.sources > li').count()).toBe(answer.sources.length);
    expect(await body.locator('.cited-text button.citation').count()).toBeGreaterThan(0);
    expect(await page.locator('#answer').getAttribute('aria-live')).toBe('polite');
  }, 120_000);

  it('opens citation [1] in a panel showing the exact passage text with the cited words marked', async () => {
    ready();
    const source = answer.sources.find((candidate) => candidate.n === 1)!;
    const stored = await passageFromApi(source.passageId);
    await page.locator('.cited-text button.citation[data-n="1"]').first().click();
    const panel = page.locator('#passage-panel');
    await expect.poll(() => panel.isVisible()).toBe(true);
    await page.locator('#passage-text mark').first().waitFor({ timeout: 30_000 });

    expect(await page.locator('#passage-title').textContent()).toBe(`[1] ${source.label}`);
    const shownText = await page.locator('#passage-text').textContent();
    expect(shownText).toBe(stored.passage.text);
    const marked = await page.locator('#passage-text mark').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    for (const text of marked) {
      expect(text.trim().length).toBeGreaterThan(0);
      expect(stored.passage.text).toContain(text);
    }
    const panelText = (await panel.textContent()) ?? '';
    expect(panelText).toContain(`Current to ${stored.passage.asOf}`);
    if (stored.collection?.vettedBy) expect(panelText).toContain(stored.collection.vettedBy);
    if (stored.collection?.vettedOn) expect(panelText).toContain(stored.collection.vettedOn);
    if (source.url) expect(await panel.getByRole('link', { name: /Open the official text/ }).count()).toBe(1);
    expect(
      await page.locator('.cited-text button.citation[data-n="1"]').first().getAttribute('aria-expanded'),
    ).toBe('true');
  }, 60_000);

  it('copies a reply that keeps the citations, the sources and the disclaimer', async () => {
    ready();
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.getByRole('button', { name: 'Copy as reply' }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toContain('Reply copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(answer.replyText);
    expect(copied).toContain('[1]');
    expect(copied).toContain(`Question: ${question}`);
    expect(copied).toContain(`[1] ${answer.sources[0]!.label}`);
    expect(copied).toContain(`Checked on ${answer.checkedOn}.`);
    expect(copied.trimEnd().endsWith(`Disclaimer: ${answer.disclaimer}`)).toBe(true);
  }, 60_000);

  it('saves the screenshot for the docs, with the answer and the panel in view', async () => {
    ready();
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    expect(statSync(screenshotPath).size).toBeGreaterThan(10_000);
  }, 60_000);

  it('closes the panel with Escape and returns focus to the citation; citations work from the keyboard', async () => {
    ready();
    await page.locator('#passage-panel').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#passage-panel').isVisible()).toBe(false);
    const focused = await page.evaluate(() => ({
      className: document.activeElement?.className,
      n: document.activeElement?.getAttribute('data-n'),
    }));
    expect(focused).toEqual({ className: 'citation', n: '1' });

    // Tab onward to the next citation and open it with Enter.
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement?.getAttribute('data-n'));
    expect(next).not.toBeNull();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#passage-panel').isVisible()).toBe(true);
    expect(await page.locator('#passage-title').textContent()).toMatch(new RegExp(`^\\[${next}\\] `));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#passage-panel').isVisible()).toBe(false);
  }, 60_000);

  it('records 👍 feedback against the answer', async () => {
    ready();
    await page.getByRole('button', { name: 'Helpful', exact: true }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toContain('feedback was recorded');
    const stored = await application!.feedback.forAnswer(answer.id);
    expect(stored.map((feedback) => feedback.rating)).toEqual(['up']);
    expect(
      await page.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
  }, 60_000);

  it('asks a follow-up from its chip', async () => {
    ready();
    const chip = page.locator('.chips button.chip').first();
    expect(await chip.count()).toBe(1);
    const followUp = (await chip.textContent()) ?? '';
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/ask'));
    await chip.click();
    const payload = (await (await answered).json()) as AskResponse;
    expect(payload.question.startsWith(followUp)).toBe(true);
    await expect.poll(() => page.locator('.answer-question').textContent()).toBe(payload.question);
  }, 120_000);

  it('keeps recent questions in this browser across a reload', async () => {
    ready();
    await page.reload();
    await page.locator('#recent summary').click();
    const recent = await page.locator('#recent-list button').allTextContents();
    expect(recent).toContain(question);
    const stored = await page.evaluate(() => localStorage.getItem('amicus.console.recentQuestions'));
    expect(stored).toContain(question);
  }, 60_000);

  it('asks for the API token when the server needs one, and keeps it for this tab only', async () => {
    ready();
    const token = 'front-desk-token-42';
    const guarded = await startTestServer(application!, { apiTokens: [token] });
    const tokenContext = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const tokenPage = await tokenContext.newPage();
      await tokenPage.goto(guarded.baseUrl);
      const tokenInput = tokenPage.getByLabel('API token', { exact: true });
      await tokenInput.waitFor({ state: 'visible' });
      await tokenInput.fill('not-the-token');
      await tokenInput.press('Enter');
      await expect.poll(() => tokenPage.locator('#error').textContent()).toContain('not accepted');
      await tokenInput.fill(token);
      await tokenInput.press('Enter');
      await expect.poll(() => tokenPage.locator('#jurisdiction option').count()).toBeGreaterThan(1);
      expect(await tokenPage.locator('#token-section').isVisible()).toBe(false);
      expect(await tokenPage.evaluate(() => sessionStorage.getItem('amicus.console.token'))).toBe(token);
      expect(await tokenPage.evaluate(() => Object.keys(localStorage))).not.toContain('amicus.console.token');
    } finally {
      await tokenContext.close();
      await guarded.close();
    }
  }, 60_000);

  it('made no request off the origin and logged no errors (CSP included)', () => {
    ready();
    expect(pageProblems).toEqual([]);
  });
});
