/**
 * Small hand-written collections for retrieval tests: a California tenant guide (US-CA, guide)
 * and a statute-like "Title 99" (US-federal, statute) whose passages are labelled like the
 * U.S. Code (`99 U.S.C. § 101(a)`). Each passage is about one topic, in distinct words, so a
 * test can say which passage a question should find.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type Application, type OpenApplicationOptions, openApplication } from '../../src/application.js';
import { type AmicusConfig, loadConfig, secretsWith } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Embedder } from '../../src/retrieval/embedder.js';
import type { EmbedderSource, IndexingContext } from '../../src/retrieval/embedder-source.js';
import { writeCollection } from './fixture-collections.js';

export const maxFileBytes = 20 * 1024 * 1024;

export const guideCollectionId = 'ca-tenant-guide';
export const statuteCollectionId = 'test-title-99';

/** The narrow no-break space the U.S. Code puts after `§`. */
const nnbsp = '\u202f';

export const depositsGuide = `---
title: Security deposits in California
---
# Security deposits

## How much a landlord may charge

A landlord may not demand a security deposit above one month's rent for most rentals. Small landlords who own no more than two properties may charge up to two months' rent. The limit applies to every payment the landlord calls a deposit, including last month's rent paid in advance, pet deposits and key deposits, so those amounts are added together when checking the limit. A deposit may never be called non-refundable, and a lease clause that says so has no effect.

## Returning the deposit

The landlord must return the security deposit, or an itemized statement of deductions, within 21 days after the tenant moves out. Deductions are limited to unpaid rent, cleaning to the level at move-in, and repair of damage beyond ordinary wear and tear. Receipts must be attached for any deduction above one hundred twenty-five dollars, and the landlord must send the statement to the forwarding address the tenant gave in writing.

## Deposits kept in bad faith

A landlord who keeps a deposit in bad faith can be ordered to pay up to twice the amount of the deposit in addition to the amount wrongly withheld. The tenant can bring the claim in small claims court without hiring anyone, for amounts up to the small claims limit, and the landlord then has to prove that every deduction was reasonable and necessary.

## Walk-through inspection before moving out

A tenant may ask for an inspection about two weeks before the end of the tenancy. The landlord then walks through the unit with the tenant and gives a written list of the cleaning and repairs that would otherwise be deducted, so the tenant has a chance to do the work first and avoid the deduction. The list must quote the law that allows each deduction, and a tenant who was never offered the inspection can point to that failure in court.
`;

export const repairsGuide = `---
title: Repairs and habitability
---
# Repairs

## The duty to keep a home habitable

Every rental home must be fit to live in. The landlord must keep working plumbing, hot water, heating, electricity, a weatherproof roof and walls, and a home free of rodents, cockroaches and mold. Broken windows, leaking pipes and a furnace that does not work in winter are the kind of defects the landlord must fix within a reasonable time after the tenant gives notice. A lease clause in which the tenant gives up this protection is void.

## Repair and deduct

When the landlord ignores a written repair request for thirty days, a tenant may hire someone to fix a serious defect and subtract the cost from the next payment of rent. The cost may not exceed one month's rent, and the remedy may be used at most twice in any twelve months. Keep receipts and photographs of the defect and of the work, and keep a copy of the written request that the landlord ignored.

## Retaliation

A landlord may not raise the rent, cut services or start an eviction because a tenant complained to a housing inspector or used the repair and deduct remedy. Retaliation is presumed when the landlord acts within one hundred eighty days after the complaint, and the tenant can raise it as a defense to an eviction or sue for damages.

## Mold and pests

Visible mold, a rodent infestation or bedbugs make a home unfit to live in when they affect health or safety. The tenant should report them in writing and allow the landlord reasonable access to inspect and treat the problem. A tenant who caused the infestation by failing to keep the unit clean may be responsible for the cost of treatment, but the landlord must still act promptly once notified.

## Rent increases

Most apartments older than fifteen years are covered by a statewide cap on rent increases: the rent may not go up by more than five percent plus the local rate of inflation in any twelve months, and never by more than ten percent. The landlord must give thirty days' written notice of an increase of ten percent or less, and ninety days' notice of a larger one where the cap does not apply.
`;

