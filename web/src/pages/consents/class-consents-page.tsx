import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { ClassConsentPupil } from '../../api/class-consents';
import { type ConsentState, consentPurposes, purposeLabels, stateLabels } from '../../api/consents';
import { yearGroupConsentsQuery } from '../../api/queries';
import { SelectField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { DataTable } from '../../components/table';
import { formatCount, formatDate, yearGroupLabel } from '../../format';
import { Link, useRouter } from '../../router';
import './class-consents.css';

const yearGroups = [7, 8, 9, 10, 11, 12, 13, 0, 1, 2, 3, 4, 5, 6];

const stateTones: Record<ConsentState, 'good' | 'warn' | 'bad' | 'neutral'> = {
  granted: 'good',
  refused: 'bad',
  withdrawn: 'bad',
  expired: 'warn',
  pupil_left: 'neutral',
  none: 'neutral',
};

function pupilName(pupil: ClassConsentPupil): string {
  const known =
    pupil.preferredName && pupil.preferredName !== pupil.givenName ? ` (${pupil.preferredName})` : '';
  return `${pupil.givenName}${known} ${pupil.familyName}`;
}

function socialMediaHolds(pupil: ClassConsentPupil): boolean {
  return pupil.purposes.some((p) => p.purpose === 'social_media' && p.holds);
}

/**
 * The consent register per class (year group): each pupil on roll with their consent for school social
 * media, the website and the press today. States are words, not colours alone; the year and the filter live
 * in the address.
 */
export function ClassConsentsPage() {
  const { location, navigate } = useRouter();
  const rawYear = location.search.get('year');
  const year =
    rawYear !== null && /^\d{1,2}$/.test(rawYear) && Number(rawYear) <= 14 ? Number(rawYear) : null;
  const withoutSocial = location.search.get('without') === 'social_media';
  const filterId = useId();
  const consents = useQuery({
    ...yearGroupConsentsQuery(year),
    // Another year group keeps the one shown until its own answer arrives.
    placeholderData: keepPreviousData,
  });

  const go = (nextYear: number | null, nextWithout: boolean) => {
    const params = new URLSearchParams();
    if (nextYear !== null) params.set('year', String(nextYear));
    if (nextWithout) params.set('without', 'social_media');
    const text = params.toString();
    navigate(`/consents/classes${text ? `?${text}` : ''}`, { replace: true });
  };

  const data = year !== null && consents.isSuccess ? consents.data : null;
  const shown = data ? (withoutSocial ? data.pupils.filter((p) => !socialMediaHolds(p)) : data.pupils) : [];

  return (
    <Page
      title="Class consents"
      intro="Photo consent for every pupil on roll in a year group, for each purpose, as it stands today."
    >
      <div className="card class-consents__controls">
        <SelectField
          label="Year group"
          name="year"
          value={year === null ? '' : String(year)}
          onChange={(event) =>
            go(event.target.value === '' ? null : Number(event.target.value), withoutSocial)
          }
        >
          <option value="">Choose a year group</option>
          {yearGroups.map((y) => (
            <option key={y} value={String(y)}>
              {yearGroupLabel(y)}
            </option>
          ))}
        </SelectField>
        <div className="checkbox">
          <input
            id={filterId}
            type="checkbox"
            checked={withoutSocial}
            onChange={(event) => go(year, event.target.checked)}
          />
          <label htmlFor={filterId}>Only pupils without social media consent</label>
        </div>
      </div>
      {year === null ? <p className="muted">Choose a year group to see its pupils' consent.</p> : null}
      {year !== null && consents.isPending ? <Loading label="Loading consent…" /> : null}
      {year !== null && consents.isError ? (
        <ErrorNotice error={consents.error} title="Consent could not be loaded" />
      ) : null}
      {data ? (
        <>
          <section className="card" aria-labelledby="class-consents-summary">
            <h2 id="class-consents-summary">{yearGroupLabel(data.yearGroup)}: summary</h2>
            <ul className="class-consents__counts">
              {consentPurposes.map((purpose) => {
                const counts = data.counts[purpose];
                return (
                  <li key={purpose}>
                    <strong>{purposeLabels[purpose]}</strong>: {counts.holds} of {data.pupils.length} may
                    appear
                    {counts.refused + counts.withdrawn > 0
                      ? `; ${counts.refused} refused, ${counts.withdrawn} withdrawn`
                      : ''}
                    {counts.expired > 0 ? `; ${counts.expired} expired` : ''}
                    {counts.none > 0 ? `; ${counts.none} with no consent on record` : ''}
                  </li>
                );
              })}
            </ul>
          </section>
          <section className="card" aria-labelledby="class-consents-pupils">
            <h2 id="class-consents-pupils">Pupils</h2>
            <p role="status" className="muted">
              {withoutSocial
                ? `${formatCount(shown.length, 'pupil')} without social media consent, of ${data.pupils.length}.`
                : `${formatCount(shown.length, 'pupil')}.`}
            </p>
            {shown.length === 0 ? (
              <Empty>
                {withoutSocial
                  ? 'Every pupil in this year group has social media consent.'
                  : 'No pupils on roll in this year group.'}
              </Empty>
            ) : (
              <DataTable<ClassConsentPupil>
                caption={`Consent in ${yearGroupLabel(data.yearGroup)}`}
                rows={shown}
                rowKey={(pupil) => pupil.pupilId}
                columns={[
                  {
                    header: 'Pupil',
                    cell: (pupil) => <Link to={`/people/pupils/${pupil.pupilId}`}>{pupilName(pupil)}</Link>,
                  },
                  ...consentPurposes.map((purpose) => ({
                    header: purposeLabels[purpose],
                    cell: (pupil: ClassConsentPupil) => {
                      const consent = pupil.purposes.find((p) => p.purpose === purpose);
                      if (!consent) return null;
                      return (
                        <>
                          <Badge tone={stateTones[consent.state]}>{stateLabels[consent.state]}</Badge>
                          {consent.holds && consent.endsOn ? (
                            <span className="class-consents__until"> until {formatDate(consent.endsOn)}</span>
                          ) : null}
                        </>
                      );
                    },
                  })),
                ]}
              />
            )}
          </section>
        </>
      ) : null}
    </Page>
  );
}
