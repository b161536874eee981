/**
 * A generated corpus of school posts about sensitive topics (history, RE, PSHE, awareness days, refugee
 * welcome, sport) that must not be blocked, and of hateful or threatening sentences in school-plausible
 * wording that must be. Written from templates for Guardpost's own tests and bench; it names groups but
 * holds no slurs in the benign part, and no real people.
 */

export interface TopicText {
  text: string;
  hateful: boolean;
  /** What the template is about, for reading failures. */
  topic: string;
}

/** Groups as a school would write them: subject position ("Jews", "gay men", "disabled people"). */
const groups = [
  'Jews',
  'Jewish families',
  'Muslims',
  'refugees',
  'gay men',
  'lesbians',
  'trans people',
  'disabled people',
  'Black people',
  'immigrants',
  'Sikhs',
  'Hindus',
  'Roma families',
  'Gypsies',
  'women',
  'Polish workers',
  'asylum seekers',
  'Catholics',
  'Chinese people',
  'Travellers',
] as const;

/** Harm done to people, as a passive participle. */
const harmsPassive = [
  'murdered',
  'persecuted',
  'deported',
  'tortured',
  'killed',
  'attacked',
  'gassed',
  'enslaved',
  'beaten',
  'targeted',
  'rounded up',
  'shot',
  'hanged',
  'lynched',
  'imprisoned',
  'slaughtered',
  'executed',
  'burned out of their homes',
  'banned from schools',
  'exterminated',
] as const;

const years = ['Year 6', 'Year 7', 'Year 8', 'Year 9', 'Year 10', 'Year 11', 'Year 12', 'our sixth form'];
const speakers = [
  'the speaker',
  'our visiting historian',
  'a survivor',
  'the museum guide',
  'Mrs Okoye',
  'Mr Brennan',
  'the author',
  'our RE teacher',
];

const benignTemplates: readonly {
  topic: string;
  make: (g: string, h: string, y: string, s: string) => string;
}[] = [
  {
    topic: 'history visit',
    make: (g, h, y) => `${y} visited the exhibition and learned how ${g} were ${h} in the 1940s.`,
  },
  {
    topic: 'reported by a speaker',
    make: (g, h, y, s) => `${cap(g)} were ${h} before they fled, ${s} told ${y}.`,
  },
  {
    topic: 'speaker described',
    make: (g, h, y, s) =>
      `${cap(s)} described to ${y} how ${g} were ${h} and what it meant for their families.`,
  },
  {
    topic: 'history lesson',
    make: (g, h, y) => `In history ${y} studied why ${g} were ${h} and how ordinary people looked away.`,
  },
  {
    topic: 'remembrance',
    make: (g, h) => `Today we remember the ${g} who were ${h}, and we promise never to let hatred win.`,
  },
  {
    topic: 'faced harm',
    make: (g, _h, y) =>
      `${cap(y)} learned that ${g} faced discrimination and hatred for generations, and discussed how to challenge it.`,
  },
  {
    topic: 'past harm, plain narration',
    make: (g, h) => `During the war many ${g} were ${h}; pupils read their letters and diaries in silence.`,
  },
  {
    topic: 'harm noun debated',
    make: (g, _h, y) => `${cap(y)} debated the ${policyNoun(g)} of ${g} in the 1940s and why it happened.`,
  },
  {
    topic: 'harm noun opposed',
    make: (g) => `Our school council opposes the ${policyNoun(g)} of ${g} and wrote to our MP.`,
  },
  {
    topic: 'call asked as a question',
    make: (g, _h, y) =>
      `In RE ${y} discussed whether anyone could ever support the ${policyNoun(g)} of ${g}.`,
  },
  {
    topic: 'never again',
    make: (g, h, y, s) => `${cap(g)} were ${h} and it must never happen again, ${s} told ${y}.`,
  },
];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Nouns of a harm done as policy, chosen per group so every template meets several. */
const policyNouns = ['deportation', 'expulsion', 'removal', 'internment', 'extermination', 'persecution'];
const policyNoun = (g: string) => policyNouns[g.length % policyNouns.length] as string;

