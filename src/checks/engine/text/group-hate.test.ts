import { describe, expect, it } from 'vitest';
import { buildContext, languageVerdict } from '../testing/factories.js';

const context = buildContext();

const worst = (text: string) => languageVerdict(text, context);

describe('hate aimed at a protected group: constructions without a hateful word (clause 2.3, block)', () => {
  it.each([
    // Exclusion.
    'Sikhs have no place in a proper British town.',
    'Polish families should never be allowed to rent round here.',
    'Honestly Jews do not belong in this country.',
    'Time we got rid of the Somalis in our street.',
    'Kick the Romanians out and the town will recover.',
    'Too many Pakistanis in this town.',
    'No more refugees allowed, simple as that.',
    'Lesbians belong in cages if you ask me.',
    'Autistic people should all be locked away somewhere.',
    // Dehumanising comparison and derogation by superlative.
    'My hamster is cleverer than every Hindu I have met.',
    'Nothing on earth is lower than a bisexual person.',
    'Catholics are the lowest of the low.',
    'Travellers are no better than stray dogs.',
    'Deaf people are nothing but a drain.',
    'Muslim lives are worth less than a bus ticket.',
    'Asian people can never be as good as us.',
    'Honestly, migrants are not human.',
    'Swarms of asylum seekers arrive every week.',
    'Letting more Arabs in will destroy our culture.',
    // Distrust and disgust.
    'You should never trust anything a Chinese person tells you.',
    'Transgender people cannot be trusted with children.',
    'I just cannot stand gay men.',
    'Jewish people make me sick.',
    // Threats and wished harm.
    'Someone should put an end to those Indians.',
    'I want to watch the Mexicans suffer.',
    'Beating a Sikh like you should be legal.',
    'Deportation is the only answer for those Kurds.',
    'We must not let any Sikhs live here.',
    'I have no sympathy whatsoever for Albanians.',
    'Romanian people fill me with disgust.',
    'I will shoot the next Somali I see.',
    // Attributes said of the group, and hatred words the rules now know.
    'Nigerians are so violent.',
    'Pakistani men are really sneaky.',
    'Bisexual people are a danger to children.',
    'I utterly abhor homosexuals.',
  ])('blocks: %s', (text) => {
    expect(worst(text)).toBe('block');
  });

  it('refers back: a pronoun in the next sentence stands for the group named before', () => {
    expect(worst('Those Bangladeshis never learn. They are absolute filth.')).toBe('block');
    expect(worst('Hindus keep moving in. I despise them.')).toBe('block');
    // … but only as what the derogation is said of, not when the group itself does the verb.
    expect(worst('Our Sikh families join us for Diwali. They hate missing the lantern parade.')).toBe('pass');
    expect(worst('Refugees came to our town last year. Many of them were tortured before they fled.')).toBe(
      'pass',
    );
  });

  it('insults for women used as a class noun count in the constructions', () => {
    expect(worst('Too many whores in this town.')).toBe('block');
    expect(worst('Typical skank behaviour from the lot of them.')).toBe('block');
    // A dog breeder's word is not one.
    expect(worst('Too many bitches in the litter for one kennel.')).toBe('pass');
  });

  it('is robust to the evasions the language rules undo', () => {
    for (const text of [
      'S1khs have no place in a proper British town.',
      'Lesbins belong in cages if you ask me.',
      'Too manyPakistanis in this town.',
      'C a t h o l i c s are the lowest of the low.',
      'Too manywh0res in this town.',
    ])
      expect(worst(text), text).toBe('block');
  });

  it('blocks threats to cut throats or snap necks, to anyone', () => {
    expect(worst('I will slit their throats.')).toBe('block');
    expect(worst('Someone should snap his scrawny neck.')).toBe('block');
  });

  it('blocks new slurs and their plurals, and never corrects ordinary words into slurs', () => {
    expect(worst('You are a goatfucker.')).toBe('block');
    expect(worst('Bunch of camelfuckers.')).toBe('block');
    for (const text of [
      'The Toon won again on Saturday.',
      'Draw the grid in your maths book.',
      'My gran worked as a packer at the factory.',
      'Put name tags on all the coats.',
      'The RE lesson covered the meaning of jihad in Islam.',
    ])
      expect(worst(text), text).toBe('pass');
  });
});

