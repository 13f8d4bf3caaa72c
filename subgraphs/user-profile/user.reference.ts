import { requireOwner } from "../shared/authorization";
import type { UserProfileContext } from "./context";
import { User } from "./user.type";

/** Resolves `User` references from other subgraphs, batched through the request's DataLoader; only for the shopper's own principal (or service/admin), like `Query.user`. */
export async function resolveUserReference(
  reference: { id: string },
  context: UserProfileContext,
): Promise<User | null> {
  requireOwner(context, [reference.id]);
  const document = await context.loaders.user.load(reference.id);
  return document ? User.fromDocument(document) : null;
}
