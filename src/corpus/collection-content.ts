import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { AmicusError, describeError, ErrorCode } from '../core/errors.js';
import { formatZodIssues } from '../core/zod-errors.js';
import { type PassageRow, passageId, sha256Hex, sha256OfBytes } from '../store/passage-rows.js';
import { type BoundedLine, boundedLines, recordIdIn } from './bounded-lines.js';
import type { DocumentFormat, ParsedDocument } from './document.js';
import { readFolderFiles } from './folder-files.js';
import { splitFrontMatter } from './loaders/front-matter.js';
import { loadDocument } from './loaders/index.js';
import { parseMarkdown } from './loaders/markdown.js';
import {
  type CollectionManifest,
  type DocumentMetadata,
  documentMetadataSchema,
  type EffectiveMetadata,
  mergeMetadata,
} from './manifest.js';
import { compareNaturally } from './natural-order.js';
import type { CollectionSource } from './sources.js';
import { splitCollection } from './splitter.js';

export type DocumentItem =
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: string }
  | {
      readonly kind: 'document';
      readonly path: string;
      readonly contentHash: string;
      readonly format: DocumentFormat;
      readonly title: string;
      readonly metadataOverrides: DocumentMetadata;
      readonly passages: readonly PassageRow[];
    };

/**
 * A collection's content, read far enough to fingerprint it. `documents()` then parses and
 * splits it, which ingest only asks for when the fingerprint changed.
 */
export interface CollectionContent {
  readonly fingerprint: string;
  readonly documentCount: number | undefined;
  documents(manifest: CollectionManifest): AsyncIterable<DocumentItem>;
}

export interface ReadContentOptions {
  readonly maxFileBytes: number;
  /** JSON-lines records above this size are skipped, named by id and line. */
  readonly maxRecordBytes: number;
  /** Documents that split into more passages than this are skipped. */
  readonly maxPassagesPerDocument: number;
  readonly onProgress?:
    | ((progress: { collectionId: string; phase: 'reading'; done: number; total: number }) => void)
    | undefined;
}

export async function readCollectionContent(
  source: CollectionSource,
  options: ReadContentOptions,
): Promise<CollectionContent> {
  return source.kind === 'folder'
    ? readFolderContent(source.root, options)
    : readJsonLinesContent(source.file, options);
}

/** A document ready for splitting, with its merged metadata. */
interface PreparedDocument {
  readonly path: string;
  readonly contentHash: string;
  readonly parsed: ParsedDocument;
  readonly title: string;
  readonly overrides: DocumentMetadata;
  readonly metadata: EffectiveMetadata;
}

async function readFolderContent(root: string, options: ReadContentOptions): Promise<CollectionContent> {
  const listing = await readFolderFiles(root, options.maxFileBytes, compareNaturally);
  const fileHashes = listing.files.map((file) => ({
    file,
    hash: file.bytes ? sha256OfBytes(file.bytes) : `size:${file.size}`,
  }));
  const fingerprint = sha256Hex(
    ...fileHashes.map(({ file, hash }) => `${file.relativePath}=${hash}`),
    ...listing.unreadable.map((entry) => `unreadable:${entry.relativePath}`),
  );
  return {
    fingerprint,
    documentCount: listing.files.length,
    async *documents(manifest) {
      for (const entry of listing.unreadable)
        yield { kind: 'skipped', path: entry.relativePath, reason: entry.reason };
      const prepared: PreparedDocument[] = [];
      for (const { file, hash } of fileHashes) {
        if (!file.bytes) {
          const limitMegabytes = Math.round(options.maxFileBytes / (1024 * 1024));
          yield {
            kind: 'skipped',
            path: file.relativePath,
            reason: `larger than the ${limitMegabytes} MB limit (${(file.size / (1024 * 1024)).toFixed(1)} MB)`,
          };
          continue;
        }
        try {
          const parsed = await loadDocument(file.bytes, file.relativePath, {
            maxBytes: options.maxFileBytes,
          });
          prepared.push(prepareDocument(manifest, file.relativePath, hash, parsed));
        } catch (error) {
          yield { kind: 'skipped', path: file.relativePath, reason: skipReason(file.relativePath, error) };
        }
      }
      yield* splitPrepared(manifest, prepared, options.maxPassagesPerDocument);
    },
  };
}

const jsonLinesRecordSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string(),
  title: z.string().min(1).optional(),
});

