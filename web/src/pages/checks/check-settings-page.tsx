import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import {
  type BlockListState,
  type CheckSettings,
  type CheckSettingsInput,
  type SeverityOverride,
  saveCheckSettings,
} from '../../api/checks';
import { ApiError } from '../../api/client';
import { blockListsQuery, checkSettingsQuery, freshData, useCheckRules } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { Page, Section } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';
import { formatCount, formatDateTime } from '../../format';
import { PostingSettingsSection } from './posting-settings-form';
import { severityLabels } from './text-mirror';
import './checks.css';

/** The block list categories Guardpost ships with (src/checks/links/block-lists.ts). */
const knownCategories = ['adult', 'gambling', 'phishing', 'malware', 'dating', 'drugs', 'violence'];

type ListField =
  | 'extraAbuseWords'
  | 'extraProfanityWords'
  | 'languageExceptions'
  | 'allowedDomains'
  | 'schoolPhones'
  | 'schoolAddresses'
  | 'schoolPostcodes';

const listFields: {
  field: ListField;
  label: string;
  hint: string;
  section: 'language' | 'links' | 'school';
}[] = [
  {
    field: 'extraAbuseWords',
    label: 'Extra abusive words (blocked)',
    hint: 'One word or phrase per line, added to the built-in list (clause 2.3).',
    section: 'language',
  },
  {
    field: 'extraProfanityWords',
    label: 'Extra swear words (need review)',
    hint: 'One per line (clause 2.3).',
    section: 'language',
  },
  {
    field: 'languageExceptions',
    label: 'Exceptions',
    hint: 'Words never flagged, such as a local place name that contains a flagged word. One per line.',
    section: 'language',
  },
  {
    field: 'allowedDomains',
    label: 'Allowed sites',
    hint: 'One domain per line, such as example.org (clause 2.5).',
    section: 'links',
  },
  {
    field: 'schoolPhones',
    label: 'School phone numbers',
    hint: 'The school’s own numbers are never flagged as personal data. One per line.',
    section: 'school',
  },
  {
    field: 'schoolAddresses',
    label: 'School addresses',
    hint: 'One address per line.',
    section: 'school',
  },
  { field: 'schoolPostcodes', label: 'School postcodes', hint: 'One per line.', section: 'school' },
];

interface Draft {
  severityOverrides: Record<string, SeverityOverride | ''>;
  lists: Record<ListField, string>;
  allowOnlyListed: boolean;
  blockCategories: string[];
}

function draftOf(settings: CheckSettings): Draft {
  const lists = {} as Record<ListField, string>;
  for (const { field } of listFields) lists[field] = (settings[field] ?? []).join('\n');
  return {
    severityOverrides: { ...settings.severityOverrides },
    lists,
    allowOnlyListed: settings.allowOnlyListed ?? false,
    blockCategories: [...settings.blockCategories],
  };
}

function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function settingsOf(draft: Draft): CheckSettingsInput {
  const severityOverrides: Record<string, SeverityOverride> = {};
  for (const [rule, value] of Object.entries(draft.severityOverrides))
    if (value) severityOverrides[rule] = value;
  const settings: CheckSettingsInput = {
    severityOverrides,
    allowOnlyListed: draft.allowOnlyListed,
    blockCategories: draft.blockCategories,
  };
  for (const { field } of listFields) settings[field] = linesOf(draft.lists[field]);
  return settings;
}

/**
 * Turns the server's validation details ("body.allowedDomains.2: must be a domain …") into messages per
 * field, with the line number, so each shows beside the field it is about.
 */
export function fieldErrorsOf(details: readonly string[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const detail of details) {
    const match = /^(?:body\.)?([A-Za-z]+)(?:\.([^:]+))?:\s*(.*)$/.exec(detail);
    if (!match) continue;
    const [, field = 'settings', where, message = 'is not valid'] = match;
    const line = where !== undefined && /^\d+$/.test(where) ? `Line ${Number(where) + 1}: ` : '';
    const rule = where !== undefined && !/^\d+$/.test(where) ? `${where}: ` : '';
    errors[field] = [...(errors[field] ?? []), `${line}${rule}${message}`];
  }
  return errors;
}

