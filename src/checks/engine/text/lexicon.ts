/**
 * Guardpost's own language lexicon, written for school social media (UK English). Words are folded
 * (lower case, no accents). Categories decide the rule and severity; context rules in language.ts decide
 * when a word is used innocently (a great tit, a Labrador bitch, a packet of fags).
 */

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Swearing: `language.profanity` (review) unless aimed at someone. */
export const profanity: ReadonlySet<string> = new Set(
  words(`
  fuck fucks fucked fucker fuckers fucking fuckin fuckoff fuckwit fuckwits motherfucker motherfuckers
  motherfucking clusterfuck effing frigging frig feck fecking shit shits shite shitty shitting shithead shitheads
  shitter bullshit horseshit crap crappy crapping piss pissed pissing pisshead arse arses arsed arsehole arseholes
  ass asses asshole assholes dumbass jackass bastard bastards bollocks bollock bollocking bugger buggered buggering
  dammit goddamn goddam dick dicks dickhead dickheads prick pricks knobhead knobheads tosser tossers
  wank wanker wankers wanking twat twats cock cocks cunt cunts cunting tit tits titties boobs sodding
  bellend bellends minger minging slag slags wtf stfu omfg pillock plonker numpty butthole buttholes butthead
  `),
);

/** Insults: abuse when aimed at a person ("you …"), otherwise left alone or profanity. */
export const insults: ReadonlySet<string> = new Set(
  words(`
  idiot idiots moron morons stupid imbecile imbeciles cretin cretins loser losers freak freaks ugly fatso fatty
  pathetic worthless useless disgusting vile scum scumbag scumbags slag slut sluts slutty whore whores skank
  skanky bitch bitches bitchy slapper hoe hoes tramp dickhead wanker twat prick tosser knobhead bellend cunt
  pig pigs cow cows trash garbage rubbish creep creepy pervert perv weirdo dumb dimwit halfwit nitwit airhead
  clown clowns joke failure waste parasite vermin animal animals incompetent liar liars fraud hypocrite
  nonce nonces paedo paedos pedo pedos nobhead numpty div muppet gobshite thick jihadi jihadis tard tards
  `),
);

/** Slurs against protected groups: `language.abuse` (block) wherever they appear, bar the context rules. */
export const slurs: ReadonlySet<string> = new Set(
  words(`
  nigger niggers nigga niggas nigguh negro negroes coon coons darkie darkies sambo golliwog wog wogs paki pakis
  chink chinks gook gooks chinky slant slanteyes kike kikes yid yids hymie raghead ragheads towelhead towelheads
  sandnigger camelfucker gyppo gyppos pikey pikeys gypo kaffir kaffirs wetback wetbacks spic spics beaner beaners
  faggot faggots fag fags faggy dyke dykes lesbo lesbos poof poofs poofter homo homos batty tranny trannies
  shemale shemales ladyboy retard retards retarded spastic spastics spaz spakka mong mongs mongoloid cripple
  cripples window-licker muzzie muzzies muzrat muzrats mudslime mudslimes rapefugee rapefugees goatfucker
  goatfuckers jigaboo jigaboos junglebunny porchmonkey spearchucker groid groids zipperhead zipperheads
  polack polacks dago dagos wop wops taig taigs injun injuns squaw squaws fudgepacker fudgepackers
  rugmuncher rugmunchers carpetmuncher carpetmunchers troon troons trannie lezza lezzer lezzers spacker
  spackers femoid femoids foid foids heeb heebs kyke
  `),
);

/** Sexual content: `language.abuse` (block) on a school account. */
export const sexual: ReadonlySet<string> = new Set(
  words(`
  porn porno porny pornhub nudes nude blowjob blowjobs handjob rimjob dildo dildos vibrator cum cumming cumshot
  jizz spunk horny shag shagging shagged bang banging milf hentai onlyfans xxx pussy pussies cocksucker
  deepthroat gangbang orgasm orgy threesome boner erection wanking masturbate masturbating sexting
  `),
);

/**
 * Groups protected from hate: single words. Two-word groups ("black people") are found by pairing a
 * group adjective with a people noun.
 */
