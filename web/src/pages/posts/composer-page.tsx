import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { type CheckResult, type PupilMatch, runCheck, type Verdict } from '../../api/checks';
import { ApiError } from '../../api/client';
import {
  addPostPhotos,
  checkPostDraft,
  createPost,
  markPostReady,
  type Post,
  type PostContent,
  type PostFinding,
  removePostPhoto,
  savePost,
} from '../../api/posts';
import { apiKey, freshData, myAccountsQuery, postQuery } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { Page, Section } from '../../components/page';
import { Empty, ErrorNotice, Loading } from '../../components/status';
import { Link, useRouter } from '../../router';
import { PupilTagger, pupilLabel } from '../checks/pupil-tagger';
import { TextMirror } from '../checks/text-mirror';
import '../checks/checks.css';
import { applyTextFix, type FixKind, fixKindOf, fixLabels } from './fixes';
import { accountLabel, FindingList, PhotoThumb, verdictText } from './post-parts';
import './posts.css';

/** How long typing must pause before the live check runs (as on "Check a post"). */
const DEBOUNCE_MS = 400;
const MAX_PHOTOS = 10;

const rank: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };

function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (rank[b] > rank[a] ? b : a), 'pass');
}

function severityVerdict(finding: PostFinding): Verdict {
  return finding.severity === 'advice' ? 'pass' : finding.severity;
}

interface Checked {
  text: string;
  tags: string;
  /** The stored photos the check saw (ids, in order). */
  photos: string;
  /** Checked by the post's own draft check, with its stored photos. */
  withPhotos: boolean;
  result: CheckResult;
}

type FieldErrors = Partial<Record<'account' | 'text' | 'pupils' | 'photos', string>>;

const accountErrors = new Set(['AccountNotApproved', 'NotAccountOwner', 'AccountNotFound']);

/**
 * The composer (clauses 2.2–2.4): a post on an approved account the author owns. The policy checks run as
 * the author types (debounced; a newer keystroke cancels an older request), each finding names its clause
 * and, where it can, offers a one-click fix. Saving stores a revision and the server checks it again: the
 * server's verdict, never this page's, decides whether the post may be marked ready or sent for approval.
 */
