/**
 * The application over the nine sample collections, for the scripts that write docs from real
 * answers: ingested into a temporary directory (removed afterwards), or, with `--data <dir>`, a
 * data directory that already holds them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Application, openApplication } from '../src/application.js';
import { type AmicusConfig, loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { sampleCollectionPaths } from '../tests/support/shared-data.js';

export const repositoryRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export async function withSampleApplication(
  prefix: string,
  work: (application: Application, config: AmicusConfig) => Promise<void>,
): Promise<void> {
  const dataIndex = process.argv.indexOf('--data');
  const reuseArgument = dataIndex >= 0 ? process.argv[dataIndex + 1] : undefined;
  const reuse = reuseArgument === undefined ? undefined : path.resolve(reuseArgument);
  const scratch = reuse ?? mkdtempSync(path.join(os.tmpdir(), prefix));
  const config = loadConfig({ dataDirectory: scratch, environment: {}, workingDirectory: scratch });
  const application = openApplication(config, { create: true, logger: silentLogger() });
  try {
    if (!reuse)
      await application
        .createIngester()
        .ingest(sampleCollectionPaths(), { maxFileBytes: config.ingest.maxFileBytes });
    await work(application, config);
  } finally {
    application.close();
    if (!reuse) rmSync(scratch, { recursive: true, force: true });
  }
}
