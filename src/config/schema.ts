import { z } from 'zod';

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
  /** Who runs this Thorbecke: the contact e-mail in the API description (and later security.txt). */
  THORBECKE_CONTACT_EMAIL: z.email().default('beheer@thorbecke.invalid'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;
