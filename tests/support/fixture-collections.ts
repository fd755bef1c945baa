import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ManifestFields {
  readonly id: string;
  readonly title?: string;
  readonly vetted?: boolean;
  readonly extra?: Record<string, unknown>;
}

/** Writes a collection folder with a valid manifest and the given files; returns its path. */
export function writeCollection(
  parent: string,
  manifest: ManifestFields,
  files: Readonly<Record<string, string | Buffer>>,
): string {
  const root = path.join(parent, manifest.id);
  mkdirSync(root, { recursive: true });
  const vetting = manifest.vetted === false ? {} : { vettedBy: 'fixture reviewers', vettedOn: '2026-11-01' };
  writeFileSync(
    path.join(root, 'collection.json'),
    JSON.stringify(
      {
        id: manifest.id,
        title: manifest.title ?? `Fixture collection ${manifest.id}`,
        publisher: 'Amicus tests',
        url: 'https://example.org/fixtures',
        jurisdiction: 'US-CA',
        sourceType: 'guide',
        asOf: '2025-06-30',
        ...vetting,
        ...manifest.extra,
      },
      null,
      2,
    ),
  );
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/** A short tenant guide in markdown, the kind of document a legal-aid organisation vets. */
export const tenantGuideMarkdown = `---
title: Security deposits in California
asOf: 2025-01-15
---
# Security deposits

## How much a landlord may charge

A landlord may not demand a security deposit above one month's rent for most rentals. Small landlords who own no more than two properties may charge up to two months' rent. The limit applies to every payment the landlord calls a deposit, including last month's rent paid in advance, pet deposits and key deposits, so those amounts are added together when checking it.

## Returning the deposit

The landlord must return the deposit, or an itemized statement of deductions, within 21 days after the tenant moves out. Deductions are limited to unpaid rent, cleaning to the level at move-in, and repair of damage beyond ordinary wear and tear. A landlord who keeps a deposit in bad faith can be ordered to pay up to twice the amount of the deposit in addition to the amount wrongly withheld.
`;

export const evictionGuideMarkdown = `# Eviction notices

## Three-day notice to pay rent or quit

Before filing an eviction lawsuit for unpaid rent, a landlord must serve a written three-day notice that states the amount due. Weekends and court holidays are not counted in the three days.

## Answering the lawsuit

A tenant who is served with an eviction lawsuit has ten court days to file a written response with the court. A tenant who does not respond can lose by default.
`;
