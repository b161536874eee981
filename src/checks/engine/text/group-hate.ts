/**
 * Phrase rules for hate aimed at a protected group (clause 2.3), beyond a group and a derogatory word in the
 * same sentence: the constructions hateful sentences are built from even when every word in them is
 * ordinary — exclusion ("… have no place here", "get rid of …"), dehumanising comparison ("my dog is
 * smarter than any …"), distrust, worthlessness, wished-for harm and expressed disgust.
 *
 * They run on one sentence at a time, after the words are folded and respelled (so leet, spaced letters,
 * dropped letters and run-together words are already undone), with every mention of a group written as
 * `grp`. Only sentences that mention a group (or refer back to one) are tried, so ordinary comments cost
 * nothing here.
 */

/** A word between the parts of a construction that is not a negation ("should not be allowed" is not "should be"). */
const gap = '(?:(?!(?:not|never|no|dont|cant|cannot|shouldnt|wont|doesnt|isnt|arent|nothing)\\b)[a-z]+ )';
const g = (n: number) => `${gap}{0,${n}}`;

/** Determiners between "than" and the group: "than any …", "than all of you …" (not "than seeing a …"). */
const det = '(?:(?:a|an|any|the|those|these|all|every|some|your|their|one|of|you) ){0,3}';

/** Qualities a group is said never to have "as much as" others. */
const virtues =
  'smart|clever|intelligent|good|capable|talented|human|strong|civili[sz]ed|trustworthy|worthy|valuable|honest|decent|hard working|beautiful|attractive|useful';

/** Places a group is said to belong in, or things it is said to be worth. */
const dumpingPlaces =
  'zoos?|cages?|gutters?|bins?|landfills?|sewers?|dumps?|the dump|jungles?|kitchens?|trash|rubbish|gas chambers?|camps?|ovens?|the ground|graves?|hell';

/** What a group "should" suffer: removal, confinement, harm. */
const wishedHarms = `locked up|locked away|caged|put in cages|dumped|thrown out|kicked out|removed|deported|sterili[sz]ed|banned|exterminated|eradicated|wiped out|put down|gassed|shot|drowned|jailed|segregated|expelled|sent back|rounded up|burned|burnt|executed|hanged|hung|killed|tortured|strangled|enslaved|suffer|die|disappear|go back`;

/** Harm done, as a participle: what an approving sentence says a group suffered. */
const doneHarms = `${wishedHarms}|murdered|slaughtered|massacred|lynched|persecuted|beaten|raped|enslaved|stabbed|hunted down`;

/**
 * Nouns of harm a writer can call for as a policy: "support the deportation of …", "a ban on …". Told
 * without a call ("debated the deportation of …", "oppose the removal of …") they are a topic, not hate.
 */
const harmPolicies =
  'deportations?|mass deportations?|extermination|expulsion|removal|death|deaths|executions?|eradication|elimination|annihilation|sterili[sz]ation|internment|imprisonment|enslavement|segregation|genocide|ethnic cleansing|cleansing|slaughter|killing|murder|culling|cull|purge|gassing|lynching|ban|total ban|banning';

/** Verbs (present, the writer's own) that call for a policy: "we demand …", "I would vote for …". */
const callVerbs =
  'support|supports|demand|demands|want|wants|call for|calls for|calling for|campaign for|campaigning for|vote for|voting for|back|backs|favour|favours|favor|favors|need|needs|bring on|push for|fight for|time for';

/** Words that deny a call before its verb: "we do not support …", "nobody should back …". */
const deniedCall =
  '(?<!\\b(?:not|never|dont|doesnt|didnt|wont|cant|cannot|nobody|noone|no one) (?:[a-z]+ ){0,2})';

/** What a group was made to be, said as a state it "should be again": "… were slaves and should be again". */
const harmStates =
  'slaves|property|chattel|servants|owned|in chains|in camps|in ghettos|second class(?: citizens)?|not allowed to vote|not allowed';

export interface GroupConstruction {
  pattern: RegExp;
  /** Ambiguous on its own ("… makes me so angry" may be about how the group is treated): a person reviews. */
  review?: boolean;
  why: string;
}

const c = (source: string, why: string, review?: boolean): GroupConstruction => ({
  pattern: new RegExp(source),
  why,
  ...(review ? { review } : {}),
});

