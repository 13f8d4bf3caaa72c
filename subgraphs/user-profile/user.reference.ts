import type { UserProfileContext } from "./context";
import { User } from "./user.type";

/** Resolves `User` references from other subgraphs, batched through the request's DataLoader. */
export async function resolveUserReference(reference: { id: string }, context: UserProfileContext): Promise<User | null> {
  const document = await context.loaders.user.load(reference.id);
  return document ? User.fromDocument(document) : null;
}
