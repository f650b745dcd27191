/**
 * A real SMTP server (the `smtp-server` package) on a loopback port for the delivery tests: it takes
 * every message, keeps its envelope and raw text, and requires a login when `login` is given.
 */
import { SMTPServer } from "smtp-server";
import { listenOnFreePort } from "../../helpers/ports";

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: string;
  /** The login the client used, if any. */
  user?: string;
}

export interface TestSmtpServer {
  url: string;
  messages: ReceivedMessage[];
  close(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1 on a free port.
 *
 * @example
 * const smtp = await startSmtpServer({ login: { user: "mailer", pass: "s3cret" } });
 */
export async function startSmtpServer(
  options: { login?: { user: string; pass: string } } = {},
): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  const server = new SMTPServer({
    // Loopback only: no TLS certificate to trust, so no STARTTLS; a login over plain text is allowed here.
    disabledCommands: options.login ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    authOptional: !options.login,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.login && auth.username === options.login.user && auth.password === options.login.pass) {
        callback(null, { user: auth.username });
      } else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: typeof session.user === "string" ? session.user : undefined,
        });
        callback();
      });
    },
  });
  // SMTPServer.listen() is its net.Server's listen().
  const port = await listenOnFreePort(server.server);
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The MIME parts of a message: headers (lower-case names) and the decoded body. */
export interface MimePart {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Splits a multipart message into its leaf parts (enough of RFC 2045/2046 for nodemailer's output).
 *
 * @example
 * const json = mimeParts(raw).find((p) => p.headers["content-type"].startsWith("application/json"));
 */
export function mimeParts(raw: string): MimePart[] {
  const [head, ...rest] = raw.split(/\r\n\r\n/);
  const body = rest.join("\r\n\r\n");
  const headers = parseHeaders(head);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers["content-type"] ?? "")?.[1];
  if (!boundary) {
    const encoding = (headers["content-transfer-encoding"] ?? "").toLowerCase();
    const decoded =
      encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64")
        : encoding === "quoted-printable"
          ? decodeQuotedPrintable(body)
          : Buffer.from(body, "utf8");
    return [{ headers, body: decoded }];
  }
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith("--"))
    .flatMap((part) => mimeParts(part.replace(/^\r\n/, "")));
}

/** The headers of a message or part, unfolded, by lower-case name. */
export function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const clean = text.replace(/=\r\n/g, "");
  for (let i = 0; i < clean.length; i++) {
    if (clean[i] === "=" && /^[0-9A-F]{2}$/i.test(clean.slice(i + 1, i + 3))) {
      bytes.push(parseInt(clean.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(clean[i], "utf8"));
  }
  return Buffer.from(bytes);
}