export const groupNouns: ReadonlySet<string> = new Set(
  words(`
  women woman females muslims muslim islam jews jew jewish immigrants immigrant migrants migrant refugees refugee
  asylum foreigners foreigner blacks gays lesbians lesbian homosexuals homosexual bisexuals transgender
  transgenders transsexuals queers disabled asians hindus hindu sikhs sikh arabs arab africans gypsies gypsy
  travellers catholics christians christian romanians romanian poles polish chinese pakistanis pakistani
  indians indian mexicans latinos feminists buddhists buddhist sikhism hinduism judaism atheists catholic
  protestants mormons roma romany bangladeshis somalis nigerians africans turks kurds albanians bulgarians
  lithuanians hispanics latinas aborigines illegals lgbt lgbtq lgbtqia lgbtq+ transwomen transmen trannies
  enbies nonbinary autistics paraplegics amputees somali nigerian bangladeshi albanian turk kurd hispanic
  mexican
  `),
);

export const groupAdjectives: ReadonlySet<string> = new Set(
  words(`black white gay trans transgender disabled jewish muslim asian brown female queer bisexual lesbian
  homosexual nonbinary intersex autistic deaf blind handicapped immigrant migrant refugee foreign hindu sikh
  christian catholic buddhist arab african indian pakistani chinese romanian polish mexican somali gypsy
  traveller`),
);

export const peopleNouns: ReadonlySet<string> = new Set(
  words('people person persons men man women woman folk folks community kids lot lives'),
);

/** Words that say something is hated, dirty, lesser or should be harmed: derogation of a group. */
export const derogations: ReadonlySet<string> = new Set(
  words(`
  hate hates hated hating hatred despise despises despised detest detests loathe loathes loathing disgust
  disgusts disgusting disgusted disgustingly repulsive revolting repugnant vile filth filthy scum vermin trash
  garbage rubbish parasites parasite cockroaches cockroach rats rat subhuman subhumans inferior worthless
  pathetic stupid stupidest dumb dumbest ignorant dishonest uncivilised uncivilized savages savage primitive
  evil cancer plague disease diseased threat menace lesser contempt disdain sickening sickens sick vile
  pests pest animals apes monkeys dogs pigs swine criminals thieves liars lazy useless freaks unnatural
  perverts perverted abomination disgrace shameful kill killed killing die dead death shot shoot hang hanged
  lynch lynched eradicate eradicated exterminate exterminated slaughter slaughtered murder murdered burn
  burned gassed gas deport deported banned beaten rape raped scumbags retarded idiots morons moronic
  incompetent inept fucking fuck shit shitty crap despicable abhorrent torture tortured execute executed
  stab stabbed abhor abhors abhorrence scorn loathsome brainless mindless virus viruses infestation infesting
  leeches leeching maggots lice rodents insects roaches beasts degenerates degenerate barbaric barbarians
  scroungers spongers parasitic raping shooting stabbing murdering strangle strangled violent cruel dangerous
  danger dirty smelly greedy sneaky
  `),
);

/** Violence words, so that their misspellings ("klil", "deaht") are undone like the rest of the lexicon. */
export const threatWords: ReadonlySet<string> = new Set(
  words(`kill kills killing killed murder murdered stab stabbed shoot shot torture tortured execute executed
  hang hanged lynch lynched die death dead rape raped slaughter exterminate throats throat strangle suffer
  drown`),
);

/** Ambiguous derogations that need a clear frame ("sick of", "make me sick") before they count. */
export const weakDerogations: ReadonlySet<string> = new Set(
  words(
    'sick threat dead death animals dogs pigs gas burn burned banned shot shoot lazy disease danger insects',
  ),
);

/** Weak derogations that count only with a frame before them ("a danger", not "in danger every night"). */
export const framedBeforeOnly: ReadonlySet<string> = new Set(words('danger insects'));

/**
 * Adjectives that derogate a group only when said of it ("… are so violent"), not when they describe
 * something else in the sentence ("fled a cruel regime", "the crossing is dangerous for …").
 */
export const predicateDerogations: ReadonlySet<string> = new Set(
  words('violent cruel dangerous dirty smelly greedy sneaky'),
);

/** Words that invert or deny what follows: "I don't hate …", "no hatred". */
export const negators: ReadonlySet<string> = new Set(
  words(`not no never nothing dont don't doesnt didnt isnt arent wasnt werent cant cannot wont wouldnt shouldnt
  hardly nobody none neither nor without`),
);

/** Words that show a sentence reports or condemns what it quotes. */
export const reportingCues: ReadonlySet<string> = new Set(
  words(`say says said saying call calls called calling write writes wrote writing written comment comments
  message messages post posts posted tweet tweets statement statements words phrase claim claims claimed
  believe believes describe describing described refer referring report reported reporting quote quoted
  unacceptable hateful bigot bigots bigoted racist racism sexist sexism homophobic homophobia transphobic
  misogynist misogyny hurtful offensive tolerate tolerated blocked banned ban court prison jail police
  misguided condemn condemned challenge challenged`),
);

