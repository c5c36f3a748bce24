import { connect } from 'node:net';

export interface RawUploadResult {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** Bytes of the body the client managed to send. */
  sent: number;
  /** A socket error (ECONNRESET, EPIPE…) seen before the whole answer was read. */
  errorBeforeAnswer: string | null;
  /** The server ended the connection (FIN) after its answer. */
  serverEnded: boolean;
  /** Milliseconds from the first byte sent to the whole answer read. */
  answeredAfterMs: number | null;
}

export interface RawUploadOptions {
  /** Full URL of the upload route. */
  url: string;
  authorization?: string;
  /** Bytes of multipart body to send in all. */
  bodyBytes: number;
  /** Announce the length in Content-Length (true) or send the body chunked, unannounced (false). */
  declareLength: boolean;
  /** Stop sending after this many bytes and just wait (a client that gives up sending). */
  stopAfter?: number;
  /** How long to wait for the server to end the connection after its answer. */
  waitMs?: number;
  /**
   * Read nothing until done sending, as many clients do (they send the whole request, then read
   * the answer): an answer the server follows with a reset is then lost before it is read.
   */
  readAfterSending?: boolean;
}

/**
 * An upload sent over a raw TCP socket, as a real client would: it keeps sending until the
 * answer arrives (or until `stopAfter`), and reports exactly what it could read, and whether
 * the connection was reset before it could.
 */
export function rawUpload({ url, authorization, bodyBytes, declareLength, stopAfter, waitMs = 5000, readAfterSending = false }: RawUploadOptions): Promise<RawUploadResult> {
  const target = new URL(url);
  const boundary = 'rawuploadboundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  return new Promise((resolve) => {
    const socket = connect(Number(target.port), target.hostname);
    const received: Buffer[] = [];
    const result: RawUploadResult = { status: null, headers: {}, body: '', sent: 0, errorBeforeAnswer: null, serverEnded: false, answeredAfterMs: null };
    let answered = false;
    let started = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(finish, waitMs + 30_000);

    const parse = () => {
      const all = Buffer.concat(received);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = all.subarray(0, end).toString('latin1').split('\r\n');
      result.status = Number(lines[0]!.split(' ')[1]);
      result.headers = Object.fromEntries(lines.slice(1).map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const length = Number(result.headers['content-length'] ?? NaN);
      const body = all.subarray(end + 4);
      if (Number.isFinite(length) && body.length >= length) {
        result.body = body.subarray(0, length).toString('utf8');
        if (!answered) result.answeredAfterMs = Date.now() - started;
        answered = true;
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      parse();
    });
    socket.on('end', () => {
      result.serverEnded = true;
      if (answered) finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered) result.errorBeforeAnswer = error.code ?? error.message;
      finish();
    });
    socket.on('close', finish);
    if (readAfterSending) socket.pause();
    socket.on('connect', () => {
      started = Date.now();
      const headers = [
        `POST ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        declareLength ? `Content-Length: ${bodyBytes}` : 'Transfer-Encoding: chunked',
        '',
        '',
      ];
      socket.write(headers.join('\r\n'));
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const limit = Math.min(bodyBytes, stopAfter ?? Infinity);
      const frame = (part: Buffer) => (declareLength ? part : Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]));
      const pump = () => {
        while (!answered && !socket.destroyed && result.sent < limit) {
          const part = result.sent === 0 ? Buffer.concat([head, chunk.subarray(0, chunk.length - head.length)]) : chunk.subarray(0, Math.min(chunk.length, limit - result.sent));
          result.sent += part.length;
          if (!socket.write(frame(part))) return void socket.once('drain', pump);
        }
        // A client that stops sending waits for the answer; one that has sent everything too.
        if (readAfterSending && result.sent >= limit) setTimeout(() => socket.resume(), 300);
        if (result.sent >= limit && answered && result.serverEnded) finish();
      };
      pump();
      setTimeout(() => {
        if (answered && !result.serverEnded) finish();
      }, waitMs).unref();
    });
  });
}