export function ComposerPage({ id }: { id?: string }) {
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const accounts = useQuery(myAccountsQuery());
  // The draft being edited: loaded once (this visit's answer, not a cached one), then replaced by each answer
  // of a save, a photo change or a check; every answer also goes to the post's query and the lists.
  const [post, setPostState] = useState<Post>();
  const loaded = useQuery({ ...postQuery(id ?? ''), enabled: id !== undefined && post?.id !== id });
  const loadError = post === undefined && loaded.isError ? loaded.error : undefined;
  const [accountId, setAccountId] = useState('');
  const [text, setText] = useState('');
  const [tagged, setTagged] = useState<PupilMatch[]>([]);
  const [noIdentifiable, setNoIdentifiable] = useState(false);
  const [checked, setChecked] = useState<Checked>();
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>();
  const [busy, setBusy] = useState<'save' | 'ready' | 'photos' | undefined>();
  const [actionError, setActionError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string>();
  const [fileKey, setFileKey] = useState(0);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const textId = useId();
  const photosId = useId();
  const noneId = useId();

  function setPost(updated: Post) {
    setPostState(updated);
    queryClient.setQueryData(postQuery(updated.id).queryKey, updated);
    void queryClient.invalidateQueries({ queryKey: apiKey('/api/posts') });
  }

  // An existing draft: its fields are filled once (a freshly created one is already in state).
  const fetched = freshData(loaded);
  useEffect(() => {
    if (!id || !fetched || post?.id === id) return;
    setPostState(fetched);
    setAccountId(fetched.accountId);
    setText(fetched.text);
    setNoIdentifiable(fetched.noIdentifiablePupils);
    setTagged(fetched.taggedPupilDetails);
  }, [id, fetched, post?.id]);

  const tagIds = tagged.map((p) => p.id);
  const tagKey = tagIds.join(',');
  const hasPhotos = (post?.photos.length ?? 0) > 0;

  const postId = post?.id;
  const photoKey = post?.photos.map((p) => p.id).join(',') ?? '';

  // The live check. Once the draft is saved, the server checks the unsaved text and tags together with the
  // post's stored photos (as a save would: a pupil's name beside a photo of children blocks); before that,
  // there are no photos and the text and tags go to the general check.
  useEffect(() => {
    if (text.trim() === '' && photoKey === '') {
      setChecked(undefined);
      setChecking(false);
      setCheckError(undefined);
      return;
    }
    const controller = new AbortController();
    setChecking(true);
    const timer = window.setTimeout(() => {
      const taggedPupils = tagKey === '' ? [] : tagKey.split(',');
      const request = postId
        ? checkPostDraft(
            postId,
            { text, links: [], taggedPupils, noIdentifiablePupils: noIdentifiable },
            controller.signal,
          )
        : runCheck(
            {
              kind: 'post',
              text,
              ...(taggedPupils.length > 0 ? { taggedPupils } : {}),
            },
            [],
            controller.signal,
          );
      request.then(
        (result) => {
          setChecked({ text, tags: tagKey, photos: photoKey, withPhotos: postId !== undefined, result });
          setCheckError(undefined);
          setChecking(false);
        },
        (failure: unknown) => {
          if (controller.signal.aborted) return;
          setCheckError(failure);
          setChecking(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [text, tagKey, noIdentifiable, postId, photoKey]);

  const content: PostContent = {
    text,
    links: [],
    taggedPupils: tagIds,
    noIdentifiablePupils: noIdentifiable,
  };
  const dirty =
    !post ||
    post.text !== text ||
    post.noIdentifiablePupils !== noIdentifiable ||
    post.taggedPupils.join(',') !== tagKey ||
    post.links.length > 0;

  // What the page shows: the live check's findings; when it did not see the stored photos (no draft yet,
  // or not checked yet), the server's findings on the photos from the last save are added.
  const livePhotos = checked?.withPhotos === true && checked.photos === photoKey;
  const photoFindings = livePhotos
    ? []
    : (post?.findings ?? []).filter((f) => f.imageIndex !== undefined || f.rule.startsWith('image.'));
  const liveFindings: PostFinding[] = checked?.result.findings ?? [];
  const findings = [...liveFindings, ...photoFindings];
  const shownVerdict: Verdict | undefined =
    checked || photoFindings.length > 0
      ? worst([checked?.result.verdict ?? 'pass', ...photoFindings.map(severityVerdict)])
      : undefined;
  const fresh =
    checked !== undefined &&
    checked.text === text &&
    checked.tags === tagKey &&
    checked.photos === photoKey &&
    !checking;

  const approvedAccounts = useMemo(
    () => accounts.data?.items.filter((a) => a.status === 'approved') ?? [],
    [accounts.data],
  );
  useEffect(() => {
    if (!id && accountId === '' && approvedAccounts.length === 1) setAccountId(approvedAccounts[0]?.id ?? '');
  }, [id, accountId, approvedAccounts]);

  function failureToFields(failure: unknown): boolean {
    if (!(failure instanceof ApiError)) return false;
    if (accountErrors.has(failure.code)) {
      setFieldErrors({ account: failure.message });
      return true;
    }
    if (failure.code === 'TagsContradict' || failure.code === 'PupilNotFound') {
      setFieldErrors({ pupils: failure.message });
      return true;
    }
    if (['PhotoMissing', 'TooManyPhotos', 'ImageTooLarge', 'InvalidImage'].includes(failure.code)) {
      setFieldErrors({ photos: failure.message });
      return true;
    }
    if (failure.code === 'InvalidPost' && failure.message.startsWith('text')) {
      setFieldErrors({ text: failure.message });
      return true;
    }
    return false;
  }

  async function save(next: PostContent = content): Promise<Post | undefined> {
    const errors: FieldErrors = {};
    if (!post && accountId === '') errors.account = 'Choose the account this post goes out on.';
    if (next.text.trim() === '' && !hasPhotos) errors.text = 'Write the text of the post.';
    setFieldErrors(errors);
    setActionError(undefined);
    setNotice(undefined);
    if (Object.keys(errors).length > 0) return undefined;
    setBusy('save');
    try {
      const saved = post ? await savePost(post.id, next) : await createPost(accountId, next);
      setPost(saved);
      setNotice(
        `Draft saved (revision ${saved.revision}). The server checked it: ${verdictText[saved.verdict].label}.`,
      );
      // The address becomes the draft's own without remounting the page (which would drop this message).
      if (!post) window.history.replaceState(null, '', `/posts/${saved.id}/edit`);
      return saved;
    } catch (failure) {
      if (!failureToFields(failure)) setActionError(failure);
      return undefined;
    } finally {
      setBusy(undefined);
    }
  }

  async function markReady() {
    if (!post) return;
    setActionError(undefined);
    setBusy('ready');
    try {
      const updated = await markPostReady(post.id);
      setPost(updated);
      navigate(`/posts/${updated.id}`);
    } catch (failure) {
      setActionError(failure);
      // The server checked it again (a consent may have lapsed): show what it found.
      queryClient.fetchQuery(postQuery(post.id)).then(setPost, () => undefined);
    } finally {
      setBusy(undefined);
    }
  }

  async function addPhotos(files: File[]) {
    setFieldErrors({});
    setActionError(undefined);
    if (files.length === 0) return;
    if ((post?.photos.length ?? 0) + files.length > MAX_PHOTOS) {
      setFieldErrors({ photos: `A post may carry at most ${MAX_PHOTOS} photos.` });
      return;
    }
    // Photos belong to a stored post: a new one is saved as a draft first.
    const target = post && !dirty ? post : await save();
    if (!target) return;
    setBusy('photos');
    try {
      setPost(await addPostPhotos(target.id, files));
      setNotice('Photos added: the server removed their hidden data and checked them.');
    } catch (failure) {
      if (!failureToFields(failure)) setActionError(failure);
    } finally {
      setBusy(undefined);
      setFileKey((n) => n + 1);
    }
  }

  async function removePhoto(photoId: string) {
    if (!post) return;
    setActionError(undefined);
    setBusy('photos');
    try {
      setPost(await removePostPhoto(post.id, photoId));
      setNotice('Photo removed.');
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusy(undefined);
    }
  }

  function applyFix(finding: PostFinding, kind: FixKind) {
    if (kind === 'untag') {
      const remaining = tagged.filter((p) => p.id !== finding.pupilId);
      setTagged(remaining);
      // The photo finding is the server's: save so that it checks the photos again without the tag.
      void save({ ...content, taggedPupils: remaining.map((p) => p.id) });
      return;
    }
    const fixed = applyTextFix(text, finding, kind);
    setText(fixed.text);
    // The whole phrase goes, not only the item, so the sentence still reads: say what went.
    if (fixed.removed)
      setNotice(`Removed “${fixed.removed}”. Edit the text if you want to say it another way.`);
    textRef.current?.focus();
  }

  const taggedIdSet = new Set(tagIds);
  const fixFor = (finding: PostFinding) => {
    const kind = fixKindOf(finding, taggedIdSet);
    if (!kind) return null;
    // A text fix uses the spans of the latest check of exactly this text.
    const usable = kind === 'untag' || (fresh && finding.imageIndex === undefined);
    const untagged = kind === 'untag' ? tagged.find((p) => p.id === finding.pupilId) : undefined;
    return (
      <p className="finding__actions">
        <Button
          variant="secondary"
          disabled={!usable || busy !== undefined}
          onClick={() => applyFix(finding, kind)}
        >
          {fixLabels[kind]}
          {kind === 'untag' && untagged ? (
            <span className="visually-hidden"> {pupilLabel(untagged)}</span>
          ) : null}
          {kind !== 'untag' && finding.excerpt ? (
            <span className="visually-hidden"> “{finding.excerpt}”</span>
          ) : null}
        </Button>
      </p>
    );
  };

  if (loadError)
    return (
      <Page title="Edit a post">
        <ErrorNotice error={loadError} title="The post could not be loaded" />
      </Page>
    );
  if (id && !post)
    return (
      <Page title="Edit a post">
        <Loading />
      </Page>
    );
  if (post && !post.abilities.edit) {
    return (
      <Page title="Edit a post">
        <p>
          This post cannot be changed here. <Link to={`/posts/${post.id}`}>Open the post</Link>.
        </p>
      </Page>
    );
  }

  const verdict = shownVerdict ? verdictText[shownVerdict] : undefined;
  const lastReturn = post?.returns.at(-1);
  const sendsForApproval = post ? post.requiresApproval || post.verdict === 'review' : false;
  const account = approvedAccounts.find((a) => a.id === (post?.accountId ?? accountId));

  return (
    <Page
      title={post ? 'Edit a post' : 'Compose a post'}
      intro="Posts go out only on an approved account you own (clause 2.2). Never name a child shown in a photo, and only show pupils whose parents gave written consent (clause 2.4)."
    >
      <div className="check-layout">
        <Section title="Your post" id="compose">
          {accounts.isPending ? <Loading label="Loading your accounts…" /> : null}
          {accounts.isError ? (
            <ErrorNotice error={accounts.error} title="Your accounts could not be loaded" />
          ) : null}
          {post ? (
            <p>
              <strong>Account:</strong> {account ? accountLabel(account) : 'One of your accounts'}
            </p>
          ) : accounts.isSuccess && approvedAccounts.length === 0 ? (
            <Empty>
              You own no approved account yet. <Link to="/accounts">Register one and have it approved</Link>{' '}
              first.
            </Empty>
          ) : (
            <AccountSelect
              accounts={approvedAccounts.map((a) => ({ id: a.id, label: accountLabel(a) }))}
              value={accountId}
              error={fieldErrors.account}
              onChange={setAccountId}
            />
          )}

          <div className={fieldErrors.text ? 'field field--error' : 'field'}>
            <label htmlFor={textId}>Text of the post</label>
            <p className="field__hint" id={`${textId}-hint`}>
              Checked about half a second after you stop typing. Put links in the text.
            </p>
            {fieldErrors.text ? (
              <p className="field__error" id={`${textId}-error`}>
                {fieldErrors.text}
              </p>
            ) : null}
            <textarea
              ref={textRef}
              id={textId}
              className="check__text"
              rows={7}
              maxLength={20_000}
              aria-describedby={[`${textId}-hint`, fieldErrors.text ? `${textId}-error` : '']
                .join(' ')
                .trim()}
              aria-invalid={fieldErrors.text ? true : undefined}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>

          <div className={fieldErrors.photos ? 'field field--error' : 'field'}>
            <label htmlFor={photosId}>Add photos</label>
            <p className="field__hint" id={`${photosId}-hint`}>
              Up to {MAX_PHOTOS}. Each is re-encoded without hidden data (such as location) and checked for
              faces.
              {post ? '' : ' Adding a photo saves the post as a draft.'}
            </p>
            {fieldErrors.photos ? (
              <p className="field__error" id={`${photosId}-error`}>
                {fieldErrors.photos}
              </p>
            ) : null}
            <input
              key={fileKey}
              id={photosId}
              type="file"
              accept="image/jpeg,image/png,image/webp,image/heic"
              multiple
              disabled={busy !== undefined}
              aria-describedby={[`${photosId}-hint`, fieldErrors.photos ? `${photosId}-error` : '']
                .join(' ')
                .trim()}
              aria-invalid={fieldErrors.photos ? true : undefined}
              onChange={(event) => void addPhotos(Array.from(event.target.files ?? []))}
            />
          </div>
          {post && post.photos.length > 0 ? (
            <ul className="plain-list post-photos" aria-label="Photos on this post">
              {post.photos.map((photo, index) => (
                <li key={photo.id} className="post-photo">
                  <PhotoThumb post={post} photoId={photo.id} label={`Photo ${index + 1}`} />
                  <Button
                    variant="quiet"
                    disabled={busy !== undefined}
                    onClick={() => void removePhoto(photo.id)}
                  >
                    Remove photo {index + 1}
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}

          <fieldset
            className="post-pupils"
            aria-describedby={fieldErrors.pupils ? `${noneId}-error` : undefined}
          >
            <legend>Pupils in this post</legend>
            {fieldErrors.pupils ? (
              <p className="field__error" id={`${noneId}-error`}>
                {fieldErrors.pupils}
              </p>
            ) : null}
            <PupilTagger
              tagged={tagged}
              onChange={(pupils) => {
                setTagged(pupils);
                if (pupils.length > 0) setNoIdentifiable(false);
              }}
            />
            <div className="checkbox">
              <input
                id={noneId}
                type="checkbox"
                checked={noIdentifiable}
                aria-invalid={fieldErrors.pupils ? true : undefined}
                onChange={(event) => {
                  setNoIdentifiable(event.target.checked);
                  if (event.target.checked) setTagged([]);
                }}
              />
              <label htmlFor={noneId}>No pupil can be identified in this post</label>
            </div>
          </fieldset>

          {lastReturn && post?.status === 'draft' ? (
            <Banner tone="warning" title="Sent back for changes" id="sent-back">
              <p>
                On revision {lastReturn.revision}: <q>{lastReturn.reason}</q>
              </p>
            </Banner>
          ) : null}
          {post && post.status !== 'draft' ? (
            <Banner tone="info" title="Saving changes makes this a draft again">
              <p>An approval holds only for the revision it was given on.</p>
            </Banner>
          ) : null}
          {notice ? (
            <p className="post-notice" role="status">
              {notice}
            </p>
          ) : null}
          {actionError ? <ErrorNotice error={actionError} title="That did not work" /> : null}
          <div className="form-actions">
            <Button busy={busy === 'save'} disabled={busy !== undefined} onClick={() => void save()}>
              Save draft
            </Button>
            {post ? (
              <Button
                variant="secondary"
                busy={busy === 'ready'}
                disabled={busy !== undefined || dirty || !post.abilities.markReady}
                aria-describedby="ready-explain"
                onClick={() => void markReady()}
              >
                {sendsForApproval ? 'Send for approval' : 'Mark ready to publish'}
              </Button>
            ) : null}
          </div>
          <p id="ready-explain" className="muted">
            {readyExplanation(post, dirty)}
          </p>
        </Section>

        <Section title="Checks" id="result">
          <div className="verdict" role="status" aria-live="polite" aria-atomic="true">
            {verdict && shownVerdict ? (
              <p className={`verdict__line verdict__line--${verdict.tone}`}>
                <span className="verdict__label">{verdict.label}</span>
                <span className="verdict__explain">{verdict.explain}</span>
              </p>
            ) : (
              <p className="muted">
                {checking ? 'Checking…' : 'Start typing and your post is checked as you go.'}
              </p>
            )}
          </div>
          {checking && verdict ? <p className="muted check__pending">Checking your latest changes…</p> : null}
          {checkError ? <ErrorNotice error={checkError} title="The check did not run" /> : null}
          {post ? (
            <p className="muted" id="saved-verdict">
              Saved revision {post.revision}: the server’s check says {verdictText[post.verdict].label}.
            </p>
          ) : null}
          {checked && checked.text !== '' ? (
            <>
              <h3>Your text, with problems marked</h3>
              <TextMirror text={checked.text} findings={checked.result.findings} />
            </>
          ) : null}
          {shownVerdict ? (
            <>
              <h3>Findings</h3>
              {photoFindings.length > 0 ? (
                <p className="muted">Findings about photos come from the server’s check at the last save.</p>
              ) : null}
              <FindingList findings={findings} fixFor={fixFor} />
            </>
          ) : null}
        </Section>
      </div>
    </Page>
  );
}

function readyExplanation(post: Post | undefined, dirty: boolean): string {
  if (!post) return 'Save the draft first; the server checks it again when you save.';
  if (dirty) return 'You have unsaved changes: save the draft, and the server checks it again.';
  if (post.verdict === 'block')
    return 'The server’s check blocks this post: it cannot be marked ready or sent for approval until every blocking finding is fixed.';
  if (post.verdict === 'review')
    return 'The server’s check asks for a review: a manager or a member of the SMT other than you must approve it.';
  if (post.requiresApproval)
    return 'Every post on this account needs approval by a manager or a member of the SMT.';
  return 'The server’s check found no problem: you may mark it ready and then publish it.';
}

function AccountSelect({
  accounts,
  value,
  error,
  onChange,
}: {
  accounts: { id: string; label: string }[];
  value: string;
  error: string | undefined;
  onChange: (id: string) => void;
}) {
  const selectId = useId();
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={selectId}>Account</label>
      {error ? (
        <p className="field__error" id={`${selectId}-error`}>
          {error}
        </p>
      ) : null}
      <select
        id={selectId}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${selectId}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Choose an approved account</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label}
          </option>
        ))}
      </select>
    </div>
  );
}