/** Leet and look-alike characters seen in evasion: 4 → a, 3 → e, $ → s … */
export const leetMap: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
  '€': 'e',
  '£': 'e',
};

/**
 * Stems that mark a swear word when they begin or end a longer word (fuckwit, bullshit, cuntish), with
 * innocent words that happen to begin with them. The list is short on purpose: "ass", "cock", "dick",
 * "tit", "cum" and "penis" are matched as whole words only, which is what keeps assess, cockney,
 * Dickens, titmouse, Cummings, Penistone and Scunthorpe clean.
 */
export const strongStems: readonly string[] = [
  'fuck',
  'shit',
  'cunt',
  'wank',
  'twat',
  'bollock',
  'nigg',
  'fagg',
];
export const stemExceptions: ReadonlySet<string> = new Set(
  words('shitake shiitake shittim wankel wanks twattle niggle niggles niggled niggling niggly'),
);

/** Phrase rules on folded text: threats, harassment and encouragement of self-harm (`language.abuse`). */
export const abusePhrases: readonly RegExp[] = [
  // Threats of violence aimed at someone.
  /\b(?:i ?'?ll|i will|im going to|i'?m gonna|im gonna|gonna|going to|we ?'?ll|we will)\s+(?:\w+\s+)?(?:kill|murder|stab|shoot|hurt|batter|beat|smash|punch|hit|knife|rape|burn|find|get|end|destroy)\s+(?:you|u|ya|him|her|them|your|ur)\b/,
  /\b(?:watch|mind) (?:your|ur) back\b/,
  /\b(?:you|u|ya)(?:'re| are| r|re)? (?:so |gonna be |going to be )?dead\b/,
  /\bi know where (?:you|u|he|she|they) live/,
  /\b(?:you|u) (?:will|gonna|are going to) (?:pay|regret|get it)\b/,
  /\b(?:should|deserves? to|ought to|need to|needs to)\s+(?:be\s+)?(?:die|killed|shot|hanged|hung|stabbed|raped|burned|burnt|gassed|lynched|beaten|put down)\b/,
  /\b(?:death to|kill all|hang all|shoot all|gas all|burn all|wipe out all)\b/,
  // Regret that the Holocaust stopped, with no group named: "Hitler should have finished the job".
  /\b(?:hitler|the nazis|nazis) (?:should have|shouldve|should of|didn'?t|did not|never) (?:finished|finish|completed|complete) (?:the job|what (?:he|they) started)\b/,
  // Encouragement of self-harm.
  /\b(?:cut|slit|slash) (?:[\w']+ ){0,3}throats?\b/,
  /\bthroats? (?:cut|slit|slashed)\b/,
  /\bsnap (?:\w+ ){0,3}necks?\b/,
  /\b(?:kill|hang|neck|off|hurt|cut|end) (?:yourself|urself|yourselves|your ?self)\b/,
  /\b(?:kys|go die|go and die|drink bleach|slit (?:your|ur) wrists|jump off a (?:bridge|cliff))\b/,
  /\b(?:no ?one|nobody) (?:would|will) miss (?:you|u)\b/,
  /\b(?:world|everyone) (?:would|will) be better (?:off )?without (?:you|u)\b/,
  // Harassment.
  /\b(?:everyone|everybody|we all) hates? (?:you|u)\b/,
  /\b(?:nobody|no one) (?:likes|loves|wants) (?:you|u)\b/,
  /\bf+u+c+k+ (?:you|u|ya|off and die)\b/,
  /\bgo back to (?:your|ur|where) (?:own )?(?:country|you came from)/,
  /\b(?:send|show) (?:me )?(?:nudes|pics of your|your body)\b/,
  /\bsuck my\b/,
];

/** Words before a weak derogation that make it said of the group ("are vermin", "such animals"). */
export const weakFramesBefore = new Set([
  'are',
  'be',
  'were',
  'is',
  'like',
  'a',
  'all',
  'me',
  'such',
  'so',
  'just',
  'utter',
  'total',
  'absolute',
  'being',
  'get',
  'that',
  'too',
  'really',
  'very',
  'always',
  'inherently',
  'naturally',
]);
export const weakFramesAfter = new Set(['of', 'them', 'all', 'every']);
export const predicateFrames = new Set(
  'are is were be being so that too really very always inherently naturally such just all'.split(' '),
);
