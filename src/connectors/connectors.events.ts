/**
 * The connectors' audit events (merged into the platform's AuditEvent union). No token, password or
 * profile text is ever recorded: which account, which platform, what happened.
 */
type AccountSubject = { type: 'account'; id: string };

export type ConnectorAuditEvent =
  | {
      type: 'connection.started';
      subject: AccountSubject;
      data: { platform: string; baseUrl: string; method: 'oauth' | 'app_password' };
    }
  | {
      type: 'connection.connected';
      subject: AccountSubject;
      data: { platform: string; baseUrl: string; platformAccountId: string; handle: string };
    }
  | {
      type: 'connection.disconnected';
      subject: AccountSubject;
      data: { platform: string; revokedAtPlatform: 'yes' | 'no' | 'not_possible'; reason: string };
    }
  | {
      type: 'connection.failed';
      subject: AccountSubject;
      data: { platform: string; code: string; reason: string };
    }
  | {
      type: 'connection.token_refreshed';
      subject: AccountSubject;
      data: { platform: string; expiresAt: string | null };
    }
  | {
      type: 'connection.profile_changed';
      subject: AccountSubject;
      data: { platform: string; fields: string[] };
    }
  | {
      type: 'connection.profile_checked';
      subject: AccountSubject;
      data: { platform: string; aupLink: 'found' | 'not_found'; officialEmail: 'found' | 'not_found' };
    }
  | {
      type: 'post.published_through_connector';
      subject: { type: 'post'; id: string };
      data: { platform: string; platformPostId: string; url: string; revision: number };
    }
  | {
      type: 'post.publish_failed';
      subject: { type: 'post'; id: string };
      data: { platform: string; code: string; reason: string; revision: number };
    }
  | {
      type: 'post.publish_scheduled';
      subject: { type: 'post'; id: string };
      data: { platform: string; at: string; revision: number };
    };