describe('group constructions that a person judges, or that are not hate at all', () => {
  it.each([
    'Refugees have no place to sleep tonight - please donate to the appeal.',
    'Our girls destroyed the opposition 5-0 on Saturday.',
    'Muslim families across the town will celebrate Eid this week.',
    'Gay couples were not allowed to marry in the UK until 2014, the history unit explains.',
    'Immigrants make our town stronger and we are proud of it.',
    'Jewish pupils should not be left out when we plan the winter fair.',
    'Black lives matter: a display in the library this week.',
    'Deaf pupils will have an interpreter at the show; blind visitors can book an audio guide.',
    'Migrants are not a threat, they are our neighbours.',
    'Disabled people do not deserve to be mocked like that.',
    'We keep two garden hoes out in the shed.',
    'Give the brass a polish before the concert.',
    // Attribute words that describe something else, or the group's danger rather than the group as one.
    'Refugees fled a cruel regime and found a home here.',
    'The crossing is dangerous for blind people, so the council will add lights.',
    'Refugees are in danger every night in the Channel.',
    'Muslim pupils get dirty at Forest School like everyone else!',
    'Disabled people are more likely to be victims of violent crime.',
    'Deaf people can never be as included as they deserve until we all learn to sign.',
    'Nothing is worse than seeing a disabled person left out.',
    'Hindu festivals may seem strange to some, but we love them.',
    'Our autistic swimmers went down to the pool early and beat the record.',
  ])('does not block: %s', (text) => {
    expect(worst(text)).not.toBe('block');
  });

  it.each([
    // Reporting or quoting the construction.
    'A reply said Sikhs have no place here, which is hateful and has been reported.',
    '"Sikhs have no place here" is the kind of comment we delete and report.',
    // A denial earlier in the sentence.
    'It is simply not true that Hindus cannot be trusted.',
  ])('goes to a person: %s', (text) => {
    expect(worst(text)).toBe('review');
  });

  it('reviews anger, which may be about how the group is treated', () => {
    expect(worst('Seeing how disabled people are treated makes me so angry.')).toBe('review');
  });
});

describe('harm called for with a noun, approved of as history, or regretted as unfinished (clause 2.3)', () => {
  it.each([
    // A policy of harm called for.
    'We want the expulsion of every Pakistani from this town.',
    'I would vote for the sterilisation of disabled people.',
    'Time to back a ban on Muslims entering the country.',
    'We need the removal of all refugees now.',
    'Campaign for the execution of gay men.',
    'I favour the internment of Chinese people.',
    'I call for the execution of all Muslims lol',
    'Time for the extermination of gay people',
    'We learned about the Holocaust and we support the deportation of all immigrants.',
    // Harm done to a group, wished back.
    'Women were property and should be again.',
    'Sikhs were beaten in the riots and it should happen again.',
    // Someone said to be right about a group.
    'Enoch Powell was right about immigrants.',
    'Honestly the old regime was spot on about Roma people.',
    // Regret that a persecution stopped.
    "Pity they didn't finish the job with the Roma.",
    'Such a shame the camps never finished off the Travellers.',
    'Hitler should have finished the job.',
  ])('blocks: %s', (text) => {
    expect(worst(text)).toBe('block');
  });

  it.each([
    // The harm noun as a topic, opposed, or someone else's call told in a lesson.
    'We campaign against the deportation of asylum seekers.',
    'We do not support the deportation of refugees.',
    'Nobody should back a ban on Muslims.',
    'Year 8 asked why people supported the expulsion of Jews from England in 1290.',
    'Our RE class discussed whether anyone could support the extermination of the Jews.',
    'Year 10 learned that the party supports the deportation of all immigrants, and why that is hateful.',
    'Year 11 learned that many people wanted the deportation of Jews in the 1930s.',
    'Staff back a ban on mobile phones in lessons.',
    'We support the removal of barriers faced by disabled pupils.',
    'We demand the release of all refugees from detention.',
    'We back the campaign against the deportation of Windrush families.',
    'Pupils call for the end of racism against Muslims.',
    'It is sad to hear some people call for the deportation of refugees.',
    // "Again" that is a welcome back or a promise never to repeat.
    'Refugees were welcome here in 1940 and should be again.',
    'Black people were enslaved and this must never happen again.',
    // "Right about" something else, and an unfinished job that is not a persecution.
    "Martin Luther King was right about black people's rights.",
    'We were right about the weather for sports day.',
    "Shame England's women didn't finish the job in the final.",
    "Shame we didn't finish the cake before the bell.",
    'Year 9 learned that Hitler never finished his art school course.',
    'Year 10 discussed why the Nazis thought they were right about the Jews.',
  ])('passes: %s', (text) => {
    expect(worst(text)).toBe('pass');
  });

  it("goes to a person when the call is reported or someone else's", () => {
    expect(worst('Some people call for the deportation of all refugees, which makes us sad.')).toBe('review');
    // Singled out by what they did: a policy opinion for a person to judge, not a call against the group.
    expect(worst('We need the deportation of immigrants who have committed crimes.')).toBe('review');
    // … but a relative clause that singles no one out does not soften the call.
    expect(worst('We need the removal of refugees who are here.')).toBe('block');
    expect(worst('We discussed it and Hitler was right about the Jews.')).toBe('block');
    expect(
      worst('A troll posted that we should support the extermination of Jews; this is unacceptable.'),
    ).toBe('review');
  });
});
