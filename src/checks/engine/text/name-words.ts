// Names that are also everyday English words. Alone they only count as a name with context (a capital
// mid-sentence, a surname beside them, a verb or greeting that takes a person), so that "we hope you enjoy
// summer" stays clean while "well done Grace" does not.
const wordNames = `
grace will summer hope joy may june april autumn rose lily ivy holly daisy poppy ruby amber jade pearl
faith honor honour skye sky rain river storm dawn eve mark bill pat sue rob bob art jack frank ray dick rod
nick peter max guy chase hunter miles cash sunny rocky rusty dusty sandy penny ginger hazel iris violet
olive heather willow rowan ash bay reed heath brook wren robin jay kit cat bee dot pip lee don jean carol
kay dee gene mercy prudence patience chance august christian earnest grant lance mason hardy drew son tea
bash chess flick gem hay lace lay pen pops prim sum case cam chuck ham ken mac nan ness rich rick win harry
star angel destiny harmony liberty serenity trinity unity journey sage major noble young king page bishop
crystal misty cherry candy brandy clay dale glen lane hale wade marsh field ford heath sterling eli kitty
patty rosy posy jewel may maisie tilly tally sunny rusty rocky pip bea val viv tim jim ted tom sam bert
addie bo dex hud ju mab nor ot perce rube cart arl alb wills sid nat em ed al mo jo zo di ro li si ty ri
ant fee fin gill gee con dec nav jazz til eves bobby reg mike teddy matt scarlet pearly bran chi den
dotty dolly gabby gen gruff has jan just maxi shell mon mog norm paddy shiv tabby zee bimbo bush div tar tope
wiki arr precious blessing gift favour favor goodness wisdom marvel princess prince royal reign saint justice
true bliss sunday tuesday dom
baker carter cooper fisher hunter mason miller porter potter shepherd taylor turner walker ward
`;

export const ambiguousNames: ReadonlySet<string> = new Set(wordNames.split(/\s+/).filter(Boolean));

/** Words that make the word before a name unlikely to be one: "Summer term", "May half-term". */
export const notNameFollowers: ReadonlySet<string> = new Set(
  `term terms holiday holidays fair fete concert camp festival show break school uniform sun rain
   half reports report trip trips sports day days night nights evening fayre madness ball garden gardens
   bank collection issue edition newsletter timetable exams exam results you we they he she it i the a an`
    .split(/\s+/)
    .filter(Boolean),
);

/** Verbs and words right after a name that show it names a person: "Grace scored", "Will was". */
export const personFollowers: ReadonlySet<string> = new Set(
  `was is has had did does scored won played sang danced ran wrote read made painted drew performed
   received achieved completed finished came joined helped led represented competed swam jumped said
   says smiled showed told gave took got earned reached passed who`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words right before a lower-case name that show it names a person: "well done grace". */
export const personLeaders: ReadonlySet<string> = new Set(
  `done congratulations congrats thanks bravo welcome`.split(/\s+/).filter(Boolean),
);

/** Titles before a surname name staff, not pupils. */
export const honorifics: ReadonlySet<string> = new Set(
  'mr mrs ms miss mx dr sir dame lady lord prof professor rev reverend coach'.split(' '),
);

/** Months, so "on 5 May" and "May 2025" are dates, not names. */
export const months: ReadonlySet<string> = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);

/** Words before a capitalised word that show it is not a name: names take no determiner ("a lovely Summer"). */
export const notNameLeaders: ReadonlySet<string> = new Set(
  'the a an this that these those our your their his her my its every each next last lovely great happy wonderful whole'.split(
    ' ',
  ),
);

/** Surnames that are everyday words, so a lower-case word-name before them is not taken as a full name. */
export const wordSurnames: ReadonlySet<string> = new Set(
  `green hall wood white brown black price hill young king long short field wells lane bank banks rivers
   brook bush stone moss rose bird fox lamb crane fish head north south east west gold silver day knight`
    .split(/\s+/)
    .filter(Boolean),
);