/** Hand-written benign posts on sensitive topics (no slurs; harm only as history, report or concern). */
const benignPosts: readonly TopicText[] = [
  // History.
  'Holocaust Memorial Day: Year 9 heard how six million Jews were murdered, and wrote messages of hope.',
  'The Nazis murdered millions of Jews, Roma and disabled people; our students laid stones at the memorial.',
  'Year 10 learned how the Nazis tried to wipe out the Jews of Europe and why we must never forget.',
  'Our trip to Auschwitz: students learned how Jewish families were deported in cattle trucks.',
  'In history we studied the persecution of gay men under Nazi rule.',
  'Year 8 learned about the murder of disabled people in the T4 programme.',
  'The transatlantic slave trade: enslaved Africans were beaten, sold and worked to death, Year 8 learned.',
  'Year 9 discussed how Black people were lynched in the American South and how the civil rights movement fought back.',
  'Rosa Parks was arrested for refusing to give up her seat; Year 6 wrote about her courage.',
  'Under apartheid Black South Africans were forced from their homes, and Year 11 examined the sources.',
  'At Partition Hindus, Muslims and Sikhs were killed in their thousands as families fled across the new border.',
  'A survivor of the Srebrenica genocide told Year 12 how Muslim men and boys were slaughtered in 1995.',
  'Year 11 studied the Rwandan genocide and the radio broadcasts that called for neighbours to be killed.',
  'Our Windrush display tells how Caribbean families were treated when they arrived, and what they built here.',
  'Students learned how Irish Catholics were persecuted under the penal laws.',
  'Year 7 looked at how Jews were expelled from England in 1290.',
  'History club explored how Chinese workers were attacked during the gold rush riots.',
  'Year 10 examined Nazi propaganda that portrayed Jews as vermin, and discussed how dehumanising language leads to violence.',
  'We learned how the Kindertransport rescued Jewish children whose parents were later murdered.',
  'Year 9 read about the Roma and Sinti people who were gassed at Auschwitz-Birkenau.',
  'The suffragettes were imprisoned and force-fed; Year 8 debated how women won the vote.',
  'In 1943 gay men were sent to concentration camps and made to wear a pink triangle, the speaker explained.',
  'Our history trail shows how Black soldiers were treated after they came home from the war.',
  // RE.
  'Year 7 visited the gurdwara and learned how Sikhs share langar with everyone who comes.',
  'Eid Mubarak to all our Muslim families celebrating today!',
  'Happy Diwali to our Hindu and Sikh families from everyone at school.',
  'Year 5 learned about Hanukkah and how Jewish families light the menorah.',
  'In RE we compared how Christians, Muslims and Jews pray.',
  'Our interfaith week welcomed speakers from the Buddhist, Hindu and Christian communities.',
  'Year 9 discussed why some Christians were martyred for their faith in Tudor England.',
  'Vaisakhi celebrations in the hall today: thank you to the Sikh parents who cooked for us.',
  // PSHE.
  'In PSHE Year 8 discussed why words used against gay people hurt and how to report them.',
  'Year 10 talked about how Muslim women face abuse online and what to do if you see it.',
  'We discussed why jokes about disabled people are not harmless, and how to be an upstander.',
  'Anti-Bullying Week: we stand together against hate aimed at trans people.',
  'Pupils learned that hatred of Jews is rising online and how to report it.',
  'Year 9 explored how misogyny online affects women and girls, and where to get help.',
  'There is no place for racism against refugees in our school.',
  'In assembly we talked about homophobia and why every pupil should feel safe to be themselves.',
  'Year 11 looked at hate crime statistics: Black people and Muslims are targeted more than anyone else.',
  'Our PSHE lesson explained why calling someone a name because of their race or religion is never banter.',
  'We learned how racism hurts, and why Black pupils should never have to put up with it.',
  'The police liaison officer explained how disabled people are often targeted by online scams.',
  'Pupils discussed why trans people face so much hostility and how we can be kind.',
  // Awareness days and welcome.
  'Black History Month: Year 6 learned how Black nurses were treated when they arrived to work in the NHS.',
  'Refugee Week: we welcome families who fled war. Many refugees were tortured before reaching safety.',
  'Pride month: our LGBT+ group shared how gay men were persecuted under laws that lasted until 1967.',
  'Disability awareness day: we learned how disabled people were locked away in institutions.',
  'Hate Crime Awareness Week: students designed posters saying no to hate against Gypsies and Travellers.',
  'LGBT History Month: Year 10 remembered the lesbians and gay men who were imprisoned for who they loved.',
  'Gypsy, Roma and Traveller History Month: we learned how Roma families were rounded up and murdered.',
  'We are proud to welcome refugee families to our school community.',
  'Year 5 wrote letters of welcome to asylum seekers who had to flee their homes.',
  'International Women\u2019s Day: we celebrated the women who were jailed for fighting for the vote.',
  'Srebrenica Memorial Week: Year 12 remembered the Muslims who were murdered in July 1995.',
  // Sport and praise.
  'Our girls destroyed the opposition 6-0 in the county final!',
  'The Year 8 netball team absolutely killed it this weekend.',
  'Our under-14s smashed it at the regional tournament. Proud of you all!',
  'Our women\u2019s staff team crushed the governors at rounders.',
  'The choir slayed their performance at the Christmas concert.',
  // Calls, "right about" and "again" that are about something else.
  'Pupils voted for the removal of plastic straws from the canteen.',
  'The school council campaigns for the removal of barriers for disabled people.',
  'The Suffragettes were right about votes for women, Year 8 concluded.',
  'Year 6 learned about the death of Martin Luther King and wrote about his dream.',
  'Staff back a ban on mobile phones in lessons from January.',
  'Pupils call for an end to racism against Muslims in their anti-racism pledge.',
  'Refugees were welcomed here in 1940 and should be again, our MP told the sixth form.',
].map((text) => ({ text, hateful: false, topic: 'hand-written' }));

