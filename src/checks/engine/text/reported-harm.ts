/**
 * Harm told as something that happened to a group is not hate against it (clause 2.3). Schools post about
 * history, RE, PSHE and awareness days: "Year 9 learned how Jews were murdered in the camps", "refugees were
 * tortured before they fled, the speaker told Year 11", "Roma families faced persecution". The group there
 * is the victim of the harm, not its target.
 *
 * The rule, on one sentence: the harm word is a past participle or a noun of harm (murdered, deported,
 * persecution, hatred — not "vermin", not "should die"), and the sentence tells it as an event or a topic:
 * - passive, the group its subject: "… were murdered", "… who were deported", "… are being targeted";
 * - active past, the group its object: "the Nazis murdered millions of …";
 * - experienced: "… faced / suffered / endured / fled persecution";
 * - opposed or studied as a topic: "against hatred of …", "hate crime", "no to hate";
 * - told, taught or remembered: a reporting or learning verb in the sentence ("learned how", "the speaker
 *   described", "we remember"), or an awareness day or month named in the text;
 * - an account of how a group was portrayed: "propaganda portrayed … as vermin".
 * It never applies when the sentence approves of the harm or calls for it: a modal before the harm word
 * ("should be", "deserve to be", "must", "will"), an approving word anywhere ("rightly", "glad", "good
 * that", "deserved", "not enough", "again", "lol"), or an instruction ("how to …").
 */

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Harm done to people, as a past participle (what a passive or a past sentence tells). */
const harmParticiples = new Set(
  words(`murdered killed slaughtered massacred gassed deported persecuted tortured executed exterminated
  eradicated enslaved lynched hanged hung shot stabbed beaten raped burned burnt banned attacked targeted
  imprisoned jailed interned expelled strangled drowned starved sterilised sterilized abused harassed
  oppressed segregated wiped rounded`),
);

/** Nouns of harm or hostility a group suffers, and that a lesson or campaign is about. */
const harmNouns = new Set(
  words(`murder murders killing killings slaughter massacre genocide persecution deportation deportations
  torture execution executions extermination enslavement lynching lynchings hatred racism abuse
  violence prejudice death deaths discrimination`),
);

/** Nouns that name a topic after a cue ("no to hate", "against hate"), with the noun "hate" that is also a verb. */
const topicNouns = new Set([...harmNouns, 'hate']);
/** Nouns of hostility (not of killing): "hatred of …" is opposed or described, not called for. */
const hostilityNouns = new Set(words('hatred hate racism prejudice discrimination abuse violence'));
/** Prepositions that attach a harm noun to its victims: "racism against …", "hatred towards …". */
const harmPrepositions = new Set(words('against towards toward of for aimed directed at'));
/** Words that make a feeling the writer's own: "my hatred of …", "I have hatred for …". */
const ownFeeling = new Set(words('i im ive my our have has feel feels felt full'));

/** Words after a harm noun that make a compound naming the topic: "hate crime", "hate speech". */
const topicHeads = new Set(words('crime crimes speech incident incidents incidence crimes'));

/** How far back a passive auxiliary or a modal governs a harm word: "were treated as property and beaten". */
const passiveReach = 6;
const selfSubjects = new Set(words('i we im ive weve'));
const passiveAux = new Set(words('were was been being got'));

/** Verbs of experiencing harm: "faced persecution", "fled the killing". */
const experienceVerbs = new Set(
  words(`faced face faces facing suffered suffer suffering experienced experience experiences experiencing
  endured endure survived survive survivors escaped escape fled flee fleeing`),
);

/** Words before a harm noun that oppose it or make it a topic: "against hatred", "tackling racism". */
const topicCues = new Set(
  words(`against about on tackling tackle tackles challenge challenging combat combating combatting fight
  fighting stop stopping end ending oppose opposing report reporting understand understanding recognise
  recognising spot spotting prevent preventing no`),
);

/** Verbs that tell, teach, learn or remember: the sentence is an account. */
const accountVerbs = new Set(
  words(`learned learnt learn learns learning heard hear hears discussed discuss discussing studied study
  studying explored explore exploring examined examine examining looked described describe
  describes describing explained explain explains explaining told tell tells telling taught teach teaches
  remember remembered remembering remembers commemorate commemorated commemorating honour honoured honouring
  honor honored reflected reflect reflecting visited visit watched recounted recount recalled recall
  investigated researched memorial museum exhibition survivor survivors history historian
  lesson lessons assembly`),
);

/** Words that make an account of how a group was portrayed ("propaganda portrayed … as vermin"). */
const portrayalWords = new Set(
  words(`propaganda portrayed portray portrays depicted depict depicts caricatured caricature branded labelled
  labeled dehumanised dehumanized dehumanising dehumanizing stereotyped stereotypes stereotype`),
);

