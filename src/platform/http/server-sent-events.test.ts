import { describe, expect, it } from 'vitest';
import {
  createServerSentEventParser,
  readServerSentEvents,
  type ServerSentEvent,
} from './server-sent-events.js';

function parse(chunks: readonly string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = createServerSentEventParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('server-sent events', () => {
  it('reads a named event with one data line, as Mastodon sends a notification', () => {
    expect(parse(['event: notification\ndata: {"id":"1","type":"mention"}\n\n'])).toEqual([
      { type: 'notification', data: '{"id":"1","type":"mention"}', lastEventId: undefined },
    ]);
  });

  it('joins several data lines with a line feed and defaults the type to message', () => {
    expect(parse(['data: first\ndata:second\ndata:  third\n\n'])).toEqual([
      { type: 'message', data: 'first\nsecond\n third', lastEventId: undefined },
    ]);
  });

  it('skips comments and heartbeats, and dispatches nothing for an event without data', () => {
    expect(parse([':)\n', ':thump\n\n', 'event: delete\n\n', ':thump\nevent: update\ndata: x\n\n'])).toEqual([
      { type: 'update', data: 'x', lastEventId: undefined },
    ]);
  });

  it('puts back together an event split across chunks anywhere, CRLF split between chunks included', () => {
    const whole =
      'event: notification\r\ndata: {"type":"mention"}\r\n\r\nevent: notification\r\ndata: 2\r\n\r\n';
    const expected = [
      { type: 'notification', data: '{"type":"mention"}', lastEventId: undefined },
      { type: 'notification', data: '2', lastEventId: undefined },
    ];
    for (let cut = 1; cut < whole.length; cut++)
      expect(parse([whole.slice(0, cut), whole.slice(cut)]), `cut at ${cut}`).toEqual(expected);
    expect(parse([...whole])).toEqual(expected);
  });

  it('accepts lone CR line ends, keeps the last id, and drops an unfinished event at the end', () => {
    expect(parse(['id: 7\revent: a\rdata: one\r\rdata: unfinished\n'])).toEqual([
      { type: 'a', data: 'one', lastEventId: '7' },
    ]);
  });

  it('decodes UTF-8 split across chunks of a response body', async () => {
    const bytes = new TextEncoder().encode('data: café ✓\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    await readServerSentEvents(body, (e) => events.push(e));
    expect(events.map((e) => e.data)).toEqual(['café ✓']);
  });
});