/** What a group "should" suffer, in hateful templates. */
const wishHarms = [
  'murdered',
  'deported',
  'shot',
  'gassed',
  'locked up',
  'wiped out',
  'killed',
  'exterminated',
];

const hatefulTemplates: readonly { topic: string; make: (g: string, h: string) => string }[] = [
  { topic: 'normative', make: (g, h) => `${cap(g)} should be ${h}.` },
  { topic: 'deserve', make: (g, h) => `${cap(g)} deserve to be ${h}, simple as that.` },
  { topic: 'must', make: (g) => `${cap(g)} must be wiped out.` },
  { topic: 'approval adverb', make: (g, h) => `${cap(g)} were rightly ${h}.` },
  { topic: 'approval frame', make: (g, h) => `It's good that ${g} were ${h}.` },
  { topic: 'glad', make: (g, h) => `Honestly I'm glad the ${g} were ${h}.` },
  { topic: 'should have', make: (g, h) => `${cap(g)} should have been ${h} years ago.` },
  { topic: 'deserved', make: (g, h) => `${cap(g)} deserved to be ${h}.` },
  { topic: 'again', make: (g, h) => `${cap(g)} were ${h} once and it should happen again.` },
  { topic: 'kill all', make: (g) => `Kill all ${g}.` },
  { topic: 'get rid', make: (g) => `Time this school got rid of the ${g}.` },
  { topic: 'vermin', make: (g) => `${cap(g)} are vermin and do not belong here.` },
  { topic: 'called policy', make: (g) => `We demand the ${policyNoun(g)} of all ${g}.` },
  { topic: 'supported policy', make: (g) => `I support the ${policyNoun(g)} of ${g}.` },
  { topic: 'should be again', make: (g) => `${cap(g)} were slaves once and should be again.` },
  { topic: 'right about', make: (g) => `The Nazis were right about the ${g}.` },
  { topic: 'unfinished', make: (g) => `Shame they didn't finish off the ${g}.` },
];

/** The corpus: benign school posts first, then hateful sentences. Deterministic. */
export function schoolTopicsCorpus(): TopicText[] {
  const out: TopicText[] = [...benignPosts];
  const seen = new Set(out.map((t) => t.text));
  let k = 0;
  for (const template of benignTemplates) {
    for (let i = 0; i < groups.length; i += 1) {
      const g = groups[(i * 7 + k) % groups.length] as string;
      const h = harmsPassive[(i * 3 + k) % harmsPassive.length] as string;
      const y = years[(i + k) % years.length] as string;
      const s = speakers[(i * 5 + k) % speakers.length] as string;
      const text = template.make(g, h, y, s);
      if (!seen.has(text)) {
        seen.add(text);
        out.push({ text, hateful: false, topic: template.topic });
      }
    }
    k += 1;
  }
  for (const template of hatefulTemplates) {
    for (let i = 0; i < 6; i += 1) {
      const g = groups[(i * 3 + k * 5) % groups.length] as string;
      const h = wishHarms[(i + k) % wishHarms.length] as string;
      const text = template.make(g, h);
      if (!seen.has(text)) {
        seen.add(text);
        out.push({ text, hateful: true, topic: template.topic });
      }
      k += 1;
    }
  }
  return out;
}
