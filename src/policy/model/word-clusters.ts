import { z } from 'zod';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import committedClusters from './word-clusters.json' with { type: 'json' };

/**
 * Word classes from GloVe vectors (`bench/policy-word-clusters.ts` derives them; only the word
 * lists are committed): words used alike share a class, and classes alike share a group. The
 * statistical backstop adds a word's class and group to its features, so a word it never saw in
 * training still counts like its neighbours did.
 */
export const wordClustersSchema = z
  .object({
    version: z.literal(1),
    /** Where the classes came from: vectors, licence, parameters. */
    source: z.string().min(1),
    /** The coarse group of each class, by class index. */
    groups: z.array(z.number().int().min(0)),
    /** Each class's words, space-separated. */
    classes: z.array(z.string().regex(/^(?:[a-z]+(?: [a-z]+)*)?$/, 'lowercase words separated by one space')),
  })
  .refine((value) => value.groups.length === value.classes.length, {
    message: 'one group per class',
    path: ['groups'],
  });
export type WordClusters = z.infer<typeof wordClustersSchema>;

export function parseWordClusters(raw: unknown, where: string): WordClusters {
  const parsed = wordClustersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `${where}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid word clusters'}`,
      { location: where },
    );
  }
  return parsed.data;
}

export interface WordClass {
  readonly cluster: number;
  readonly group: number;
}

let lookup: ReadonlyMap<string, WordClass> | undefined;

/** Word → class and group, from the committed file (checked and indexed once, on first use). */
export function wordClasses(): ReadonlyMap<string, WordClass> {
  if (lookup) return lookup;
  const clusters = parseWordClusters(committedClusters, 'src/policy/model/word-clusters.json');
  const map = new Map<string, WordClass>();
  clusters.classes.forEach((words, cluster) => {
    const group = clusters.groups[cluster] ?? 0;
    if (words.length > 0) for (const word of words.split(' ')) map.set(word, { cluster, group });
  });
  lookup = map;
  return map;
}