/** Words that approve of harm or call for it, anywhere in the sentence. */
const approvalWords = new Set(
  words(`rightly deservedly justly justifiably rightfully thankfully luckily finally glad pleased happy delighted
  deserved deserve deserves deserving riddance lol lmao haha hahaha yay hooray wish shouldve needed necessary
  justified enough serves`),
);

/** Words before a harm word that make it a call, a wish or a threat rather than an account. */
const modals = new Set(
  words(`should shouldve must ought need needs deserve deserves deserved will would wanna gonna going let lets
  want wants can could may might`),
);
const negations = new Set(words('not never no nt'));
/** Words that deny an "again": "never again", "must not happen again", "nobody wants it again". */
const againDenials = new Set(words('not never no nt nobody noone cannot cant mustnt shouldnt wont'));
/** Words that call for what follows them: "call for the …", "support the …", "time for …". */
const callWords = new Set(
  words(
    'for on support supports supported demand demands demanded want wants wanted welcome endorse back favour favor',
  ),
);
const determiners = new Set(words('the a an more some mass total complete systematic'));

/** Awareness days and months that make a post an account of harm, not a call for it. */
const awarenessNames =
  /\b(?:holocaust memorial|holocaust remembrance|black history|lgbt\+? history|gypsy,? roma and traveller history|anti-?bullying week|refugee week|hate crime awareness|disability (?:awareness|history)|srebrenica memorial|interfaith week|windrush day|pride month|remembrance (?:day|sunday)|international women.s day|transgender day of (?:remembrance|visibility))\b/i;

/** Whether a text names an awareness day or month (worked out once per text). */
export function namesAwarenessDay(text: string): boolean {
  return awarenessNames.test(text);
}

export interface SentenceWords {
  /** Folded words of the sentence. */
  norms: readonly string[];
  /** The group's first and last word, relative to the sentence. */
  groupFirst: number;
  groupLast: number;
  /** The harm or derogation word, relative to the sentence. */
  harm: number;
  /** The text names an awareness day or month. */
  awareness: boolean;
  /** The next sentence's words, if any. */
  after?: readonly string[];
}

/** A short next sentence made of these approves of what was told: "Good.", "About time.", "More please." */
const shortApprovals = new Set(
  words('good great brilliant excellent yes yess time more please well done lol'),
);

/** The sentence approves of harm or calls for it: the account rule never applies. */
export function approvesOrCalls(norms: readonly string[], harm: number): boolean {
  for (let k = 0; k < norms.length; k += 1) {
    const w = norms[k] as string;
    if (approvalWords.has(w)) return true;
    // "it should happen again" (not "never again", "must never happen again", "must not let it happen again").
    if (w === 'again' && !norms.slice(Math.max(0, k - 5), k).some((x) => againDenials.has(x))) return true;
    // "good that", "a good thing", "was good"; "how to …" is an instruction.
    if (w === 'good' && (norms[k + 1] === 'that' || norms[k + 1] === 'thing' || norms[k - 1] === 'was'))
      return true;
    if (w === 'how' && norms[k + 1] === 'to' && harm > k && harm - k <= 4) return true;
    // "were right to …", "finish the job", "for a reason", "made my day".
    if (w === 'right' && norms[k + 1] === 'to') return true;
    if (w === 'finish' || w === 'funny' || w === 'hilarious') return true;
    if (w === 'reason' && norms[k - 1] === 'a' && norms[k - 2] === 'for') return true;
    if (w === 'day' && norms[k - 1] === 'my') return true;
    // A wish, not an event: "we would be better off if …", "if only …", "imagine if …".
    if (w === 'would' && norms[k + 1] === 'be') return true;
    if ((w === 'better' && norms[k + 1] === 'off') || (w === 'if' && norms[k + 1] === 'only')) return true;
    if (w === 'imagine') return true;
    if (w === 'answer' || (w === 'solution' && norms[k - 1] !== 'final')) return true;
  }
  // A call for the harm: "call for the death of …", "bring on the slaughter of …", "support the deportation".
  let k0 = harm - 1;
  while (k0 >= 0 && determiners.has(norms[k0] as string)) k0 -= 1;
  if (k0 >= 0 && callWords.has(norms[k0] as string)) return true;
  for (let k = Math.max(0, harm - passiveReach); k < harm; k += 1) {
    if (modals.has(norms[k] as string) && !negations.has(norms[k + 1] ?? '')) return true;
  }
  return false;
}