/** What a category's list holds: a ticked category with nothing loaded blocks nothing, and says so. */
function BlockListStateText({ state }: { state: BlockListState | undefined }) {
  if (!state?.loaded)
    return <span className="block-list-state block-list-state--empty">(not loaded: blocks nothing yet)</span>;
  return (
    <span className="block-list-state">
      ({formatCount(state.entries, 'entry', 'entries')}
      {state.importedAt ? `, loaded ${formatDateTime(state.importedAt)}` : ''})
    </span>
  );
}

/** The school's tuning of the checks (admin, SMT and headteacher). */
export function CheckSettingsPage() {
  const loaded = useQuery(checkSettingsQuery());
  const initial = freshData(loaded);
  return (
    <Page
      title="Check settings"
      intro="Tune how posts are checked in this school: how serious each finding is, extra words, allowed sites and the school’s own contact details."
    >
      {loaded.isError ? (
        <ErrorNotice error={loaded.error} title="Could not load the settings" />
      ) : initial ? (
        <SettingsForm initial={initial} />
      ) : (
        <Loading />
      )}
      <PostingSettingsSection />
    </Page>
  );
}

function SettingsForm({ initial }: { initial: CheckSettings }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [blockLists, setBlockLists] = useState(initial.blockLists ?? []);
  const [busy, setBusy] = useState(false);
  // The draft as last saved: the "saved" banner shows until the next edit.
  const [savedDraft, setSavedDraft] = useState<Draft>();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<unknown>();
  const baseId = useId();
  const checkRules = useCheckRules();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      const stored = await saveCheckSettings(settingsOf(draft));
      queryClient.setQueryData(checkSettingsQuery().queryKey, stored);
      // The ticked block list categories changed: the overview's warning reads them.
      void queryClient.invalidateQueries({ queryKey: blockListsQuery().queryKey });
      setBlockLists(stored.blockLists ?? []);
      const next = draftOf(stored);
      setDraft(next);
      setSavedDraft(next);
    } catch (error) {
      const byField =
        error instanceof ApiError
          ? fieldErrorsOf(error.details.length ? error.details : [error.message])
          : {};
      setErrors(byField);
      setFailure(error);
      // Take the person to the first field that needs fixing.
      const first = Object.keys(byField)[0];
      if (first) document.getElementById(`${baseId}-${first}`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  const setList = (field: ListField, value: string) =>
    setDraft((d) => ({ ...d, lists: { ...d.lists, [field]: value } }));
  const categories = [...new Set([...knownCategories, ...draft.blockCategories])];

  const listField = (field: ListField) => {
    const spec = listFields.find((f) => f.field === field);
    if (!spec) return null;
    const id = `${baseId}-${field}`;
    const fieldErrors = errors[field] ?? [];
    return (
      <div key={field} className={fieldErrors.length ? 'field field--error' : 'field'}>
        <label htmlFor={id}>{spec.label}</label>
        <p className="field__hint" id={`${id}-hint`}>
          {spec.hint}
        </p>
        {fieldErrors.map((message) => (
          <p key={message} className="field__error" id={`${id}-error`}>
            {message}
          </p>
        ))}
        <textarea
          id={id}
          rows={4}
          aria-describedby={[`${id}-hint`, fieldErrors.length ? `${id}-error` : ''].filter(Boolean).join(' ')}
          aria-invalid={fieldErrors.length ? true : undefined}
          value={draft.lists[field]}
          onChange={(event) => setList(field, event.target.value)}
        />
      </div>
    );
  };

  return (
    <form className="settings" onSubmit={submit} noValidate>
      {failure ? (
        <Banner tone="danger" title="The settings were not saved" live>
          <p>
            {Object.keys(errors).length > 0
              ? 'Fix the fields marked below and save again.'
              : failure instanceof ApiError
                ? failure.message
                : 'Try again.'}
          </p>
        </Banner>
      ) : null}
      {savedDraft === draft ? <Banner tone="success" title="Settings saved" live /> : null}

      <Section title="How serious each finding is" id="severity">
        <p className="muted">“As the policy says” keeps the seed policy’s level. “Off” stops the check.</p>
        {errors.severityOverrides?.map((message) => (
          <p key={message} className="field__error" id={`${baseId}-severityOverrides`} tabIndex={-1}>
            {message}
          </p>
        ))}
        <div className="table-scroll">
          <table className="rule-table">
            <caption className="visually-hidden">Severity of each check</caption>
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Clause</th>
                <th scope="col">Level</th>
              </tr>
            </thead>
            <tbody>
              {checkRules.map((rule) => (
                <tr key={rule.id}>
                  <th scope="row">
                    <label htmlFor={`${baseId}-rule-${rule.id}`}>{rule.title}</label>
                  </th>
                  <td>{rule.clause}</td>
                  <td>
                    <select
                      id={`${baseId}-rule-${rule.id}`}
                      value={draft.severityOverrides[rule.id] ?? ''}
                      onChange={(event) =>
                        setDraft((d) => ({
                          ...d,
                          severityOverrides: {
                            ...d.severityOverrides,
                            [rule.id]: event.target.value as SeverityOverride | '',
                          },
                        }))
                      }
                    >
                      <option value="">As the policy says ({severityLabels[rule.severity]})</option>
                      <option value="block">{severityLabels.block}</option>
                      <option value="review">{severityLabels.review}</option>
                      <option value="advice">{severityLabels.advice}</option>
                      <option value="off">Off</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section title="Language (clause 2.3)" id="language">
        {listFields.filter((f) => f.section === 'language').map((f) => listField(f.field))}
      </Section>

      <Section title="Links (clause 2.5)" id="links">
        {listField('allowedDomains')}
        <div className="checkbox">
          <input
            id={`${baseId}-allowOnlyListed`}
            type="checkbox"
            checked={draft.allowOnlyListed}
            onChange={(event) => setDraft((d) => ({ ...d, allowOnlyListed: event.target.checked }))}
          />
          <label htmlFor={`${baseId}-allowOnlyListed`}>
            Allow only the sites listed above (links elsewhere need review)
          </label>
        </div>
        <fieldset
          aria-describedby={errors.blockCategories ? `${baseId}-blockCategories` : undefined}
          className={errors.blockCategories ? 'field--error' : undefined}
        >
          <legend>Block list categories</legend>
          {errors.blockCategories?.map((message) => (
            <p key={message} className="field__error" id={`${baseId}-blockCategories`} tabIndex={-1}>
              {message}
            </p>
          ))}
          {categories.map((name) => (
            <div className="checkbox" key={name}>
              <input
                id={`${baseId}-category-${name}`}
                type="checkbox"
                checked={draft.blockCategories.includes(name)}
                onChange={(event) =>
                  setDraft((d) => ({
                    ...d,
                    blockCategories: event.target.checked
                      ? [...d.blockCategories, name]
                      : d.blockCategories.filter((c) => c !== name),
                  }))
                }
              />
              <label htmlFor={`${baseId}-category-${name}`}>
                {name} <BlockListStateText state={blockLists.find((l) => l.category === name)} />
              </label>
            </div>
          ))}
          {blockLists.some((l) => l.loaded) ? null : (
            <p className="field__hint">
              No list is loaded, so no site is blocked yet. An administrator runs{' '}
              <code>guardpost lists update</code> (or <code>guardpost lists import DIR</code>) to load them.
            </p>
          )}
        </fieldset>
      </Section>

      <Section title="The school’s own details (clause 2.4)" id="school">
        {listFields.filter((f) => f.section === 'school').map((f) => listField(f.field))}
      </Section>

      <div className="form-actions">
        <Button type="submit" busy={busy}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
