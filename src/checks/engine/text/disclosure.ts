/**
 * A comment in which a child may be disclosing harm or risk (clause 1.3): abuse at someone's hands, self-harm
 * or suicidal thoughts, bullying, fear of going home, or an approach that looks like grooming. Such a comment
 * is never hidden by itself: it goes to the DSL as a draft concern with the snapshot, and a person reads it.
 *
 * The detector reads one sentence at a time and looks for general constructions, not fixed sentences:
 * - self-harm: a harm verb turned on oneself ("… cut myself", "… hurt herself" with "my friend" as the
 *   subject), a wish to die or not to exist ("want to die", "wish I was dead", "end my life",
 *   "no reason to live", "don't want to be here anymore"), or the words for it ("self-harm", "suicidal");
 * - abuse: someone (a pronoun, a family member, an adult) does a harm verb to "me" ("my stepdad hits me",
 *   "he touched me"), a first-person passive of an abusive participle ("I was abused", "I get hit by …"),
 *   or a threat reported ("he said he would kill me");
 * - fear: afraid of going home or of a family member, not safe at home;
 * - bullying: "I am bullied", a group acting on "me" ("they keep picking on me"), "everyone hates me";
 * - grooming: someone asks "me" to send pictures, to meet, to keep a secret or not to tell, or offers gifts
 *   or money "if …"; "our secret".
 * Negation just before the construction ("nobody hits me", "I have never been bullied") cancels it, and the
 * reader's "you" is never the subject (teaching texts say "if someone hurts you, tell an adult").
 * Pure: text in, spans out. Offsets are UTF-16 indices into the text.
 */

export type DisclosureKind = 'self_harm' | 'abuse' | 'fear' | 'bullying' | 'grooming';

export interface DisclosureHit {
  kind: DisclosureKind;
  start: number;
  end: number;
}

const alt = (list: string): string =>
  list
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/_/g, ' '))
    .join('|');

/** People who may be named as the one doing harm: pronouns, family, adults around a child. */
const family = alt(`mum mam mom mother dad father stepdad step_dad stepmum step_mum stepmom stepfather
  stepmother uncle aunt auntie nan nana gran grandad grandpa grandma brother sister cousin carer carers
  foster_carer parents boyfriend girlfriend partner coach teacher tutor neighbour`);
const agent = `(?:he|she|they|someone|somebody|a man|a woman|an older (?:boy|girl|man|woman|guy|lad)|this (?:man|guy|boy|girl|person)|(?:my|mums|mum's|mom's|dads|dad's) (?:${family})|(?:her|his) (?:boyfriend|girlfriend|partner))`;
const adverbs = `(?:(?:always|still|keeps|keep|kept|sometimes|often|really|just|then|also|again|even|used to|has|have|had|would|will) )*`;

/** Harm verbs in the present, past and progressive, done by one person to another. */
const harmVerbs = alt(`hit hits hitting beat beats beating beaten hurt hurts hurting kick kicks kicked kicking
  punch punches punched punching slap slaps slapped slapping choke chokes choked choking strangle strangles
  strangled burn burns burned burnt touch touches touched touching grab grabs grabbed abuse abuses abused
  abusing rape rapes raped molest molests molested strike strikes struck smack smacks smacked whip whips
  whipped starve starves starved threaten threatens threatened`);
/** Participles that name abuse by themselves ("I was abused"); hit, hurt and touched need an agent ("by …"). */
const abusiveParticiples = alt(`abused raped molested beaten assaulted groomed strangled choked whipped
  sexually_abused sexually_assaulted`);
const plainParticiples = alt(
  'hit hurt kicked punched slapped touched smacked threatened burned burnt locked',
);
const selfHarmVerbs = alt(`kill killing killed hurt hurting harm harming harmed cut cutting cuts starve
  starving starved burn burning burned hang hanging`);
const reflexive = `(?:myself|my self)`;
const thirdReflexive = '(?:herself|himself|themselves|themself)';
const closePeople = alt('friend mate best_friend sister brother cousin girlfriend boyfriend');
const negation =
  /\b(?:not|never|no one|nobody|no|don't|dont|doesn't|doesnt|didn't|didnt|won't|wont|wouldn't|isn't|wasn't|haven't|hasn't|cannot|can't|cant)\s+(?:\w+\s+){0,2}$/;

