/**
 * Orders `chunk-2` before `chunk-10`, and `rule-12` before `rule-12.1` before `rule-13`: digit
 * runs compare as numbers, and a file extension only breaks ties.
 */
export function compareNaturally(first: string, second: string): number {
  const byStem = compareRuns(withoutExtension(first), withoutExtension(second));
  if (byStem !== 0) return byStem;
  return first < second ? -1 : first > second ? 1 : 0;
}

function withoutExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  const afterDot = name.charCodeAt(dot + 1);
  const isLetter = (afterDot >= 65 && afterDot <= 90) || (afterDot >= 97 && afterDot <= 122);
  return dot > 0 && isLetter && name.indexOf('/', dot) < 0 ? name.slice(0, dot) : name;
}

/** Compares character by character, reading runs of digits as numbers. */
function compareRuns(first: string, second: string): number {
  let firstIndex = 0;
  let secondIndex = 0;
  while (firstIndex < first.length && secondIndex < second.length) {
    if (isDigitAt(first, firstIndex) && isDigitAt(second, secondIndex)) {
      let firstEnd = firstIndex;
      while (firstEnd < first.length && isDigitAt(first, firstEnd)) firstEnd++;
      let secondEnd = secondIndex;
      while (secondEnd < second.length && isDigitAt(second, secondEnd)) secondEnd++;
      const difference =
        Number(first.slice(firstIndex, firstEnd)) - Number(second.slice(secondIndex, secondEnd));
      if (difference !== 0) return difference;
      firstIndex = firstEnd;
      secondIndex = secondEnd;
      continue;
    }
    const difference = first.charCodeAt(firstIndex) - second.charCodeAt(secondIndex);
    if (difference !== 0) return difference;
    firstIndex++;
    secondIndex++;
  }
  return first.length - firstIndex - (second.length - secondIndex);
}

function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}
