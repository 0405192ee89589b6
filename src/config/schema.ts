import ms from 'ms';
import { z } from 'zod';

/** A duration such as `90s`, `30m`, `2h`, `1d` or `7d` (the `ms` package's notation), as milliseconds. */
const duration = (min: number) =>
  z
    .string()
    .transform((text, ctx) => {
      const value = ms(text as ms.StringValue) as number | undefined;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
        ctx.addIssue({ code: 'custom', message: `must be a duration of at least ${ms(min, { long: true })}, such as 30m, 2h or 7d` });
        return z.NEVER;
      }
      return value;
    });

/**
 * Every setting of Thorbecke, read once from the environment at start-up. Each key is documented in
 * README.md (Configuration); a bad value stops the process with a message naming the variable.
 */
export const configSchema = z.strictObject({
  /** TCP port of the web server (0: any free port). */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address the web server binds to; `0.0.0.0` or `::` to listen on all interfaces. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder of the embedded database (PGlite) and other local state. */
  THORBECKE_DATA_DIR: z.string().min(1).default('./data'),
  /** A PostgreSQL server to use instead of the embedded database, e.g. postgres://user@host:5432/thorbecke. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Where `thorbecke import organisations --download` fetches the register export. */
  THORBECKE_REGISTER_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://organisaties.overheid.nl/archive/exportOO.xml'),
  /** The strategy file applied on first start (relative to the working directory or absolute). */
  THORBECKE_STRATEGY_FILE: z.string().min(1).optional(),
  /** Language used when a visitor's browser does not ask for one. */
  THORBECKE_DEFAULT_LANG: z.enum(['nl', 'en']).default('nl'),
  /** The public address of this Thorbecke, used in absolute links (API contact, open data). */
  THORBECKE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:8080/'),
  /** Who runs this Thorbecke: the contact e-mail in the API description (and, by default, security.txt). */
  THORBECKE_CONTACT_EMAIL: z.email().default('beheer@thorbecke.invalid'),
  /** The Contact of /.well-known/security.txt (a mailto: or https: URI); default mailto: THORBECKE_CONTACT_EMAIL. */
  THORBECKE_SECURITY_CONTACT: z
    .string()
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: or https:// URI')
    .optional(),
  /** The Policy of /.well-known/security.txt: where the vulnerability disclosure policy is published. */
  THORBECKE_SECURITY_POLICY: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
  /** The compliance status of Thorbecke's own accessibility statement (/accessibility), A–E as in the national register. */
  THORBECKE_ACCESSIBILITY_STATUS: z.enum(['A', 'B', 'C', 'D', 'E']).default('C'),
  /** The date of the accessibility statement (ISO date); the default is the date of this release's statement. */
  THORBECKE_ACCESSIBILITY_STATEMENT_DATE: z.iso.date().default('2026-11-29'),
  /** The date the accessibility statement was last reviewed (ISO date); default its date. */
  THORBECKE_ACCESSIBILITY_REVIEW_DATE: z.iso.date().optional(),
  /** Where to report an accessibility problem (a mailto: or https: URI); default mailto: THORBECKE_CONTACT_EMAIL. */
  THORBECKE_ACCESSIBILITY_CONTACT: z
    .string()
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: or https:// URI')
    .optional(),
  /** Working days within which a report of an accessibility problem is answered. */
  THORBECKE_ACCESSIBILITY_REPLY_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  /** The known accessibility problems and their planned fixes (YAML, format in src/web/pages/accessibility-problems.ts); without it none are known. */
  THORBECKE_ACCESSIBILITY_PROBLEMS_FILE: z.string().min(1).optional(),
  /** Requests per minute per client address to /api/* (0: no limit); each web process counts on its own. */
  THORBECKE_API_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /** `on` behind a reverse proxy: the client address is the rightmost X-Forwarded-For entry. */
  THORBECKE_TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  /** The OpenID Connect providers (YAML, see docs/oidc.md): organisations' identity providers and their mapping. */
  THORBECKE_OIDC_FILE: z.string().min(1).optional(),
  /** The validating DNS resolver the scanner asks (HOST[:PORT]); without it nothing is scanned. */
  THORBECKE_RESOLVER: z.string().min(1).optional(),
  /** Extra trusted root certificates (PEM file), e.g. the sealed test network's CA. */
  THORBECKE_CA_FILE: z.string().min(1).optional(),
  /** Comma-separated address ranges the scanner may connect to although they are not public (test networks). */
  THORBECKE_ALLOW_TARGETS: z.string().min(1).optional(),
  /** Validated ROA payloads (rpki-client or Routinator JSON) and the prefix-to-origin table (CAIDA pfx2as). */
  THORBECKE_RPKI_ROAS: z.string().min(1).optional(),
  THORBECKE_RPKI_ORIGINS: z.string().min(1).optional(),
  /** Seconds per connection or query of a check. */
  THORBECKE_SCAN_TIMEOUT: z.coerce.number().positive().max(120).default(5),
  /** Domains scanned at once by one process (the global limit per server or worker process). */
  THORBECKE_SCAN_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
  /** Domains scanned at once whose web server shares one IP address (hosting providers). */
  THORBECKE_SCAN_PER_IP: z.coerce.number().int().min(1).max(512).default(4),
  /** Domains of one organisation scanned at once. */
  THORBECKE_SCAN_PER_ORGANISATION: z.coerce.number().int().min(1).max(512).default(4),
  /**
   * Seconds a scan job may run before the queue gives it to another worker (a worker that died holds its
   * jobs this long). A domain's checks take at most six times THORBECKE_SCAN_TIMEOUT.
   */
  THORBECKE_SCAN_JOB_EXPIRY: z.coerce.number().int().min(5).max(86_400).default(600),
  /** Seconds before a failed scan job is tried again (doubling with each attempt, three retries). */
  THORBECKE_SCAN_RETRY_DELAY: z.coerce.number().int().min(1).max(86_400).default(30),
  /** Whether `thorbecke serve` schedules scans by itself (cadences below). */
  THORBECKE_SCHEDULER: z.enum(['on', 'off']).default('on'),
  /** Whether `thorbecke serve` also runs scan workers (off when separate `thorbecke worker` processes do). */
  THORBECKE_SERVE_WORKERS: z.enum(['on', 'off']).default('on'),
  /**
   * How often each check family is measured: groups of families with a period, separated by `;`.
   * Each domain gets a fixed offset inside the period, so a round is spread over it, not started at once.
   */
  THORBECKE_SCAN_CADENCE: z.string().min(1).default('dns,ipv6,web,security-txt,rpki=1d; tls,cert,mail,hosting=7d'),
  /** How long after a pass↔fail change a re-check confirms it before it counts. */
  THORBECKE_CONFIRM_DELAY: duration(0).default(ms('1h')),
  /** How long raw facts (evidence) are kept; the newest evidence of every current status is kept regardless. */
  THORBECKE_EVIDENCE_RETENTION: duration(ms('1h')).default(ms('90d')),
  /**
   * How often a server recomputes the progress of organisations whose measurements, planned dates or
   * explanations changed (incrementally; every organisation once a day).
   */
  THORBECKE_PROGRESS_INTERVAL: duration(ms('1s')).default(ms('10s')),
  /**
   * The SMTP server that sends notification e-mail, e.g. smtp://127.0.0.1:2525 or smtps://user:pass@mail.example.nl;
   * without it e-mail subscriptions are kept but not delivered.
   */
  THORBECKE_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** The From address of notification e-mail. */
  THORBECKE_MAIL_FROM: z.string().min(3).default('Thorbecke <thorbecke@thorbecke.invalid>'),
  /** How often new progress events are delivered to subscribers (e-mail, webhooks). */
  THORBECKE_NOTIFY_INTERVAL: duration(ms('1s')).default(ms('1m')),
  /** How long after a failed delivery it is tried again (doubling with each attempt). */
  THORBECKE_NOTIFY_RETRY_DELAY: duration(ms('1s')).default(ms('5m')),
  /** Attempts per notification before it is given up (recorded as failed with the last error). */
  THORBECKE_NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Seconds an SMTP server or a webhook may take to answer. */
  THORBECKE_NOTIFY_TIMEOUT: z.coerce.number().positive().max(120).default(10),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;
