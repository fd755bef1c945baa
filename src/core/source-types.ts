/**
 * Source types a collection can declare; answers use them to describe what they rest on. In
 * core because the corpus manifest, the store's rows and the answer all name them.
 */
export const sourceTypes = ['statute', 'court-rule', 'regulation', 'case', 'guide', 'secondary'] as const;
export type SourceType = (typeof sourceTypes)[number];
