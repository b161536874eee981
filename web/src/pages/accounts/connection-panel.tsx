import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ConnectionOutcome } from '../../../../src/shared/links';
import {
  type Connection,
  connectWithAppPassword,
  disconnectAccount,
  type PlatformConnector,
  startConnection,
} from '../../api/connections';
import { connectionQuery, platformsQuery } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Section } from '../../components/page';
import { Badge, ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../format';
import { useRouter } from '../../router';
import { ConnectionChecks } from './connection-checks';

/** What the platform's sign-in page came back with (`?connection=` from the OAuth callback), in words. */
const outcomeMessages: Record<ConnectionOutcome, { tone: 'success' | 'warning' | 'danger'; text: string }> = {
  connected: { tone: 'success', text: 'The account is connected: Guardpost now reads its comments.' },
  refused: {
    tone: 'warning',
    text: 'The platform did not connect the account: permission was not given on its sign-in page.',
  },
  failed: {
    tone: 'danger',
    text: 'The platform refused to connect the account. Try again, or ask the platform’s administrator.',
  },
  offline: {
    tone: 'danger',
    text: 'Guardpost could not reach the platform (it may be running offline). Nothing was connected.',
  },
  not_allowed: {
    tone: 'danger',
    text: 'Only an approved account can be connected, and only by its owners or SMT.',
  },
  expired: {
    tone: 'warning',
    text: 'That connection link has expired or was already used. Start again with Connect.',
  },
};

const capabilityLabels: [keyof PlatformConnector['capabilities'], string][] = [
  ['publish', 'Publish approved posts'],
  ['publishPhotos', 'Publish photos'],
  ['publishTextOnly', 'Publish posts without a photo'],
  ['hide', 'Hide a comment'],
  ['delete', 'Delete a comment'],
  ['report', 'Report to the platform'],
  ['block', 'Block the author'],
  ['limitReplies', 'Limit replies on a post'],
  ['directMessageSettingReadable', 'Read the direct-message setting (clause 2.7)'],
  ['profileReadable', 'Read the profile (AUP link, clause 2.8)'],
];

/**
 * The account page's connection to its platform: whether it is connected (as whom), failed (and why) or not
 * connected; what the platform's connector can do; Connect (the platform's sign-in page, or a Bluesky app
 * password) and Disconnect with a reason, each offered only when the API says the viewer may.
 */
export function ConnectionPanel({ accountId }: { accountId: string }) {
  const connection = useQuery(connectionQuery(accountId));
  const platforms = useQuery(platformsQuery());
  const { location } = useRouter();
  const outcome = outcomeMessages[location.search.get('connection') as ConnectionOutcome];
  const connector = platforms.data?.platforms.find((p) => p.platform === connection.data?.platform);
  // Said after a disconnection, which removes the Disconnect button that asked for it.
  const [notice, setNotice] = useState<string>();
  return (
    <Section title="Connection to the platform" id="connection">
      {outcome ? <Banner tone={outcome.tone} title={outcome.text} id="connection-outcome" /> : null}
      {notice ? <Banner tone="success" live title={notice} /> : null}
      {connection.isPending ? <Loading /> : null}
      {connection.isError ? (
        <ErrorNotice error={connection.error} title="The connection could not be loaded" />
      ) : null}
      {connection.data ? (
        <>
          <ConnectionStatus connection={connection.data} />
          <ConnectionChecks
            connection={connection.data}
            platformName={
              connection.data.demo ? 'the demo platform' : (connector?.name ?? connection.data.platform)
            }
          />
          {connector ? <Capabilities connector={connector} /> : null}
          <ConnectionActions connection={connection.data} onDisconnected={setNotice} />
        </>
      ) : null}
    </Section>
  );
}

function ConnectionStatus({ connection }: { connection: Connection }) {
  if (!connection.connectable)
    return (
      <p id="connection-status">
        Guardpost has no connector for this platform: posts are published and comments checked by hand.
      </p>
    );
  if (connection.status === 'connected')
    return (
      <p id="connection-status">
        <Badge tone="good">Connected</Badge> as <strong>{connection.handle}</strong>
        {connection.demo ? ' to the demo platform (demo: nothing is sent to the real platform)' : ''}
        {connection.connectedAt ? ` since ${formatDateTime(connection.connectedAt)}` : ''}
      </p>
    );
  if (connection.status === 'failed')
    return (
      <div id="connection-status">
        <p>
          <Badge tone="bad">Connection failed</Badge> {connection.handle ? `(${connection.handle})` : null}
        </p>
        <p>Why: {connection.lastError ?? 'the platform stopped accepting Guardpost’s access'}.</p>
        <p>Connect again to restore it.</p>
      </div>
    );
  return (
    <p id="connection-status">
      <Badge tone="neutral">Not connected</Badge>{' '}
      {connection.status === 'disconnected' ? 'It was disconnected.' : 'It has never been connected.'}
    </p>
  );
}

/** How comments arrive here, and a push source the platform has that this deployment does not use. */
function commentsReadBy(connector: PlatformConnector): string {
  const inUse = connector.commentSourcesInUse;
  const unused = connector.capabilities.readComments.filter((source) => !inUse.includes(source));
  if (inUse.includes('webhook') || inUse.includes('stream'))
    return 'Read comments within seconds of their arrival (the platform tells Guardpost), and by polling every few minutes as a backstop';
  if (unused.includes('webhook'))
    return 'Read comments by polling every few minutes (webhooks are off in this deployment)';
  if (unused.includes('stream'))
    return 'Read comments by polling every few minutes (streaming is off in this deployment)';
  return 'Read comments by polling every few minutes';
}

function Capabilities({ connector }: { connector: PlatformConnector }) {
  const can = capabilityLabels.filter(([key]) => connector.capabilities[key] === true);
  const cannot = capabilityLabels.filter(([key]) => connector.capabilities[key] === false);
  return (
    <details className="connection-capabilities">
      <summary>What Guardpost can do on {connector.name}</summary>
      <ul aria-label={`What Guardpost can do on ${connector.name}`}>
        {connector.capabilities.readComments.length > 0 ? <li>{commentsReadBy(connector)}</li> : null}
        {can.map(([key, label]) => (
          <li key={key}>{label}</li>
        ))}
      </ul>
      {cannot.length > 0 ? (
        <p>The platform does not allow: {cannot.map(([, label]) => label.toLowerCase()).join(', ')}.</p>
      ) : null}
      {connector.capabilities.notes.length > 0 ? (
        <ul>
          {connector.capabilities.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}

function ConnectionActions({
  connection,
  onDisconnected,
}: {
  connection: Connection;
  onDisconnected(message: string): void;
}) {
  const { connect, disconnect } = connection.abilities;
  if (!connect && !disconnect) return null;
  return (
    <div className="connection-actions">
      {connect && connection.method === 'oauth' ? <OauthConnect connection={connection} /> : null}
      {connect && connection.method === 'app_password' ? (
        <AppPasswordConnect connection={connection} />
      ) : null}
      {disconnect ? <Disconnect connection={connection} onDisconnected={onDisconnected} /> : null}
    </div>
  );
}

function OauthConnect({ connection }: { connection: Connection }) {
  // A Mastodon account lives on its own server; the other platforms have one.
  const needsServer = connection.platform === 'mastodon';
  const [baseUrl, setBaseUrl] = useState(connection.baseUrl ?? '');
  const start = useMutation({
    mutationFn: () => startConnection(connection.accountId, needsServer ? baseUrl.trim() : undefined),
    onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };
  return (
    <form onSubmit={submit}>
      {start.isError ? <ErrorNotice error={start.error} title="The account could not be connected" /> : null}
      {needsServer ? (
        <TextField
          label="Server"
          hint="The Mastodon server the account is on, e.g. https://mastodon.social"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          required
        />
      ) : null}
      <p className="field__hint">You will sign in on the platform’s own page and come back here.</p>
      <Button type="submit" busy={start.isPending}>
        {connection.status === 'connected' ? 'Connect again' : 'Connect'}
      </Button>
    </form>
  );
}

function AppPasswordConnect({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const [identifier, setIdentifier] = useState(connection.handle?.replace(/^@/, '') ?? '');
  const [password, setPassword] = useState('');
  const [baseUrl, setBaseUrl] = useState(connection.baseUrl ?? '');
  const signIn = useMutation({
    mutationFn: () =>
      connectWithAppPassword(connection.accountId, {
        identifier: identifier.trim(),
        password,
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      }),
    onSuccess: (next) => {
      setPassword('');
      queryClient.setQueryData(connectionQuery(connection.accountId).queryKey, next);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  return (
    <form onSubmit={submit}>
      {signIn.isError ? (
        <ErrorNotice error={signIn.error} title="The account could not be connected" />
      ) : null}
      {signIn.isSuccess ? (
        <Banner tone="success" live title={`Connected as ${signIn.data.handle ?? identifier}`} />
      ) : null}
      <TextField
        label="Bluesky handle"
        value={identifier}
        onChange={(e) => setIdentifier(e.target.value)}
        autoComplete="username"
        required
      />
      <TextField
        label="App password"
        hint="Make one in Bluesky: Settings, Privacy and security, App passwords. It is exchanged for a session at once and never stored."
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete="off"
        minLength={8}
        required
      />
      <TextField
        label="Server (optional)"
        hint="Leave empty for bsky.social; give your own server's address if the account is elsewhere."
        value={baseUrl}
        onChange={(e) => setBaseUrl(e.target.value)}
      />
      <Button type="submit" busy={signIn.isPending}>
        {connection.status === 'connected' ? 'Connect again' : 'Connect'}
      </Button>
    </form>
  );
}

const revokedMessages = {
  yes: 'Disconnected: the platform has revoked Guardpost’s access.',
  no: 'Disconnected here, but the platform did not confirm it revoked the access: remove Guardpost in the platform’s settings too.',
  not_possible:
    'Disconnected here; this platform cannot revoke access for Guardpost: remove it in the platform’s settings too.',
} as const;

function Disconnect({
  connection,
  onDisconnected,
}: {
  connection: Connection;
  onDisconnected(message: string): void;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const disconnect = useMutation({
    mutationFn: () => disconnectAccount(connection.accountId, reason.trim()),
    onSuccess: async (result) => {
      onDisconnected(revokedMessages[result.revokedAtPlatform]);
      setConfirming(false);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: connectionQuery(connection.accountId).queryKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    disconnect.mutate();
  };
  return (
    <div className="connection-disconnect">
      {disconnect.isError ? (
        <ErrorNotice error={disconnect.error} title="The account could not be disconnected" />
      ) : null}
      {confirming ? (
        <form onSubmit={submit}>
          <p>
            Disconnecting stops Guardpost reading this account’s comments and publishing to it. Comments
            already in the queue stay there.
          </p>
          <TextField
            label="Why is it being disconnected?"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            minLength={3}
            maxLength={500}
            required
          />
          <div className="actions">
            <Button type="submit" variant="danger" busy={disconnect.isPending}>
              Yes, disconnect
            </Button>
            <Button variant="quiet" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Disconnect
        </Button>
      )}
    </div>
  );
}
