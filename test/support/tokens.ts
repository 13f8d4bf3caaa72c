import type { Role } from "../../core/auth/principal";
import { signUserToken } from "../../core/auth/tokens";

/** The shared secret every test stack verifies user tokens with (production-mode stacks refuse the development one). */
export const TEST_JWT_SECRET = "test-jwt-secret-for-the-test-stacks-only-0123456789";

/** A bearer token for `subject`: a shopper (their user id) unless `role` says service or admin. */
export function tokenFor(subject: string, role: Role = "shopper"): Promise<string> {
  return signUserToken(
    { AUTH_JWT_SECRET: TEST_JWT_SECRET, AUTH_ISSUER: undefined, AUTH_AUDIENCE: undefined },
    { subject, role, ttlSeconds: 3600 },
  );
}

/** A bearer token with the admin role (may read and change every shopper's data). */
export function adminToken(): Promise<string> {
  return tokenFor("test-admin", "admin");
}