/** Whether the harm in the sentence is told as something that happened to the group (see the top of the file). */
export function harmToldAsAccount(s: SentenceWords): boolean {
  const { norms, harm } = s;
  const word = norms[harm] as string;
  if (approvesOrCalls(norms, harm)) return false;
  // "… was stabbed today. Good.": a short next sentence that approves.
  if (
    s.after !== undefined &&
    s.after.length <= 4 &&
    s.after.some((w) => approvalWords.has(w) || shortApprovals.has(w))
  )
    return false;
  const has = (set: ReadonlySet<string>, from: number, to: number) => {
    for (let k = Math.max(0, from); k < Math.min(norms.length, to); k += 1)
      if (set.has(norms[k] as string)) return true;
    return false;
  };
  if (has(portrayalWords, 0, harm)) return true;
  const participle = harmParticiples.has(word);
  const noun = harmNouns.has(word);
  if (!participle && !noun && word !== 'hate') return false;
  const topic = topicNouns.has(word);
  if (topic && topicHeads.has(norms[harm + 1] ?? '')) return true;
  if (topic && has(topicCues, harm - 2, harm)) return true;
  // "Hatred of Muslims has no place here", "violence towards women": the group is what the harm is done to,
  // unless the hatred is the writer's own ("my hatred of …", "I feel nothing but hatred for …").
  if (
    hostilityNouns.has(word) &&
    harmPrepositions.has(norms[harm + 1] ?? '') &&
    s.groupFirst > harm &&
    s.groupFirst <= harm + 3 &&
    norms[harm - 1] !== 'but' &&
    !has(ownFeeling, harm - 3, harm)
  )
    return true;
  if (!participle && !noun) return false;
  if (participle && has(passiveAux, harm - passiveReach, harm)) return true;
  // Active past, the group its object: "the Nazis murdered millions of …" (not "I killed …").
  if (participle && s.groupFirst > harm && !has(selfSubjects, harm - 2, harm)) return true;
  if (has(experienceVerbs, harm - 4, harm)) return true;
  return s.awareness || has(accountVerbs, 0, norms.length);
}

/** An attempt told in the past ("the Nazis tried to wipe out …"): a construction that is history, not a call. */
const attemptVerbs = new Set(words('tried attempted sought wanted planned aimed set'));
const firstOrSecond = new Set(words('i we you u lets us'));

/** Whether a threat or exclusion construction in the sentence is told as history, starting at `at`. */
export function constructionToldAsAccount(
  norms: readonly string[],
  at: number,
  end: number,
  awareness: boolean,
): boolean {
  // "no place for racism against …", "call for an end to the violence towards …": what is excluded is the
  // harm to the group. "Hatred of … has no place here": the construction's subject is the harm, not the group.
  for (let k = Math.max(0, at - 2); k < end; k += 1)
    if (topicNouns.has(norms[k] as string) && harmPrepositions.has(norms[k + 1] as string)) return true;
  if (approvesOrCalls(norms, at)) return false;
  for (let k = Math.max(1, at - 4); k < at; k += 1) {
    const w = norms[k] as string;
    if (attemptVerbs.has(w) && !firstOrSecond.has(norms[k - 1] as string)) return true;
  }
  // "how the regime rounded up and deported …" is covered by participles; an account verb with a
  // construction in the past: "learned how the Nazis got rid of …".
  const past = norms
    .slice(at, at + 3)
    .some((w) => /ed$/.test(w) || w === 'got' || w === 'sent' || w === 'drove');
  if (!past) return false;
  for (let k = 0; k < norms.length; k += 1) if (accountVerbs.has(norms[k] as string)) return true;
  return awareness;
}

/** Words before a call that make it a question a class discusses: "debated whether anyone could support …". */
const questionWords = new Set(words('whether why debated debate debating asked ask asking questioned'));

/** A question a lesson asks about what follows `at`: "Year 10 discussed why the Nazis thought …". */
export function askedAbout(norms: readonly string[], at: number): boolean {
  for (let k = Math.max(0, at - 5); k < at; k += 1) if (questionWords.has(norms[k] as string)) return true;
  return false;
}

/**
 * Whether a call for harm ("support the deportation of …", starting at `at`) is told rather than made: a
 * question a lesson asks ("discussed whether anyone could support …") or someone else's call in an account
 * ("Year 10 learned that the party supported …"). The writer's own call ("we learned about it and we support
 * …") is never an account.
 */
export function callToldAsAccount(norms: readonly string[], at: number): boolean {
  if (selfSubjects.has(norms[at - 1] ?? '')) return false;
  if (askedAbout(norms, at)) return true;
  for (let k = 0; k < at; k += 1) if (accountVerbs.has(norms[k] as string)) return true;
  return false;
}
