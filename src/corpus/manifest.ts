import { z } from 'zod';
import { type SourceType, sourceTypes } from '../core/source-types.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'not a real calendar date');

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a slug of lowercase letters, digits, ".", "_" or "-"');

/**
 * A source's address is printed as a link in every answer that cites it, so only web
 * addresses are accepted: a `javascript:` or `file:` URL in a manifest or front matter would
 * otherwise be stored and shown to every reader.
 */
const webUrl = z.url({ protocol: /^https?$/, error: 'expected an http or https URL' });

/** The fields a file's front matter may override; everything is optional there. */
export const documentMetadataSchema = z
  .object({
    title: z.string().min(1),
    publisher: z.string().min(1),
    url: webUrl,
    license: z.string().min(1),
    jurisdiction: z.string().min(1),
    sourceType: z.enum(sourceTypes),
    asOf: isoDate,
    vettedBy: z.string().min(1),
    vettedOn: isoDate,
    citationPrefix: z.string().min(1),
  })
  .partial();

export type DocumentMetadata = z.infer<typeof documentMetadataSchema>;

/** `collection.json`, as documented in the shared corpus README. Unknown fields are kept. */
export const collectionManifestSchema = z.looseObject({
  id: slug,
  title: z.string().min(1),
  publisher: z.string().min(1).optional(),
  url: webUrl.optional(),
  license: z.string().min(1).optional(),
  jurisdiction: z.string().min(1),
  sourceType: z.enum(sourceTypes),
  asOf: isoDate,
  vettedBy: z.string().min(1).optional(),
  vettedOn: isoDate.optional(),
  citationPrefix: z.string().min(1).optional(),
});

export type CollectionManifest = z.infer<typeof collectionManifestSchema>;

/** The metadata every passage ends up with after the collection and front matter are merged. */
export interface EffectiveMetadata {
  readonly title: string;
  readonly publisher: string | undefined;
  readonly url: string | undefined;
  readonly license: string | undefined;
  readonly jurisdiction: string;
  readonly sourceType: SourceType;
  readonly asOf: string;
  readonly vettedBy: string | undefined;
  readonly vettedOn: string | undefined;
  readonly citationPrefix: string | undefined;
}

/** Front matter wins over the collection, field by field. */
export function mergeMetadata(collection: CollectionManifest, document: DocumentMetadata): EffectiveMetadata {
  return {
    title: document.title ?? collection.title,
    publisher: document.publisher ?? collection.publisher,
    url: document.url ?? collection.url,
    license: document.license ?? collection.license,
    jurisdiction: document.jurisdiction ?? collection.jurisdiction,
    sourceType: document.sourceType ?? collection.sourceType,
    asOf: document.asOf ?? collection.asOf,
    vettedBy: document.vettedBy ?? collection.vettedBy,
    vettedOn: document.vettedOn ?? collection.vettedOn,
    citationPrefix: document.citationPrefix ?? collection.citationPrefix,
  };
}
