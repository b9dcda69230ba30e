/**
 * The benchmark's posts: deterministic, varied enough that no two pages are the same, shaped like
 * the real ones (a headline, a plain excerpt, a few paragraphs of Markdown with a heading, a list,
 * links and emphasis, one topic, sometimes a region).
 */

const words = (
  'review independent reviewing officer care plan child young person local authority placement ' +
  'meeting network region national report statutory guidance practice social worker advocacy ' +
  'permanence leaving care education health wellbeing court family contact voice rights ' +
  'participation outcomes inspection safeguarding caseload quality assurance challenge escalation'
).split(' ');

/** A small deterministic generator, so every run writes the same posts. */
function wordsFrom(seed: number, count: number): string[] {
  let state = (seed * 2654435761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    out.push(words[state % words.length]!);
  }
  return out;
}

const sentence = (seed: number, length: number) => {
  const [first, ...rest] = wordsFrom(seed, length);
  return `${first![0]!.toUpperCase()}${first!.slice(1)} ${rest.join(' ')}.`;
};

const paragraph = (seed: number, sentences: number) =>
  Array.from({ length: sentences }, (_, i) => sentence(seed * 31 + i, 10 + ((seed + i) % 9))).join(' ');

/** Dates spread over fifteen years (2010–2024), so yearly archives have a realistic number of posts. */
const lastDay = Date.UTC(2024, 11, 31);
const spanDays = 15 * 365;
const dayMs = 86_400_000;

export interface BenchPost {
  title: string;
  slug: string;
  date: string;
  excerpt: string;
  body: string;
  /** Index into the topics the caller has (every post has one). */
  topicIndex: number;
  /** Index into the regions, for one post in five; otherwise undefined. */
  regionIndex: number | undefined;
}

export function benchPost(index: number): BenchPost {
  const date = new Date(lastDay - ((index * 7919) % spanDays) * dayMs).toISOString().slice(0, 10);
  const headline = wordsFrom(index + 7, 6).join(' ');
  const body = [
    paragraph(index, 3),
    `## ${sentence(index + 1, 5).replace(/\.$/, '')}`,
    `${paragraph(index + 2, 2)} See the [statutory guidance](https://www.gov.uk/government/publications/iro-handbook) and **the ${wordsFrom(index + 3, 2).join(' ')}** notes.`,
    ['- ' + sentence(index + 4, 6), '- ' + sentence(index + 5, 7), '- ' + sentence(index + 6, 5)].join('\n'),
    `${paragraph(index + 8, 3)} _${sentence(index + 9, 6)}_`,
  ].join('\n\n');
  return {
    title: `Bench post ${index + 1}: ${headline}`,
    slug: `bench-post-${index + 1}`,
    date,
    excerpt: sentence(index + 11, 18),
    body,
    topicIndex: index % 4,
    regionIndex: index % 5 === 0 ? (index / 5) % 9 : undefined,
  };
}
