import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received it. */
export interface ReceivedMail {
  /** The envelope sender, if one was given. */
  from: string | undefined;
  /** The envelope recipients. */
  to: string[];
  /** The whole message as sent: headers and (possibly encoded) body. */
  raw: string;
}

export interface TestSmtp {
  /** Where to send: `smtp://127.0.0.1:<port>`, for `emailJobHandlers({ smtpUrl })`. */
  url: string;
  /** Every message received, oldest first. */
  received: ReceivedMail[];
  /** The messages received for one recipient, oldest first. */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Recipients the server refuses at RCPT TO ("mailbox unavailable"), to test bounces. */
  refuse?: (address: string) => boolean;
}

/** A real SMTP server on a free local port (no TLS, no auth) keeping what it receives, for tests. */
export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) callback(new Error('mailbox unavailable'));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    to: (address) => received.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
