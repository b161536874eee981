import { useQuery } from '@tanstack/react-query';
import type { Post } from '../../api/posts';
import { approvalQueueQuery, myPostsQuery } from '../../api/queries';
import { Page } from '../../components/page';
import { Empty, ErrorNotice, Loading } from '../../components/status';
import { type Column, DataTable } from '../../components/table';
import { formatDateTime } from '../../format';
import { Link } from '../../router';
import { PostStatusBadge, useAccountNames, useStaffNames, VerdictBadge } from './post-parts';
import './posts.css';

/** The first words of a post, to tell posts apart in a list. */
function preview(post: Post): string {
  const text = post.text.trim().replace(/\s+/g, ' ');
  if (text === '') return post.photos.length > 0 ? 'Photos only' : 'No text yet';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** `/posts`: the posts I wrote, newest change first, each linking to its page. */
export function MyPostsPage() {
  const posts = useQuery(myPostsQuery());
  const names = useAccountNames(posts.data?.map((p) => p.accountId) ?? []);
  const columns: Column<Post>[] = [
    { header: 'Post', cell: (p) => <Link to={`/posts/${p.id}`}>{preview(p)}</Link> },
    { header: 'Account', cell: (p) => names.get(p.accountId) ?? 'Account' },
    { header: 'Status', cell: (p) => <PostStatusBadge status={p.status} /> },
    { header: 'Check', cell: (p) => <VerdictBadge verdict={p.verdict} /> },
    { header: 'Updated', cell: (p) => formatDateTime(p.updatedAt) },
  ];
  return (
    <Page
      title="My posts"
      intro="Posts you wrote for the school's accounts. Each is checked against the policy whenever it is saved."
      actions={
        <Link className="button button--primary" to="/posts/new">
          Compose a post
        </Link>
      }
    >
      {posts.isPending ? <Loading /> : null}
      {posts.isError ? <ErrorNotice error={posts.error} title="Your posts could not be loaded" /> : null}
      {posts.isSuccess && posts.data.length === 0 ? <Empty>You have not written a post yet.</Empty> : null}
      {posts.isSuccess && posts.data.length > 0 ? (
        <DataTable
          caption="My posts"
          columns={columns}
          rows={[...posts.data].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))}
          rowKey={(p) => p.id}
        />
      ) : null}
    </Page>
  );
}

/** `/approvals`: posts waiting for approval by someone other than their author (never my own). */
export function ApprovalQueuePage() {
  const queue = useQuery(approvalQueueQuery());
  const names = useAccountNames(queue.data?.map((p) => p.accountId) ?? []);
  const staff = useStaffNames();
  const columns: Column<Post>[] = [
    // `from=approvals`: the navigation keeps Approvals highlighted on the post page (not My posts).
    { header: 'Post', cell: (p) => <Link to={`/posts/${p.id}?from=approvals`}>{preview(p)}</Link> },
    { header: 'Author', cell: (p) => staff.get(p.authorStaffId) ?? 'A member of staff' },
    { header: 'Account', cell: (p) => names.get(p.accountId) ?? 'Account' },
    { header: 'Check', cell: (p) => <VerdictBadge verdict={p.verdict} /> },
    { header: 'Photos', cell: (p) => String(p.photos.length) },
    { header: 'Waiting since', cell: (p) => formatDateTime(p.updatedAt) },
  ];
  return (
    <Page
      title="Posts waiting for approval"
      intro="Open a post to see its findings and photos, then approve it with a reason or send it back. You never approve your own posts (clause 2.2)."
    >
      {queue.isPending ? <Loading /> : null}
      {queue.isError ? (
        <ErrorNotice error={queue.error} title="The approval queue could not be loaded" />
      ) : null}
      {queue.isSuccess && queue.data.length === 0 ? <Empty>No post is waiting for you.</Empty> : null}
      {queue.isSuccess && queue.data.length > 0 ? (
        <DataTable
          caption="Posts waiting for approval"
          columns={columns}
          rows={[...queue.data].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))}
          rowKey={(p) => p.id}
        />
      ) : null}
    </Page>
  );
}
