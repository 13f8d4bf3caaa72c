import { defineCommand, parseCommandLine } from "../core/cli-args";
import { loadConfigOrExit } from "../core/config";
import { ROLES, type Role } from "../core/auth/principal";
import { signUserToken } from "../core/auth/tokens";

const ARGS = defineCommand({
  command: "npm run token --",
  summary:
    "Prints a bearer token signed with AUTH_JWT_SECRET (the public development secret when unset). Tokens of an identity provider (AUTH_JWKS_URL) cannot be made here.",
  options: {
    user: { type: "string", value: "ID", help: "the shopper the token is for (a shopper token), e.g. u:sim:00001" },
    role: { type: "string", choices: ROLES, default: "shopper", help: "the token's role" },
    subject: { type: "string", value: "NAME", help: "subject of a service or admin token (default the role's name)" },
    hours: { type: "number", min: 0, exclusiveMin: true, max: 24 * 365, default: 24, help: "hours the token is valid" },
  },
});

/**
 * `npm run token`: prints a bearer token signed with AUTH_JWT_SECRET (the public development secret
 * when unset): `--user u:sim:00001` for that shopper, `--role admin|service` for those roles
 * (subject `--subject`, default the role's name). Valid `--hours` (default 24). Tokens of an identity
 * provider (AUTH_JWKS_URL) cannot be made here.
 */
async function main(): Promise<void> {
  const values = parseCommandLine(ARGS);
  if (!values) return;
  const role = values.role as Role;
  const subject = role === "shopper" ? values.user : (values.subject ?? values.user ?? role);
  if (!subject) fail("--user <user id> is needed for a shopper token");
  const config = loadConfigOrExit();
  if (config.AUTH_JWKS_URL) fail("AUTH_JWKS_URL is set: tokens come from that identity provider, not from here");
  process.stdout.write(
    `${await signUserToken(config, { subject: subject!, role, ttlSeconds: Math.round(values.hours * 3600) })}\n`,
  );
}

function fail(message: string): never {
  process.stderr.write(`error: ${message}\nusage: ${ARGS.usage}\n`);
  process.exit(2);
}

void main();
