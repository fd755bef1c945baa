/**
 * Personal details that must never reach a log or a stored thread. Each pattern is replaced by
 * a bracketed placeholder, so the text stays readable ("call me at [phone]").
 */
const patterns: ReadonlyArray<{
  readonly name: string;
  readonly pattern: RegExp;
  readonly placeholder: string;
}> = [
  {
    name: 'email',
    pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu,
    placeholder: '[email]',
  },
  { name: 'ssn', pattern: /\b\d{3}[- ]\d{2}[- ]\d{4}\b/g, placeholder: '[ssn]' },
  {
    name: 'case number',
    pattern:
      /\b(?:case|docket|file|cause|index)\s*(?:no\.?|number|#)\s*:?\s*[A-Za-z0-9][A-Za-z0-9:.\-/]{2,}|\b\d{1,2}:\d{2}-[a-z]{2,4}-\d{2,6}(?:-[A-Za-z]{1,4})*\b|\b\d{2,4}-(?:cv|cr|mj|bk|ap|mc|po)-\d{2,7}\b/gi,
    placeholder: '[case number]',
  },
  {
    name: 'phone',
    pattern: /(?<![\w-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?![\w-])/g,
    placeholder: '[phone]',
  },
  {
    name: 'street address',
    pattern:
      /\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\p{L}'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy)\b\.?(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|#)\s*[\w-]+)?/gu,
    placeholder: '[address]',
  },
];

export interface RedactionResult {
  readonly text: string;
  /** Kinds of details found, e.g. ['email', 'phone']. */
  readonly found: readonly string[];
}

export function findAndRedact(text: string): RedactionResult {
  const found: string[] = [];
  let redacted = text;
  for (const { name, pattern, placeholder } of patterns) {
    pattern.lastIndex = 0;
    if (pattern.test(redacted)) {
      found.push(name);
      pattern.lastIndex = 0;
      redacted = redacted.replace(pattern, placeholder);
    }
  }
  return { text: redacted, found };
}

/** The text with emails, phone numbers, SSNs, street addresses and case numbers replaced. */
export function redactPersonalDetails(text: string): string {
  return findAndRedact(text).text;
}

/**
 * A name the asker gives as their own ("my name is Maria Lopez", "call me Sam"): capitalized
 * words after the introduction. Only for text about to be shown to others (sharing a private
 * answer); logs and policy keep `findAndRedact`, whose findings decide that a reply is private.
 */
const ownName =
  /\b((?:[Mm]y\s+(?:full\s+)?name\s+is|[Mm]y\s+name's|[Ii]\s+am\s+called|[Ii]'m\s+called|[Cc]all\s+me)\s+)\p{Lu}[\p{L}'.-]*(?:\s+\p{Lu}[\p{L}'.-]*){0,3}/gu;

/** The text with personal details and a self-given name replaced, before it is shown to others. */
export function redactForSharing(text: string): string {
  return redactPersonalDetails(text).replace(ownName, '$1[name]');
}
