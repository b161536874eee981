import { type FormEvent, useState } from 'react';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { SelectField } from '../../components/field';
import { Page } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';
import { useAsync } from '../../use-async';
import { attestPrivacy, fetchPrivacyChecklists, type PrivacyChecklist } from './privacy-api';
import './personal-use.css';

/**
 * Clause 1.4: "set all privacy settings to the highest possible levels". A checklist per platform; the member
 * of staff ticks what they have set and attests. SMT sees that they did, never which boxes.
 */
export function PrivacyPage() {
  const checklists = useAsync((signal) => fetchPrivacyChecklists(signal), []);
  const [platform, setPlatform] = useState('instagram');
  return (
    <Page
      title="Privacy settings"
      intro="Clause 1.4: set your personal accounts' privacy to the highest level. Go through each platform you use, then confirm. Your answers stay yours: SMT sees only that you confirmed."
    >
      {checklists.state === 'loading' ? <Loading /> : null}
      {checklists.state === 'error' ? (
        <ErrorNotice error={checklists.error} title="The checklists could not be loaded" />
      ) : null}
      {checklists.state === 'ready' ? (
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
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await attestPrivacy({ platform: checklist.id, confirmed: [...ticked] });
      setSaved(`${result.confirmed} of ${result.total} settings confirmed for ${checklist.name}.`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
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
      {error ? <ErrorNotice error={error} title="Not confirmed" /> : null}
      {saved ? (
        <Banner tone="success" title="Confirmed" live>
          <p>{saved}</p>
        </Banner>
      ) : null}
      <Button type="submit" busy={busy}>
        I have set these
      </Button>
    </form>
  );
}