async function readJsonLinesContent(file: string, options: ReadContentOptions): Promise<CollectionContent> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return {
    fingerprint: hash.digest('hex'),
    documentCount: undefined,
    async *documents(manifest) {
      // Records of one group (a U.S. Code title) are split together and in chunk order, so a
      // chunk that starts mid-subsection inherits its context from the chunk before it.
      let groupName: string | undefined;
      let group: PreparedDocument[] = [];
      const seenIds = new Set<string>();
      for await (const line of jsonLines(file, options.maxRecordBytes)) {
        const where = `line ${line.lineNumber}`;
        if (line.kind === 'oversized') {
          const id = recordIdIn(line.head) ?? recordIdIn(line.tail);
          yield {
            kind: 'skipped',
            path: `${where} (${id ?? 'no id found'})`,
            reason: `larger than the ${megabytes(options.maxRecordBytes)} limit for a record (${megabytes(line.bytes)}); raise ingest.maxRecordBytes to ingest it`,
          };
          continue;
        }
        if (line.text.trim().length === 0) continue;
        let value: unknown;
        try {
          value = JSON.parse(line.text);
        } catch (error) {
          yield { kind: 'skipped', path: where, reason: `not valid JSON (${describeError(error)})` };
          continue;
        }
        const record = jsonLinesRecordSchema.safeParse(value);
        if (!record.success) {
          yield { kind: 'skipped', path: where, reason: formatZodIssues(record.error) };
          continue;
        }
        const { id, text, title, ...extraFields } = record.data;
        if (seenIds.has(id)) {
          yield { kind: 'skipped', path: `${where} (${id})`, reason: `duplicate id "${id}"` };
          continue;
        }
        seenIds.add(id);
        if (text.trim().length === 0) {
          yield { kind: 'skipped', path: id, reason: 'empty text' };
          continue;
        }
        const recordGroup = title ?? id.split('/')[0] ?? '';
        if (groupName !== undefined && recordGroup !== groupName) {
          yield* splitPrepared(manifest, group, options.maxPassagesPerDocument);
          group = [];
        }
        groupName = recordGroup;
        try {
          const { frontMatter, body } = splitFrontMatter(text, id);
          const parsed = parseMarkdown(body, { ...extraFields, ...frontMatter });
          group.push(prepareDocument(manifest, id, sha256Hex(text), parsed));
        } catch (error) {
          yield { kind: 'skipped', path: id, reason: skipReason(id, error) };
        }
      }
      yield* splitPrepared(manifest, group, options.maxPassagesPerDocument);
    },
  };
}

function jsonLines(file: string, maxRecordBytes: number): AsyncGenerator<BoundedLine> {
  const input = createReadStream(file);
  const stream = file.toLowerCase().endsWith('.gz') ? input.pipe(createGunzip()) : input;
  return boundedLines(stream, maxRecordBytes);
}

function megabytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} MB`;
}

function prepareDocument(
  manifest: CollectionManifest,
  documentPath: string,
  contentHash: string,
  parsed: ParsedDocument,
): PreparedDocument {
  const overrides = documentMetadataSchema.safeParse(parsed.frontMatter);
  if (!overrides.success) {
    throw new AmicusError(ErrorCode.CorpusInvalid, `front matter: ${formatZodIssues(overrides.error)}`, {
      location: documentPath,
    });
  }
  const metadata = mergeMetadata(manifest, overrides.data);
  const title = overrides.data.title ?? parsed.title ?? fileTitle(documentPath);
  return { path: documentPath, contentHash, parsed, title, overrides: overrides.data, metadata };
}

function* splitPrepared(
  manifest: CollectionManifest,
  documents: readonly PreparedDocument[],
  maxPassagesPerDocument: number,
): Generator<DocumentItem> {
  const entries = splitCollection(
    documents.map((document) => ({
      name: document.path,
      blocks: document.parsed.blocks,
      metadata: {
        title: document.title,
        citationPrefix: document.metadata.citationPrefix,
        url: document.metadata.url,
      },
      prepared: document,
    })),
  );
  for (const { document: entry, passages: drafts } of entries) {
    const document = entry.prepared;
    if (drafts.length > maxPassagesPerDocument) {
      yield {
        kind: 'skipped',
        path: document.path,
        reason: `splits into ${drafts.length} passages, more than ingest.maxPassagesPerDocument (${maxPassagesPerDocument}); split the source into smaller files or raise the limit`,
      };
      continue;
    }
    const occurrences = new Map<string, number>();
    const passages: PassageRow[] = drafts.map((draft, ordinal) => {
      const contentHash = sha256Hex(draft.text);
      const key = `${draft.label}\u0000${contentHash}`;
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      return {
        id: passageId(manifest.id, document.path, draft.label, occurrence, contentHash),
        collectionId: manifest.id,
        documentPath: document.path,
        ordinal,
        label: draft.label,
        sectionLabel: draft.sectionLabel,
        heading: draft.heading,
        breadcrumb: draft.breadcrumb,
        text: draft.text,
        url: draft.url,
        jurisdiction: document.metadata.jurisdiction,
        sourceType: document.metadata.sourceType,
        asOf: document.metadata.asOf,
        contentHash,
      };
    });
    yield {
      kind: 'document',
      path: document.path,
      contentHash: document.contentHash,
      format: document.parsed.format,
      title: document.title,
      metadataOverrides: document.overrides,
      passages,
    };
  }
}

function fileTitle(documentPath: string): string {
  const base = documentPath.split('/').pop() ?? documentPath;
  return base.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ');
}

function skipReason(documentPath: string, error: unknown): string {
  const message = describeError(error);
  // Loader messages start with the file name already; the report prints the path beside it.
  return message.startsWith(`${documentPath}: `) ? message.slice(documentPath.length + 2) : message;
}
