import { describe, expect, it } from 'vitest';
import { buildContext, languageVerdict } from '../testing/factories.js';
import { schoolTopicsCorpus } from '../testing/school-topics.js';

const context = buildContext();

const worst = (text: string) => languageVerdict(text, context);

describe('harm told as something that happened to a group is not hate against it (clause 2.3)', () => {
  it.each([
    // Passive, the group its subject, in a lesson or a report.
    'Year 9 visited the Holocaust exhibition and learned how Jews were murdered in the camps.',
    'Refugees were tortured before they fled, the speaker told Year 11.',
    'Millions of Jewish people were killed during the Holocaust.',
    'Muslims in Bosnia were massacred in 1995.',
    'Gay men were arrested and imprisoned until 1967, the speaker explained.',
    'Black people were treated as property and beaten by their owners.',
    'Women were murdered as witches in the 1600s, our history club found.',
    'Today we remember the Roma families who were deported, and we promise never to let hatred win.',
    'Refugees are being targeted by online abuse, Year 10 learned.',
    // Active past, the group its object; an attempt told as history.
    'The Nazis murdered millions of Jews, Roma and disabled people; our students laid stones at the memorial.',
    'Year 10 learned how the Nazis tried to wipe out the Jews of Europe and why we must never forget.',
    // Harm experienced, opposed or studied; a noun of harm.
    'Year 8 learned that Travellers faced discrimination and hatred for generations, and discussed how to challenge it.',
    'Year 8 learned about the murder of disabled people in the T4 programme.',
    'Anti-Bullying Week: we stand together against hate aimed at trans people.',
    'There is no place for racism against refugees in our school.',
    'Hatred of Muslims has no place in our school.',
    'Year 11 looked at hate crime statistics: Black people and Muslims are targeted more than anyone else.',
    // Portrayal told as history; awareness days.
    'Year 10 examined Nazi propaganda that portrayed Jews as vermin, and discussed how dehumanising language leads to violence.',
    'Refugee Week: we welcome families who fled war. Many refugees were tortured before reaching safety.',
    'Gypsy, Roma and Traveller History Month: we learned how Roma families were rounded up and murdered.',
    // A promise that harm must not be repeated.
    'Sikhs were attacked in the riots and this must never happen again.',
    'Travellers were driven out and we must not let it happen again, the speaker said.',
    // Sport and praise.
    'Our girls destroyed the opposition 6-0 in the county final!',
  ])('passes: %s', (text) => {
    expect(worst(text)).toBe('pass');
  });

  it.each([
    // Calls and wishes.
    'Muslims should be murdered.',
    'Jews deserve to be deported.',
    'Gay people must be wiped out.',
    'Refugees will be deported and shot.',
    'Travellers deserved to be gassed.',
    'We would be better off if those asylum seekers were deported.',
    // Harm that happened, approved of.
    'Immigrants were rightly killed.',
    "It's good that Jews were murdered.",
    'Jews were murdered and I am glad.',
    'Not enough Sikhs were gassed.',
    'Muslims were killed and they deserved it.',
    'Gays were executed back then and rightly so.',
    'Black people were enslaved for a reason.',
    'Lesbians were beaten once and it should happen again.',
    'Another Jew was stabbed today. Good.',
    'Honestly, Muslims being killed makes my day.',
    'The Nazis tried to wipe out the Jews and we should finish the job.',
    'The Nazis were right to exterminate the Jews.',
    'The Holocaust was great, more Jews should have died.',
    'Asylum seekers should drown in the Channel.',
    'The killing of refugees is the only answer.',
    'Bring on the slaughter of Travellers.',
    // The writer's own hatred; not told as history at all.
    'My hatred of Muslims is growing.',
    'I have so much hatred for immigrants.',
    'I killed two Muslims last night.',
    'Learn how to wipe out the Hindus in your town.',
  ])('still blocks: %s', (text) => {
    expect(worst(text)).toBe('block');
  });

  it('a reported hateful remark stays for a person to judge (review), as before', () => {
    expect(worst('Saying that you hate women shows how misguided you are.')).toBe('review');
  });

  it('the generated school corpus: no benign post is blocked or sent to review, every hateful one is blocked', () => {
    const corpus = schoolTopicsCorpus();
    const benign = corpus.filter((t) => !t.hateful);
    const hateful = corpus.filter((t) => t.hateful);
    expect(benign.length).toBeGreaterThanOrEqual(150);
    expect(hateful.length).toBeGreaterThanOrEqual(60);
    expect(benign.filter((t) => worst(t.text) !== 'pass').map((t) => t.text)).toEqual([]);
    expect(hateful.filter((t) => worst(t.text) !== 'block').map((t) => t.text)).toEqual([]);
  });
});