export const evictionGuide = `---
title: Eviction in California
---
# Eviction

## Notice to pay rent or quit

Before filing an eviction case for unpaid rent, the landlord must serve a written three-day notice stating the exact amount owed. Weekends and court holidays are not counted in the three days. Paying the full amount within the notice period ends the matter, and the landlord may not refuse a payment of the full amount made within the notice period.

## Answering the eviction case

A tenant who is served with eviction court papers has ten court days to file a written response with the clerk. A tenant who does not respond in time can lose by default, without a hearing, and the sheriff can then remove the tenant within days. Self-help centers at the courthouse help tenants fill in the response forms for free.

## Lockouts and utility shutoffs are illegal

A landlord may never change the locks, remove doors or windows, take the tenant's belongings or shut off gas, water or electricity to force a tenant out. Only a sheriff may remove a tenant, and only after the landlord wins a court judgment. A tenant who is locked out can sue for damages of up to one hundred dollars for every day of the lockout.

## Just cause for ending a tenancy

After a tenant has lived in a unit for twelve months, most landlords may end the tenancy only for a reason the law lists, such as failure to pay rent, a serious breach of the lease, or the owner moving in. When the reason is not the tenant's fault, the landlord must pay relocation assistance equal to one month's rent or waive the final month's rent, and the notice must say which the tenant will receive.

## Getting belongings back after an eviction

After the sheriff removes a tenant, the landlord must store any personal property left behind and send a notice describing it. The former tenant has fifteen days after personal delivery of the notice, or eighteen days after it is mailed, to claim the property and pay reasonable storage costs. Property worth less than a set amount may then be kept or thrown away, and anything worth more must be sold at a public sale.
`;

/** The statute chunk: `# Title 99— TEST` and `#### § 10x.` headings, subsections long enough to stand alone. */
export const titleNinetyNineChunk = `
# Title 99— TEST
### CHAPTER 1— GENERAL PROVISIONS
#### §${nnbsp}101. Definitions

(a) The term "attorney" means a person admitted to practice before the highest court of any State who represents another person in a proceeding under this title, including an attorney appointed by the court at public expense to represent a party who cannot pay for one, and an attorney employed by a nonprofit organization that represents parties without charge.

(b) The term "dwelling" means any building, structure, or portion of a building or structure that is occupied as, or designed or intended for occupancy as, a residence by one or more families, and any vacant land that is offered for sale or lease for the construction or location of any such building, structure, or portion thereof.

#### §${nnbsp}102. Appointment of an attorney

(a) In any civil proceeding under this title, the court may appoint an attorney to represent an indigent party who is unable to pay the fees of an attorney, if the court finds that the interests of justice so require, considering the complexity of the matter, the party's ability to present the case, and the likely merit of the party's position.

(b) An attorney appointed under subsection (a) shall be compensated from funds appropriated for that purpose at rates fixed by the Judicial Conference of the United States, and may not accept payment from the represented party or from any other person for the same representation, except with the approval of the court.

#### §${nnbsp}103. Limitation on actions

(a) Except as otherwise provided by law, no civil action to enforce any provision of this title shall be entertained unless it is commenced within five years after the date on which the claim first accrued, and no action barred by this subsection shall be revived by any later amendment of the complaint or of this title.

(b) The time limitation in subsection (a) is tolled during any period in which the defendant is absent from the United States or conceals the facts giving rise to the claim from the injured party, if the injured party could not have discovered those facts by the exercise of reasonable diligence.

#### §${nnbsp}104. Inspection of public records

(a) Every agency shall make its public records available for inspection and copying by any member of the public during regular business hours, without requiring the requester to state a reason for the request, except records that another statute expressly exempts from disclosure to the public.

(b) An agency may charge a fee for copies that does not exceed the direct cost of duplication, and shall waive the fee when the requester shows that disclosure is in the public interest because it is likely to contribute to public understanding of government operations and is not primarily for commercial use.

#### §${nnbsp}105. Civil penalties

(a) Any person who violates section 104 shall be liable for a civil penalty of not more than $1,000 for each violation, and each day on which a violation continues shall constitute a separate violation subject to a separate civil penalty under this subsection, whether or not the person knew that the conduct was a violation.

(b) In determining the amount of a civil penalty, the court shall consider the nature, circumstances, extent and gravity of the violation, the violator's ability to pay the penalty, any prior history of such violations, the degree of culpability, any good-faith efforts to comply, and such other matters as justice may require in fixing the penalty.

(c) A civil penalty assessed under this section may be recovered in a civil action brought by the Attorney General, and every penalty collected shall be deposited in the Treasury as miscellaneous receipts after the violation is finally adjudicated and all appeals of the penalty assessment are exhausted or the time for appeal has passed.

(d) The penalty provided by this section is in addition to any other penalty or remedy for the same violation, and payment of a civil penalty does not relieve the violator of the duty to correct the violation within the period that the court orders or the agency prescribes, and a continuing violation after that period is subject to a further penalty.
`;

