import type { Db } from "mongodb";
import { COLLECTIONS } from "../core/documents/collections";
import type { UserDocument } from "../core/documents/user.document";

/** Inserts `users` synthetic shoppers `bu-0`, `bu-1`, … (no preferences, age verified), 1,000 a batch. */
export async function insertBenchShoppers(db: Db, users: number, now: Date): Promise<void> {
  const shoppers: UserDocument[] = Array.from({ length: users }, (_, index) => ({
    _id: `bu-${index}`,
    name: `Bench ${index}`,
    ageVerified: true,
    preferences: { dietary: [], excludedBrands: [], excludedCategoryIds: [] },
    createdAt: now,
    source: "bench",
  }));
  for (let start = 0; start < shoppers.length; start += 1000)
    await db.collection<UserDocument>(COLLECTIONS.users).insertMany(shoppers.slice(start, start + 1000));
}