const negatedInside = /\b(?:not|never|n't|nt)\b|n't\b/;

const patterns: readonly { kind: DisclosureKind; re: RegExp; negatable: boolean }[] = [
  // Self-harm turned on oneself, or by a friend or sibling the child names.
  {
    kind: 'self_harm',
    re: new RegExp(`\\b(?:${selfHarmVerbs}) ${reflexive}\\b(?! (?:laughing|silly|stupid))`),
    negatable: true,
  },
  {
    kind: 'self_harm',
    re: new RegExp(
      `\\bmy (?:${closePeople}) (?:\\w+ ){0,3}(?:${selfHarmVerbs}|kills|hurts|harms) ${thirdReflexive}\\b`,
    ),
    negatable: true,
  },
  {
    kind: 'self_harm',
    re: /\b(?:i|i'm|im|i am|i've|ive) (?:\w+ ){0,3}(?:want|wanna|wanted|going|gonna|ready) (?:to )?(?:die|end it|end it all|end my life|kill myself|not be here|disappear forever)\b/,
    negatable: true,
  },
  {
    kind: 'self_harm',
    re: /\b(?:wish i (?:was|were) dead|wish i (?:was|were)n't (?:alive|here|born)|wish i had never been born|end my life|take my (?:own )?life|no (?:point|reason) (?:in |to )?(?:living|live|being alive|going on)|(?:i'd|id|i would|i'm|im|i am) (?:\w+ )?(?:be )?better off dead|better off without me|(?:want|wanna) to be dead|(?:don't|dont|do not) want to (?:live|be alive|be here|wake up) (?:any ?more|anymore)|self[- ]?harm(?:ing)?|suicidal|overdos(?:e|ed|ing) on)\b/,
    negatable: false,
  },
  // Abuse: someone does a harm verb to "me".
  {
    kind: 'abuse',
    re: new RegExp(`\\b${agent} ${adverbs}(?:${harmVerbs}) me\\b(?! (?:up|to|as|at)\\b)`),
    negatable: true,
  },
  {
    kind: 'abuse',
    re: new RegExp(
      `\\b(?:i|i'm|im|i am|i was|i get|i got|i keep getting|i've been|ive been|i have been|i've|i have) (?:\\w+ ){0,2}(?:${abusiveParticiples})\\b`,
    ),
    negatable: true,
  },
  {
    kind: 'abuse',
    re: new RegExp(
      `\\b(?:i|i'm|im|i am|i was|i get|i got|i keep getting|i've been|ive been|i have been) (?:\\w+ ){0,2}(?:${plainParticiples}) (?:\\w+ ){0,2}by ${agent}`,
    ),
    negatable: true,
  },
  {
    kind: 'abuse',
    re: new RegExp(
      `\\b${agent} (?:said|says|told me|tells me|keeps saying|threatened|threatens) (?:that )?(?:he|she|they|he'll|she'll|they'll|he'd|she'd|they'd)(?: will| would|'ll|'d)? (?:kill|hurt|hit|beat) me\\b`,
    ),
    negatable: false,
  },
  // Fear of home or of someone at home.
  {
    kind: 'fear',
    re: new RegExp(
      `\\b(?:scared|afraid|frightened|terrified) (?:to go|of going|to be|of being) home\\b|\\b(?:scared|afraid|frightened|terrified) of (?:my )?(?:${family})\\b|\\b(?:not|don't|dont|do not|never) (?:feel )?safe (?:at home|in my house|with my (?:${family}))\\b`,
    ),
    negatable: false,
  },
  // Bullying.
  {
    kind: 'bullying',
    re: /\b(?:i|i'm|im|i am|i was|i get|i got|i keep getting|i've been|ive been|i have been|i'm being|im being) (?:\w+ ){0,2}bullied\b/,
    negatable: true,
  },
  {
    kind: 'bullying',
    re: /\b(?:they|everyone|everybody|people|kids|girls|boys|the others|some (?:boys|girls|kids|people)|(?:kids|people|girls|boys) in my (?:class|year|form)) (?:always |still |all |keep |keeps |are |is |just )*(?:bully|bullying|bullies|pick on|picking on|picks on|laugh at|laughing at|gang up on|ganging up on|beat up|beating up|beats up) me\b/,
    negatable: true,
  },
  {
    kind: 'bullying',
    re: /\b(?:everyone|everybody|all of them) (?:at school |in my class |in my year )?hates me\b|\b(?:nobody|no one|no-one) (?:at school |in my class )?(?:wants to be my friend|talks to me|sits with me|likes me)\b/,
    negatable: false,
  },
  // Grooming approaches: asked to send pictures, meet, keep a secret; gifts or money offered.
  {
    kind: 'grooming',
    re: new RegExp(
      `\\b(?:${agent}|an adult|a grown up|someone online|this account) (?:\\w+ ){0,2}(?:asked|asks|asking|keeps asking|told|tells|wants|wanted|made|makes|begged|begs|pressured|pressures|dared) me to (?:send|show|meet|come|keep|delete|take|video|facetime|not tell|never tell|get in)\\b`,
    ),
    negatable: false,
  },
  {
    kind: 'grooming',
    re: /\b(?:send|sent|show|showed) (?:him|her|them) (?:\w+ )?(?:pics|pictures|photos|nudes|selfies|videos)\b|\bour (?:little |special )?secret\b|\b(?:told|tells|said|says) (?:me )?(?:not to|never to|i shouldn't|i mustn't|i can't|i cant|to never) tell\b/,
    negatable: false,
  },
  {
    kind: 'grooming',
    re: new RegExp(
      `\\b${agent} (?:\\w+ ){0,2}(?:offered|offers|promised|promises|gives|gave|buys|bought) me (?:\\w+ ){0,3}(?:money|gifts|presents|vapes|phone|credit|robux|clothes|trainers)\\b (?:\\w+ ){0,4}(?:if|to|for)\\b`,
    ),
    negatable: false,
  },
];

/** Sentences of the text with their start offsets (`.`, `!`, `?` or a line break end one). */
function sentences(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /[^.!?\n]+[.!?\n]*/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push({ text: m[0], start: m.index });
  return out;
}

/**
 * A form of the sentence the patterns read, the same length as the original so offsets carry over: ASCII
 * lower case, curly apostrophes straight, every other non-word character a space.
 */
function normalise(sentence: string): string {
  return sentence
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .replace(/\s/g, ' ');
}

/** Collapses runs of spaces while keeping a map back to the original offsets. */
function squeeze(s: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === ' ' && (text.length === 0 || text.endsWith(' '))) continue;
    text += c;
    offsets.push(i);
  }
  offsets.push(s.length);
  return { text, offsets };
}

/** Spans where a child may be disclosing harm or risk; at most one hit per sentence and kind. */
export function findDisclosures(text: string): DisclosureHit[] {
  const hits: DisclosureHit[] = [];
  for (const sentence of sentences(text)) {
    const { text: s, offsets } = squeeze(normalise(sentence.text));
    if (s.length < 6) continue;
    const seen = new Set<DisclosureKind>();
    for (const { kind, re, negatable } of patterns) {
      if (seen.has(kind)) continue;
      const m = re.exec(s);
      if (!m) continue;
      if (negatable && (negation.test(s.slice(0, m.index)) || negatedInside.test(m[0]))) continue;
      seen.add(kind);
      const from = offsets[m.index] ?? 0;
      const to = offsets[m.index + m[0].trimEnd().length - 1] ?? from;
      hits.push({ kind, start: sentence.start + from, end: sentence.start + to + 1 });
    }
  }
  return hits;
}

export const disclosureKindLabels: Record<DisclosureKind, string> = {
  self_harm: 'self-harm or suicidal thoughts',
  abuse: 'abuse or violence',
  fear: 'fear of home or of an adult',
  bullying: 'bullying',
  grooming: 'an approach that looks like grooming',
};