export interface RetrievalFixture {
  readonly guide: string;
  readonly statute: string;
}

/** Writes both collections under `parent`; returns their folders. */
export function writeRetrievalFixture(parent: string): RetrievalFixture {
  const guide = writeCollection(
    parent,
    {
      id: guideCollectionId,
      title: 'California tenant guide',
      extra: { jurisdiction: 'US-CA', sourceType: 'guide' },
    },
    { 'deposits.md': depositsGuide, 'repairs.md': repairsGuide, 'eviction.md': evictionGuide },
  );
  const statute = writeCollection(
    parent,
    {
      id: statuteCollectionId,
      title: 'Title 99 test code',
      extra: { jurisdiction: 'US-federal', sourceType: 'statute' },
    },
    { 'chunk-0.md': titleNinetyNineChunk },
  );
  return { guide, statute };
}

/**
 * A temporary directory for a whole suite (the shared `temporaryDirectory` is removed after
 * each test). Call the returned function in `afterAll`.
 */
export function suiteDirectory(prefix = 'amicus-suite-'): { directory: string; remove: () => void } {
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * Configuration for a test data directory: defaults only, whatever the environment of the test
 * run says (no AMICUS_* variables, no amicus.config.json picked up from the working directory).
 */
export function fixtureConfig(
  dataDirectory: string,
  retrieval: Partial<AmicusConfig['retrieval']> = {},
): AmicusConfig {
  const config = loadConfig({ dataDirectory, environment: {}, workingDirectory: dataDirectory });
  return { ...config, retrieval: { ...config.retrieval, ...retrieval } };
}

/** An application with a silent logger and no secrets from the environment. */
export function openFixtureApplication(
  config: AmicusConfig,
  options: OpenApplicationOptions = {},
): Application {
  return openApplication(config, {
    logger: silentLogger(),
    secrets: secretsWith(),
    ...options,
  });
}

/** Writes the fixture under `root/corpus`, ingests it into `root/data`, and returns the open application. */
export async function ingestedFixture(
  root: string,
  retrieval: Partial<AmicusConfig['retrieval']> = {},
): Promise<{ application: Application; fixture: RetrievalFixture; config: AmicusConfig }> {
  const fixture = writeRetrievalFixture(path.join(root, 'corpus'));
  const config = fixtureConfig(path.join(root, 'data'), retrieval);
  const application = openFixtureApplication(config, { create: true });
  try {
    await application.createIngester().ingest([fixture.guide, fixture.statute], { maxFileBytes });
  } catch (error) {
    application.close();
    throw error;
  }
  return { application, fixture, config };
}

/**
 * For a test file or `describe`: the fixture ingested once before its tests and closed after
 * them. Returns the application, to be read inside tests and hooks.
 */
export function useIngestedFixture(prefix: string): () => Application {
  const suite = suiteDirectory(prefix);
  let application: Application | undefined;
  beforeAll(async () => {
    ({ application } = await ingestedFixture(suite.directory));
  });
  afterAll(() => {
    application?.close();
    suite.remove();
  });
  return () => {
    if (!application) throw new Error(`the ${prefix} fixture is not ingested yet`);
    return application;
  };
}

/** Wraps an embedder source and counts what goes through it, to tell whether vectors were used. */
export class CountingEmbedderSource implements EmbedderSource {
  queries = 0;
  documents = 0;

  constructor(private readonly inner: EmbedderSource) {}

  get sourceKey(): string {
    return this.inner.sourceKey;
  }

  async forIndexing(context: IndexingContext): Promise<Embedder> {
    return this.count(await this.inner.forIndexing(context));
  }

  async forQuerying(generationDirectory: string): Promise<Embedder> {
    return this.count(await this.inner.forQuerying(generationDirectory));
  }

  private count(embedder: Embedder): Embedder {
    return {
      id: embedder.id,
      dimensions: embedder.dimensions,
      embedDocuments: (texts) => {
        this.documents += texts.length;
        return embedder.embedDocuments(texts);
      },
      embedQuery: (text) => {
        this.queries += 1;
        return embedder.embedQuery(text);
      },
    };
  }
}
