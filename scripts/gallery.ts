/**
 * The answer gallery: the full plain-text answers (offline, extractive) to the questions below,
 * written to docs/answer-gallery.md so a person can judge Amicus by reading them.
 *
 *   npm run gallery                    # ingests the nine sample collections into a temp dir (~15 s)
 *   npm run gallery -- --data <dir>    # reuses a data directory that holds them
 *
 * The questions were written for the gallery (not taken from an evaluation set), over all nine
 * collections, as law students, legal-aid staff and members of the public ask; two of them the
 * corpus cannot answer and two are about the asker's own situation. Regenerate it in every
 * commit that changes answers.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPlainText } from '../src/answer/renderers/plain-text.js';
import { repositoryRoot, withSampleApplication } from './sample-application.js';

type Persona = 'law student' | 'legal-aid staff' | 'member of the public';

interface GalleryQuestion {
  readonly question: string;
  readonly persona: Persona;
  /** The collection a good answer comes from, or why there is none. */
  readonly expect: string;
}

export const galleryQuestions: readonly GalleryQuestion[] = [
  {
    question: 'How many jurors sit on a federal civil jury?',
    persona: 'law student',
    expect: 'Fed. R. Civ. P. 48',
  },
  {
    question: 'What is the penalty for counterfeiting U.S. currency?',
    persona: 'member of the public',
    expect: '18 U.S.C. ch. 25 (§ 471)',
  },
  {
    question: 'Is it a crime to threaten the President?',
    persona: 'member of the public',
    expect: '18 U.S.C. § 871',
  },
  {
    question: "Can I get in trouble for hacking into my ex's email account?",
    persona: 'member of the public',
    expect: '18 U.S.C. § 1030 or § 2701',
  },
  { question: 'What does 18 USC 1030 prohibit?', persona: 'legal-aid staff', expect: '18 U.S.C. § 1030' },
  { question: 'What does FRE 608(b) say?', persona: 'law student', expect: 'Fed. R. Evid. 608(b)' },
  { question: 'What is FRCP 26(b)(1)?', persona: 'law student', expect: 'Fed. R. Civ. P. 26(b)(1)' },
  {
    question:
      'Can accidental clicks on illegal content like child pornography negate criminal intent in court?',
    persona: 'law student',
    expect: '18 U.S.C. §§ 2252, 2252A',
  },
  {
    question: 'How long does copyright last for a novel written by one author today?',
    persona: 'member of the public',
    expect: '17 U.S.C. § 302(a)',
  },
  { question: 'What are the four fair use factors?', persona: 'law student', expect: '17 U.S.C. § 107' },
  {
    question: 'Can a teacher make copies of a copyrighted article for a class without permission?',
    persona: 'legal-aid staff',
    expect: '17 U.S.C. § 107',
  },
  {
    question: 'What can a trademark owner recover when someone sells goods with a counterfeit of the mark?',
    persona: 'legal-aid staff',
    expect: '15 U.S.C. § 1117',
  },
  {
    question: 'On what grounds can the trademark office refuse to register a mark?',
    persona: 'law student',
    expect: '15 U.S.C. § 1052',
  },
  {
    question: 'How long does a utility patent last?',
    persona: 'member of the public',
    expect: '35 U.S.C. § 154',
  },
  {
    question: 'What are the conditions for getting a patent?',
    persona: 'law student',
    expect: '35 U.S.C. §§ 101, 102, 103',
  },
  {
    question: 'How long does a defendant have to remove a case from state court to federal court?',
    persona: 'legal-aid staff',
    expect: '28 U.S.C. § 1446(b)',
  },
  {
    question: 'Who can file a federal lawsuit without paying the filing fee?',
    persona: 'member of the public',
    expect: '28 U.S.C. § 1915',
  },
  {
    question: 'How many days do you have to file a notice of appeal in a federal civil case?',
    persona: 'legal-aid staff',
    expect: 'Fed. R. App. P. 4(a)',
  },
  {
    question: 'What must a petition for panel rehearing in a federal court of appeals state?',
    persona: 'law student',
    expect: 'Fed. R. App. P. 40',
  },
  {
    question: 'Does a defendant have to be present at sentencing in a federal criminal case?',
    persona: 'member of the public',
    expect: 'Fed. R. Crim. P. 43',
  },
  {
    question: 'What must a federal judge tell a defendant before accepting a guilty plea?',
    persona: 'legal-aid staff',
    expect: 'Fed. R. Crim. P. 11(b)',
  },
  {
    question: 'What is an excited utterance and is it an exception to the hearsay rule?',
    persona: 'law student',
    expect: 'Fed. R. Evid. 803(2)',
  },
  {
    question: 'Can evidence that a store fixed a broken step after someone fell be used to prove negligence?',
    persona: 'legal-aid staff',
    expect: 'Fed. R. Evid. 407',
  },
  {
    question: 'What is the penalty for aggravated identity theft?',
    persona: 'member of the public',
    expect: '18 U.S.C. § 1028A',
  },
  {
    question: 'What does 42 U.S.C. § 1983 say?',
    persona: 'law student',
    expect: 'no answer: Title 42 is not held',
  },
  {
    question: 'How are VA disability ratings appealed?',
    persona: 'legal-aid staff',
    expect: "no answer: veterans' benefits are Title 38",
  },
  {
    question: 'I was charged with stealing mail last month. How much prison time am I facing?',
    persona: 'member of the public',
    expect: 'individualized; general information from 18 U.S.C. § 1708',
  },
  {
    question: 'A competitor is using my logo on their products. Should I sue them, and will I win?',
    persona: 'member of the public',
    expect: 'individualized; general information from 15 U.S.C. §§ 1114, 1116, 1117',
  },
];

await withSampleApplication('amicus-gallery-', async (application) => {
  const entries: string[] = [];
  for (const [index, item] of galleryQuestions.entries()) {
    const answer = await application.answers.ask({ question: item.question });
    const text = renderPlainText(answer, { colour: false });
    entries.push(
      [
        `## ${index + 1}. ${item.question}`,
        '',
        `Asked as: ${item.persona}. A good answer: ${item.expect}. Reply: \`${answer.kind}\`, ${answer.sources.length} source(s).`,
        '',
        '```text',
        text.trimEnd(),
        '```',
      ].join('\n'),
    );
  }
  const page = [
    '# Answer gallery',
    '',
    'The full plain-text answers Amicus gives offline (the extractive composer, no model) on the nine',
    'sample collections, to questions written for this page. Regenerate with `npm run gallery`',
    '(see `scripts/gallery.ts`); read it end to end after any change to answers: does the first',
    'sentence answer the question, and is every quoted provision on point?',
    '',
    ...entries.flatMap((entry) => [entry, '']),
  ].join('\n');
  writeFileSync(path.join(repositoryRoot, 'docs', 'answer-gallery.md'), page);
  console.log(`Wrote docs/answer-gallery.md (${galleryQuestions.length} questions).`);
});
