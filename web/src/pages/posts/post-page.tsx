import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../../api/client';
import {
  approvePost,
  markPostReady,
  type Post,
  type PublicationRecord,
  photoOriginalUrl,
  publishPost,
  sendPostBack,
} from '../../api/posts';
import { apiKey, postQuery, useRuleTitles } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../format';
import { Link } from '../../router';
import { pupilLabel } from '../checks/pupil-tagger';
import { TextMirror } from '../checks/text-mirror';
import '../checks/checks.css';
import {
  FindingList,
  PhotoThumb,
  PostStatusBadge,
  useAccountNames,
  useStaffNames,
  VerdictBadge,
  verdictText,
  withTitles,
} from './post-parts';
import './posts.css';

/**
 * `/posts/:id`: the stored revision of a post as the server checked it, with its findings, photos, tagged
 * pupils and approvals, and what this person may do next: edit it, mark it ready (or send it for
 * approval), approve it with a reason, or record where it was published.
 */
export function PostPage({ id }: { id: string }) {
  const ruleTitle = useRuleTitles();
  const queryClient = useQueryClient();
  const loaded = useQuery(postQuery(id));
  const [published, setPublished] = useState<PublicationRecord>();
  const post = loaded.data;
  const accountNames = useAccountNames(post ? [post.accountId] : []);
  const staff = useStaffNames();

  // A failed refresh (after publishing) leaves the post as it was shown; only a first load that fails says so.
  if (!post && loaded.isError)
    return (
      <Page title="Post">
        <ErrorNotice error={loaded.error} title="The post could not be loaded" />
      </Page>
    );
  if (!post)
    return (
      <Page title="Post">
        <Loading />
      </Page>
    );

  const verdict = verdictText[post.verdict];
  return (
    <Page
      title="Post"
      actions={
        post.abilities.edit ? (
          <Link className="button button--secondary" to={`/posts/${post.id}/edit`}>
            Edit the post
          </Link>
        ) : undefined
      }
    >
      <Section title="Summary" id="summary">
        <dl className="post-facts">
          <dt>Status</dt>
          <dd id="post-status">
            <PostStatusBadge status={post.status} />
          </dd>
          <dt>Account</dt>
          <dd>{accountNames.get(post.accountId) ?? 'A school account'}</dd>
          <dt>Author</dt>
          <dd>{staff.get(post.authorStaffId) ?? 'A member of staff'}</dd>
          <dt>Revision</dt>
          <dd>{post.revision}</dd>
          <dt>Checked</dt>
          <dd>
            <VerdictBadge verdict={post.verdict} /> {formatDateTime(post.checkedAt)}
          </dd>
          <dt>Approval</dt>
          <dd>
            {post.requiresApproval
              ? 'Every post on this account needs approval'
              : post.verdict === 'review'
                ? 'Needed: the check asks for a review'
                : 'Not needed'}
          </dd>
        </dl>
        <div className={`verdict__line verdict__line--${verdict.tone}`}>
          <span className="verdict__label">{verdict.label}</span>
          <span className="verdict__explain">{verdict.explain}</span>
        </div>
      </Section>

      <Section title="Text" id="post-text">
        {post.text.trim() === '' ? (
          <p className="muted">No text.</p>
        ) : (
          <TextMirror text={post.text} findings={withTitles(post.findings, ruleTitle)} />
        )}
      </Section>

      <Section title="Photos and pupils" id="post-photos">
        {post.photos.length === 0 ? (
          <p className="muted">No photos.</p>
        ) : (
          <ul className="plain-list post-photos" aria-label="Photos on this post">
            {post.photos.map((photo, index) => (
              <li key={photo.id} className="post-photo">
                <PhotoThumb post={post} photoId={photo.id} label={`Photo ${index + 1}`} />
                {photo.originalKept ? (
                  <>
                    <a href={photoOriginalUrl(post.id, photo.id)} download>
                      Download the original of photo {index + 1} (with location and camera data)
                    </a>
                    <span className="muted">Each download is recorded.</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {post.noIdentifiablePupils ? (
          <p>The author confirmed that no pupil can be identified in this post.</p>
        ) : post.taggedPupils.length === 0 ? (
          <p>No pupil is tagged.</p>
        ) : (
          <>
            <h3>Tagged pupils</h3>
            <ul>
              {post.taggedPupilDetails.map((p) => (
                <li key={p.id}>{pupilLabel(p)}</li>
              ))}
            </ul>
          </>
        )}
      </Section>

      <Section title="Findings" id="findings">
        <FindingList findings={post.findings} />
      </Section>

      <Section title="Approvals" id="approvals">
        {post.returns.length > 0 ? (
          <>
            <h3>Sent back for changes</h3>
            <ol className="approvals" aria-label="Sent back for changes">
              {post.returns.map((r) => (
                <li key={`${r.returnedByStaffId}-${r.at}`}>
                  <strong>{staff.get(r.returnedByStaffId) ?? 'An approver'}</strong> sent revision{' '}
                  {r.revision} back on {formatDateTime(r.at)}: <q>{r.reason}</q>
                </li>
              ))}
            </ol>
            <h3>Approved</h3>
          </>
        ) : null}
        {post.approvals.length === 0 ? (
          <p className="muted">No approval yet.</p>
        ) : (
          <ol className="approvals">
            {post.approvals.map((a) => (
              <li key={`${a.approverStaffId}-${a.at}`}>
                <strong>{staff.get(a.approverStaffId) ?? 'An approver'}</strong> approved revision{' '}
                {a.revision} on {formatDateTime(a.at)}: <q>{a.reason}</q>
                {a.revision !== post.revision ? ' (an earlier revision: it does not hold for this one)' : ''}
              </li>
            ))}
          </ol>
        )}
      </Section>

      <NextSteps
        post={post}
        published={published}
        onPost={(updated) => {
          // The answer is the post as it now stands; both lists show it too.
          queryClient.setQueryData(postQuery(id).queryKey, updated);
          void queryClient.invalidateQueries({ queryKey: apiKey('/api/posts') });
        }}
        onPublished={(record) => {
          setPublished(record);
          // The post is now published: its view names the archive record (linked for archive readers),
          // and the archive search has one more record.
          void queryClient.invalidateQueries({ queryKey: postQuery(id).queryKey });
          void queryClient.invalidateQueries({ queryKey: apiKey('/api/posts') });
          void queryClient.invalidateQueries({ queryKey: apiKey('/api/archive/posts') });
        }}
      />
    </Page>
  );
}

function NextSteps({
  post,
  published,
  onPost,
  onPublished,
}: {
  post: Post;
  published: PublicationRecord | undefined;
  onPost: (post: Post) => void;
  onPublished: (record: PublicationRecord) => void;
}) {
  if (published || post.status === 'published') {
    const publication = post.publication;
    const url = published?.publishedUrl ?? publication?.publishedUrl ?? null;
    return (
      <Section title="Published" id="next">
        {published ? (
          <Banner tone="success" title="Publication recorded" live>
            <p className="post-url">
              Guardpost keeps the archive record of this post, published at{' '}
              <a href={published.publishedUrl}>{published.publishedUrl}</a> on{' '}
              {formatDateTime(published.publishedAt)}.
            </p>
          </Banner>
        ) : (
          <p>
            This post was published
            {publication ? ` on ${formatDateTime(publication.publishedAt)}` : ''}; its archive record never
            changes.
          </p>
        )}
        {url && !published ? (
          <p id="published-url" className="post-url">
            Published at <a href={url}>{url}</a>
          </p>
        ) : null}
        {publication?.archiveReadable ? (
          <p>
            <Link to={`/archive/${publication.archiveId}`}>Open its archive record</Link>
          </p>
        ) : null}
      </Section>
    );
  }
  const { markReady, approve, publish } = post.abilities;
  if (!markReady && !approve && !publish) {
    return (
      <Section title="Next step" id="next">
        <p>{waitingText(post)}</p>
      </Section>
    );
  }
  return (
    <Section title="Next step" id="next">
      {markReady ? <MarkReady post={post} onPost={onPost} /> : null}
      {approve ? <ApproveForm post={post} onPost={onPost} /> : null}
      {approve ? <SendBackForm post={post} onPost={onPost} /> : null}
      {publish ? <PublishForm post={post} onPublished={onPublished} /> : null}
    </Section>
  );
}

function waitingText(post: Post): string {
  if (post.status === 'awaiting_approval')
    return 'Waiting for approval by a manager or a member of the SMT other than the author.';
  if (post.status === 'ready') return 'Approved or ready: the author publishes it and records where.';
  if (post.verdict === 'block') return 'Blocked: the author must fix the findings before it can go further.';
  if (post.returns.length > 0) return 'Sent back for changes: the author can change it and send it again.';
  return 'A draft: the author can still change it.';
}

function MarkReady({ post, onPost }: { post: Post; onPost: (post: Post) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const forApproval = post.requiresApproval || post.verdict === 'review';
  return (
    <div className="post-form">
      <p>
        {forApproval
          ? 'This post needs approval by a manager or a member of the SMT before it is published.'
          : 'The check found no problem: mark it ready, publish it on the platform, then record where.'}
      </p>
      {error ? <ErrorNotice error={error} title="That did not work" /> : null}
      <Button
        busy={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          markPostReady(post.id).then(
            (updated) => {
              setBusy(false);
              onPost(updated);
            },
            (failure: unknown) => {
              setBusy(false);
              setError(failure);
            },
          );
        }}
      >
        {forApproval ? 'Send for approval' : 'Mark ready to publish'}
      </Button>
    </div>
  );
}

function ApproveForm({ post, onPost }: { post: Post; onPost: (post: Post) => void }) {
  return (
    <ReasonForm
      title="Approve this post"
      intro="Read the text, the findings and the photos above first. Your name and reason are kept in the archive."
      label="Reason for approving"
      missing="Give the reason for approving: what you checked and why it may go out."
      submitLabel="Approve"
      failureTitle="The post was not approved"
      send={(reason) => approvePost(post.id, reason)}
      onPost={onPost}
    />
  );
}

/** Returns the post to its author as a draft, with the changes wanted. */
function SendBackForm({ post, onPost }: { post: Post; onPost: (post: Post) => void }) {
  return (
    <ReasonForm
      title="Or send it back for changes"
      intro="The post becomes a draft again; its author is told and sees your reason."
      label="What should change"
      missing="Say what the author should change."
      submitLabel="Send back for changes"
      submitVariant="secondary"
      failureTitle="The post was not sent back"
      send={(reason) => sendPostBack(post.id, reason)}
      onPost={onPost}
    />
  );
}

/** An approver's decision on a post, which always carries a reason (at least 3 characters, as the server asks). */
function ReasonForm(props: {
  title: string;
  intro: string;
  label: string;
  /** What to say when no reason was given. */
  missing: string;
  submitLabel: string;
  submitVariant?: 'secondary';
  failureTitle: string;
  send: (reason: string) => Promise<Post>;
  onPost: (post: Post) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const reasonId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    if (reason.trim().length < 3) {
      setError(props.missing);
      return;
    }
    setError(undefined);
    setBusy(true);
    props.send(reason.trim()).then(
      (updated) => {
        setBusy(false);
        props.onPost(updated);
      },
      (problem: unknown) => {
        setBusy(false);
        if (problem instanceof ApiError && problem.code === 'InvalidPost') setError(problem.message);
        else setFailure(problem);
      },
    );
  }

  return (
    <form className="post-form" onSubmit={submit} noValidate aria-labelledby={`${reasonId}-title`}>
      <h3 id={`${reasonId}-title`}>{props.title}</h3>
      <p>{props.intro}</p>
      <div className={error ? 'field field--error' : 'field'}>
        <label htmlFor={reasonId}>{props.label}</label>
        {error ? (
          <p className="field__error" id={`${reasonId}-error`}>
            {error}
          </p>
        ) : null}
        <textarea
          id={reasonId}
          rows={3}
          maxLength={2_000}
          value={reason}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${reasonId}-error` : undefined}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      {failure ? <ErrorNotice error={failure} title={props.failureTitle} /> : null}
      <div className="form-actions">
        <Button type="submit" {...(props.submitVariant ? { variant: props.submitVariant } : {})} busy={busy}>
          {props.submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** A web address the server will accept: https, with a host. */
export function publishedUrlProblem(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'Paste the address of the published post.';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'This is not a web address: paste the full address, starting with https://';
  }
  if (url.protocol !== 'https:') return 'The address must start with https://';
  if (url.hostname === '') return 'The address has no site name.';
  return undefined;
}

function PublishForm({
  post,
  onPublished,
}: {
  post: Post;
  onPublished: (record: PublicationRecord) => void;
}) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    const problem = publishedUrlProblem(url);
    setError(problem);
    if (problem) return;
    setBusy(true);
    publishPost(post.id, url.trim()).then(
      (record) => {
        setBusy(false);
        onPublished(record);
      },
      (failed: unknown) => {
        setBusy(false);
        // Errors about the address belong beside the field; anything else (a lapsed consent) above the button.
        if (failed instanceof ApiError && failed.code === 'InvalidPost') setError(failed.message);
        else setFailure(failed);
      },
    );
  }

  return (
    <form className="post-form" onSubmit={submit} noValidate aria-labelledby="publish-title">
      <h3 id="publish-title">Record publication</h3>
      <p>
        Publish the post on the platform exactly as approved, then paste its address here. Guardpost checks it
        once more and keeps an archive record that never changes.
      </p>
      <TextField
        label="Address of the published post"
        hint="The full web address, starting with https://"
        type="url"
        inputMode="url"
        autoComplete="off"
        value={url}
        error={error}
        onChange={(event) => setUrl(event.target.value)}
      />
      {failure ? <ErrorNotice error={failure} title="The publication was not recorded" /> : null}
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          Record publication
        </Button>
      </div>
    </form>
  );
}
