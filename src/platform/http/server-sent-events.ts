/**
 * Server-sent events (the WHATWG `text/event-stream` format), read as a client: lines end in LF, CRLF or
 * CR; a blank line dispatches the event gathered so far; a line starting with `:` is a comment (servers
 * send them as heartbeats); `data` lines are joined with LF. Knows no platform.
 */

export interface ServerSentEvent {
  /** The `event:` field, or `message` when the server named none. */
  type: string;
  data: string;
  /** The last `id:` seen on the stream, if any. */
  lastEventId: string | undefined;
}

export interface ServerSentEventParser {
  /** Feeds decoded text as it arrives; events may be split anywhere, even between CR and LF. */
  push(text: string): void;
}

/** A parser that calls `onEvent` for each complete event. An unfinished event at the end is dropped. */
export function createServerSentEventParser(
  onEvent: (event: ServerSentEvent) => void,
): ServerSentEventParser {
  let buffer = '';
  // A chunk that ended in CR: an LF opening the next chunk belongs to the same line end.
  let skipLeadingLf = false;
  let type = '';
  let data: string[] = [];
  let lastEventId: string | undefined;

  const dispatch = () => {
    // The format says an event with no data is not dispatched (only its fields are reset).
    if (data.length > 0) onEvent({ type: type || 'message', data: data.join('\n'), lastEventId });
    type = '';
    data = [];
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    // `retry` and unknown fields are ignored: reconnection timing is the caller's.
  };

  return {
    push(text) {
      if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
      skipLeadingLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 === buffer.length) skipLeadingLf = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}

/**
 * Reads a response body as server-sent events until the stream ends (resolves) or fails or is aborted
 * (rejects). UTF-8 is decoded across chunk boundaries.
 */
export async function readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ServerSentEvent) => void,
): Promise<void> {
  const parser = createServerSentEventParser(onEvent);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
  } finally {
    reader.releaseLock();
  }
}
