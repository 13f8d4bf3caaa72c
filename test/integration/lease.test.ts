import { useTestDatabase } from "../support/test-database";
import { LEASES_COLLECTION, tryAcquireLease, withLease } from "../../core/database/lease";

const database = useTestDatabase("lease");

test("of many processes racing for a free lease exactly one wins; it is theirs until released or expired", async () => {
  const attempts = await Promise.all(
    Array.from({ length: 8 }, (_, index) => tryAcquireLease(database.db, "race", 60_000, `host:${index}`)),
  );
  const winners = attempts.filter((lease) => lease !== null);
  expect(winners).toHaveLength(1);
  const winner = winners[0]!;
  expect(winner.holder).toMatch(/^host:\d:[0-9a-f-]{36}$/);
  expect(await tryAcquireLease(database.db, "race", 60_000, "host:other")).toBeNull();
  // Not re-entrant: the same owner asking again (another task of the same process) waits too.
  expect(await tryAcquireLease(database.db, "race", 60_000, winner.holder.split(":").slice(0, 2).join(":"))).toBeNull();
  expect(await winner.renew()).toBe(true);
  await winner.release();
  expect(await database.db.collection(LEASES_COLLECTION).countDocuments({ _id: "race" as never })).toBe(0);
  expect(await tryAcquireLease(database.db, "race", 60_000, "host:other")).not.toBeNull();
});

test("an expired lease can be taken over, and the old holder learns it lost it", async () => {
  const first = (await tryAcquireLease(database.db, "expiry", 50, "host:a"))!;
  expect(await tryAcquireLease(database.db, "expiry", 60_000, "host:b")).toBeNull();
  await new Promise((resolve) => setTimeout(resolve, 120));
  const second = await tryAcquireLease(database.db, "expiry", 60_000, "host:b");
  expect(second?.holder).toMatch(/^host:b:/);
  expect(await first.renew()).toBe(false);
});

test("withLease runs the work in one caller at a time and frees the lease after it, even when it throws", async () => {
  let running = 0;
  let most = 0;
  const work = async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, 200));
    running -= 1;
    return "built";
  };
  const outcomes = await Promise.all([
    withLease(database.db, "rebuild:x", 10_000, work),
    withLease(database.db, "rebuild:x", 10_000, work),
  ]);
  expect(most).toBe(1);
  expect(outcomes.filter((outcome) => outcome.held)).toHaveLength(1);
  expect(outcomes.find((outcome) => !outcome.held)).toEqual({ held: false, holder: expect.any(String) });
  await expect(
    withLease(database.db, "rebuild:x", 10_000, async () => Promise.reject(new Error("boom"))),
  ).rejects.toThrow("boom");
  expect(await withLease(database.db, "rebuild:x", 10_000, async () => "again")).toEqual({
    held: true,
    result: "again",
  });
});
