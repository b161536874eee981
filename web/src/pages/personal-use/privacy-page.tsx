import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { SelectField } from '../../components/field';
import { Page } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';
import { myStaffUseKey } from './personal-use-api';
import {
  attestPrivacy,
  fetchPrivacyChecklists,
  type PrivacyChecklist,
  privacyChecklistsKey,
} from './privacy-api';
import './personal-use.css';

/**
 * Clause 1.4: "set all privacy settings to the highest possible levels". A checklist per platform; the member
 * of staff ticks what they have set and attests. SMT sees that they did, never which boxes.
 */
export function PrivacyPage() {
  const checklists = useQuery({
    queryKey: privacyChecklistsKey,
    queryFn: ({ signal }) => fetchPrivacyChecklists(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [platform, setPlatform] = useState('instagram');
  return (
    <Page
      title="Privacy settings"
      intro="Clause 1.4: set your personal accounts' privacy to the highest level. Go through each platform you use, then confirm. Your answers stay yours: SMT sees only that you confirmed."
    >
      {checklists.isPending ? <Loading /> : null}
      {checklists.isError ? (
        <ErrorNotice error={checklists.error} title="The checklists could not be loaded" />
      ) : null}
      {checklists.isSuccess ? (
        <>
          <div className="card">
            <SelectField
              label="Platform"
              name="platform"
              value={platform}
              onChange={(e) => setPlatform(e.target.value)}
            >
              {checklists.data.platforms.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
            <p className="muted">{checklists.data.note}</p>
          </div>
          {checklists.data.platforms
            .filter((p) => p.id === platform)
            .map((p) => (
              <Checklist key={p.id} checklist={p} />
            ))}
        </>
      ) : null}
    </Page>
  );
}

function Checklist({ checklist }: { checklist: PrivacyChecklist }) {
  const queryClient = useQueryClient();
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const attest = useMutation({
    mutationFn: attestPrivacy,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myStaffUseKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    attest.mutate({ platform: checklist.id, confirmed: [...ticked] });
  };
  const saved = attest.data
    ? `${attest.data.confirmed} of ${attest.data.total} settings confirmed for ${checklist.name}.`
    : null;
  return (
    <form className="card" onSubmit={submit} aria-labelledby={`checklist-${checklist.id}`}>
      <h2 id={`checklist-${checklist.id}`}>{checklist.name}</h2>
      <fieldset className="checklist">
        <legend>Tick each setting you have set</legend>
        {checklist.settings.map((s) => (
          <div key={s.id} className="checklist__item">
            <input
              type="checkbox"
              id={`setting-${checklist.id}-${s.id}`}
              checked={ticked.has(s.id)}
              aria-describedby={`setting-${checklist.id}-${s.id}-how`}
              onChange={(e) =>
                setTicked((prev) => {
                  const next = new Set(prev);
                  if (e.target.checked) next.add(s.id);
                  else next.delete(s.id);
                  return next;
                })
              }
            />
            <div>
              <label htmlFor={`setting-${checklist.id}-${s.id}`}>{s.title}</label>
              <p className="field__hint" id={`setting-${checklist.id}-${s.id}-how`}>
                {s.how}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      {attest.isError ? <ErrorNotice error={attest.error} title="Not confirmed" /> : null}
      {saved ? (
        <Banner tone="success" title="Confirmed" live>
          <p>{saved}</p>
        </Banner>
      ) : null}
      <Button type="submit" busy={attest.isPending}>
        I have set these
      </Button>
    </form>
  );
}