export const groupConstructions: readonly GroupConstruction[] = [
  // Derogation by superlative or comparison.
  c(`\\bnothing ${g(5)}(?:worse|lower|more disgusting|more pathetic|less) than ${det}grp`, 'derogation'),
  c(
    `\\bgrp ${g(4)}(?:are|is|were) ${g(1)}the ${g(1)}(?:worst|lowest|dumbest|stupidest|scum)\\b`,
    'derogation',
  ),
  c(
    `\\b(?:smarter|cleverer|brighter|more intelligent|more valuable|worth more|more human|more useful) than (?:that of )?${det}grp`,
    'dehumanising comparison',
  ),
  c(`\\bgrp ${g(4)}(?:are|is|were) no better than\\b`, 'dehumanising comparison'),
  c(`\\bgrp ${g(3)}(?:are|is|were) ${g(1)}nothing (?:but|more than)\\b`, 'derogation'),
  c(`\\bnothing but (?:an? )?${g(1)}grp\\b`, 'derogation'),
  c(`\\bgrp ${g(3)}(?:can|could|will) never be as (?:${virtues})\\b`, 'derogation'),
  c(
    `\\bgrp ${g(2)}(?:are|is|were) (?:not|never) ${g(1)}(?:human|people|persons|equal|our equals?|as good|as smart|as capable|smart|intelligent|clever|capable|attractive|worthy)\\b`,
    'derogation',
  ),
  c(`\\bgrp ${g(3)}(?:are|is) worth ${g(2)}(?:nothing|less)\\b`, 'derogation'),
  c(`\\bgrp ${g(1)}(?:dont|do not|doesnt|does not) matter\\b`, 'derogation'),
  c(`\\btypical ${g(1)}grp (?:behaviour|behavior|move|attitude|mentality|thing)\\b`, 'derogation'),
  c(`\\bswarms? of ${g(1)}grp\\b`, 'dehumanising comparison'),
  // Exclusion.
  c(`\\bgrp ${g(3)}belongs? (?:in|on) (?:an? |the )?(?:${dumpingPlaces})\\b`, 'exclusion'),
  c(
    `\\bgrp ${g(3)}(?:should|must|ought to|needs? to|deserve[sd]? to) ${g(2)}(?:be |have been |have )?(?:${wishedHarms}|drown|died|starve|starved|rot)\\b`,
    'wished harm',
  ),
  // Harm that happened, approved of: "… were rightly killed", "glad that … were deported", "… were
  // murdered and it should happen again". Harm told without approval is an account (reported-harm.ts).
  c(
    `\\bgrp ${g(2)}(?:were|was|got|are|have been|had been) ${g(1)}(?:rightly|deservedly|justly|rightfully|finally) (?:${doneHarms})\\b`,
    'approved harm',
  ),
  c(
    `\\b(?:good|glad|happy|pleased|delighted|great|best) (?:that |thing that |thing )?${g(3)}grp ${g(2)}(?:were|was|got|are|have been|had been|being) ${g(1)}(?:${doneHarms})\\b`,
    'approved harm',
  ),
  c(
    `\\bnot enough ${g(2)}grp ${g(1)}(?:were|was|got|have been|had been) ${g(1)}(?:${doneHarms}|dead|died)\\b`,
    'approved harm',
  ),
  c(
    `\\bgrp ${g(2)}(?:were|was|got) (?:${doneHarms}) ${g(6)}(?:(?:should|must|will|can) (?:happen|be done) again|do it again|not enough|for (?:a|good) reason|had it coming)\\b`,
    'approved harm',
  ),
  // "… were slaves and should be again", "… were gassed and it should happen again" (not "… must never
  // happen again", not "… were welcome here and should be again").
  c(
    `\\bgrp ${g(2)}(?:were|was|used to be) ${g(1)}(?:${harmStates}|${doneHarms})\\b ${g(6)}(?:should|must|ought to|needs? to|will|can) (?:be |become |happen |be done |be made )?${g(1)}again\\b`,
    'approved harm',
  ),
  // "… was right about …" said of a group ("Hitler was right about the Jews"), not of what the group
  // has or went through ("… was right about black people's rights").
  c(
    `\\b(?:was|were|is|are|been) ${g(1)}(?:right|correct|spot on) about ${det}grp(?! (?:s|rights|history|contribution|contributions|treatment|suffering|experience|experiences|struggle|struggles|equality|needs|place|role|voices?|votes?)\\b)`,
    'endorsed hate',
  ),
  // Regret that a persecution stopped: "shame they didn't finish off …", "pity … didn't finish the job".
  c(
    `\\b(?:shame|pity|sad|sadly|unfortunately|unfortunate|too bad|disappointing|gutted) ${g(5)}(?:didnt|did not|never|couldnt|could not|failed to) (?:finish(?:ed)?|complete(?:d)?) (?:off ${det}grp|${det}grp|the job\\b(?= .*\\bgrp\\b))`,
    'approved harm',
  ),
  c(
    `\\bgrp\\b.* (?:shame|pity|sad|sadly|unfortunately|too bad) ${g(5)}(?:didnt|did not|never|couldnt|could not|failed to) (?:finish(?:ed)?|complete(?:d)?) (?:them off|the job|them)\\b`,
    'approved harm',
  ),
  // A policy of harm called for: "we demand the deportation of all …", "I support a ban on …" (not "we
  // oppose the deportation of …", "voted for the removal of plastic straws", "debated the deportation of …").
  c(
    `${deniedCall}\\b(?:${callVerbs}) (?:the |a |an )?(?:(?:total|complete|mass|full|permanent|immediate|forced|final|compulsory) )?(?:${harmPolicies}) (?:of|on|for) ${det}grp`,
    'called harm',
  ),
  c(`\\bgrp ${g(3)}(?:should|must|can|could)(?:nt| not| never) be allowed\\b`, 'exclusion'),
  // "… have no place in this country", "… have no right to live" (not "… have no place to sleep tonight").
  c(`\\bgrp ${g(3)}(?:have|has) no (?:place|business) (?:in|on|at|among|here|anywhere|near)\\b`, 'exclusion'),
  c(
    `\\bgrp ${g(3)}(?:have|has) no (?:right to (?:live|exist|be alive|be here|breathe|vote|work)|rights)\\b`,
    'exclusion',
  ),
  // "… do not deserve to live"; "… do not deserve to be hurt" denies harm instead.
  c(
    `\\bgrp ${g(3)}(?:dont|do not|doesnt|does not|will never|should not|shouldnt) (?:belong\\b|deserve (?:to (?:live|exist|be alive|be here|be happy|be loved|be treated|vote|work)|rights|respect|equal|a (?:place|voice|say|chance)))`,
    'exclusion',
  ),
  c(`\\bgrp ${g(2)}(?:are|is) (?:not|never) (?:welcome|wanted)\\b`, 'exclusion'),
  c(`\\bno (?:more )?grp (?:allowed|welcome|wanted)\\b`, 'exclusion'),
  c(`\\bno (?:space|room|place) ${g(4)}for ${g(2)}grp`, 'exclusion'),
  c(
    `\\bno grp (?:can|could|will) ever be (?:an? )?(?:valuable|useful|good|decent|real|proper|productive|trusted|equal)\\b`,
    'derogation',
  ),
  c(`\\b(?:get|gets|got|getting) rid of ${g(2)}grp`, 'exclusion'),
  c(`\\b(?:kick|throw|send|drive|keep|ship) ${g(2)}grp (?:out|back|away)\\b`, 'exclusion'),
  c(
    `\\btoo many grp(?: (?:in|around) (?:this|our|my|the) (?:country|town|city|school|area|street|place)| here| everywhere)?$`,
    'exclusion',
  ),
  c(`\\b(?:world|country|earth|everyone|we) would be better off without ${g(2)}grp`, 'exclusion'),
  // "… will ruin our country" (not "our team destroyed the opposition").
  c(
    `\\bgrp ${g(6)}(?:ruin|destroy|poison|infest)(?:s|ed|ing)? (?:everything|society|civili[sz]ation|(?:our|this|the|my) (?:country|nation|society|world|culture|town|city|communities|government|way of life))\\b`,
    'derogation',
  ),
  // Distrust.
  c(`\\b(?:never|dont|do not|cant|cannot) trust ${g(7)}grp`, 'derogation'),
  c(`\\bgrp ${g(2)}(?:cant|cannot|can not|should never) be trusted\\b`, 'derogation'),
  // Expressed disgust or hatred.
  c(`\\b(?:cant|cannot|can not|couldnt) (?:stand|stomach|bear|tolerate|abide) ${g(2)}grp`, 'expressed hate'),
  c(`\\bgrp ${g(5)}makes? me ${g(1)}(?:sick|ill|puke|vomit|retch|boil)\\b`, 'expressed hate'),
  c(
    `\\bgrp ${g(5)}fills? me with ${g(2)}(?:rage|hatred|disgust|contempt|loathing|revulsion)\\b`,
    'expressed hate',
  ),
  c(`\\bno (?:compassion|sympathy|pity|mercy|respect) ${g(3)}for ${g(2)}grp`, 'expressed hate'),
  c(`\\bgrp ${g(5)}makes? me ${g(1)}(?:angry|furious|mad)\\b`, 'expressed hate', true),
  // Wished or threatened harm, and violence against a group called for as lawful.
  c(
    `\\b(?:killing|murdering|raping|attacking|beating|shooting|hurting|torturing|lynching|stabbing) ${g(3)}grp ${g(4)}(?:should (?:be|become) (?:legal|allowed|encouraged|rewarded|decriminali[sz]ed)|should (?:not|never) be (?:illegal|a crime|punished))\\b`,
    'threat',
  ),
  // Wished or threatened harm.
  c(`\\b(?:make|see|watch|let) ${g(2)}grp (?:suffer|die|burn|rot)\\b`, 'threat'),
  c(
    `\\b(?:put an end to|end|wipe out|eliminate|execute|strangle|drown|snap the necks? of) ${g(3)}grp`,
    'threat',
  ),
  c(`\\b(?:shoot|kill|stab|murder|hurt|attack|beat up) the next grp\\b`, 'threat'),
  c(
    `\\b(?:must|should|will|can)(?:nt| not| never) (?:let|allow) ${g(2)}grp (?:to )?(?:live|exist|survive|breed)\\b`,
    'threat',
  ),
  c(
    `\\b(?:execution|extermination|genocide|deportation) (?:is|would be) ${g(2)}(?:solution|answer)\\b`,
    'threat',
  ),
];

/**
 * Insults for women (and "jihadi" for Muslims) used as a class noun ("too many …", "typical … behaviour"):
 * a group slot like a protected-group word, but only in the constructions above. Not "hoes" or "slag",
 * which are also a garden tool and mine waste.
 */
export const classInsults: ReadonlySet<string> = new Set(
  'bitch bitches slut sluts whore whores skank skanks thot thots jihadi jihadis'.split(' '),
);
