import { wantsHelp } from "../core/cli-help";
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "../core/config";
import { ROLES, type Role } from "../core/auth/principal";
import { signUserToken } from "../core/auth/tokens";

const USAGE =
  "usage: npm run token -- --user <user id> | --role service|admin [--subject NAME (default: the role)] [--hours N (default 24)]";

/**
 * `npm run token`: prints a bearer token signed with AUTH_JWT_SECRET (the public development secret
 * when unset): `--user u:sim:00001` for that shopper, `--role admin|service` for those roles
 * (subject `--subject`, default the role's name). Valid `--hours` (default 24). Tokens of an identity
 * provider (AUTH_JWKS_URL) cannot be made here.
 */
async function main(): Promise<void> {
  if (wantsHelp(process.argv.slice(2))) return void process.stdout.write(`${USAGE}\n`);
  const { values } = parseArgs({
    options: {
      user: { type: "string" },
      role: { type: "string" },
      subject: { type: "string" },
      hours: { type: "string" },
    },
    strict: true,
  });
  const role = (values.role ?? "shopper") as Role;
  if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(", ")}`);
  const subject = role === "shopper" ? values.user : (values.subject ?? values.user ?? role);
  if (!subject) fail("--user <user id> is needed for a shopper token");
  const hours = Number(values.hours ?? 24);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 365)
    fail("--hours must be a number of hours, at most 8760");
  const config = loadConfigOrExit();
  if (config.AUTH_JWKS_URL) fail("AUTH_JWKS_URL is set: tokens come from that identity provider, not from here");
  process.stdout.write(
    `${await signUserToken(config, { subject: subject!, role, ttlSeconds: Math.round(hours * 3600) })}\n`,
  );
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

void main();
