/** What a verified token may claim to be (the `role` claim; absent means `shopper`). */
export const ROLES = ["shopper", "service", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is asking, as the gateway verified it: an anonymous caller, a shopper (`subject` is their user
 * id), a service (jobs, event ingestion) or an admin (`subject` names them).
 */
export type Principal = { role: "anonymous"; subject: null } | { role: Role; subject: string };

/** The caller without credentials. */
export const ANONYMOUS: Principal = Object.freeze({ role: "anonymous", subject: null });

/** A one-line description for logs and messages, e.g. `shopper u:sim:00001`. */
export function describePrincipal(principal: Principal): string {
  return principal.role === "anonymous" ? "anonymous" : `${principal.role} ${principal.subject}`;
}
