import { MongoClient, type Db } from "mongodb";
import { Deadline, deadlineBoundDb, runWithDeadline, withoutDeadline } from "../../subgraphs/shared/deadline";
import { DeadlineExceededError, formatError, isDeadlineExpired } from "../../subgraphs/shared/errors";
import { GraphQLError } from "graphql";

/**
 * Request deadlines on real FerretDB: a read started before the deadline gets `maxTimeMS` = the time
 * left and the server stops it there; a read after it never reaches the database; work outside a
 * request, or explicitly without a deadline (writes that must finish), is never cut.
 */
describe("request deadlines on database reads", () => {
  let client: MongoClient;
  let raw: Db;
  let db: Db;
  // A filter FerretDB cannot push down: every read below scans all 20,000 documents in Go.
  const slow = { k: 3, text: { $regex: "never-there" } };

  beforeAll(async () => {
    client = await MongoClient.connect(process.env.MONGODB_URI!);
    raw = client.db(`test_deadline_${process.pid}`);
    await raw.dropDatabase();
    const documents = raw.collection<{ _id: string; k: number; text: string }>("big");
    for (let batch = 0; batch < 10; batch++)
      await documents.insertMany(
        Array.from({ length: 2000 }, (_, index) => ({
          _id: `d${batch}-${index}`,
          k: index % 7,
          text: "x".repeat(300),
        })),
      );
    db = deadlineBoundDb(raw);
  }, 120000);

  afterAll(async () => {
    await raw.dropDatabase();
    await client.close();
  });

  it("a slow scan is stopped by the server at the deadline, while a read of its own deadline beside it answers", async () => {
    const stalled = runWithDeadline(new Deadline(30), () => db.collection("big").find(slow).toArray());
    const beside = runWithDeadline(new Deadline(10_000), () => db.collection("big").findOne({ _id: "d0-1" } as never));
    const [cut, answered] = await Promise.allSettled([stalled, beside]);
    expect(cut.status).toBe("rejected");
    expect(isDeadlineExpired((cut as PromiseRejectedResult).reason)).toBe(true);
    expect(answered).toMatchObject({ status: "fulfilled", value: { _id: "d0-1" } });
    const reads: Array<() => Promise<unknown>> = [
      () =>
        db
          .collection("big")
          .aggregate([{ $match: slow }])
          .toArray(),
      () => db.collection("big").countDocuments(slow),
    ];
    for (const read of reads) {
      const reason = await runWithDeadline(new Deadline(30), read).then(
        () => "finished",
        (error: unknown) => error,
      );
      expect(isDeadlineExpired(reason)).toBe(true);
    }
  });

  it("a read after the deadline throws DEADLINE_EXCEEDED without reaching the database", async () => {
    const expired = new Deadline(1, Date.now() - 10);
    await expect(
      runWithDeadline(expired, async () => db.collection("big").findOne({ _id: "d0-1" } as never)),
    ).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it("outside a request, and in work marked to finish, the same scan runs to the end", async () => {
    await expect(db.collection("big").find(slow).toArray()).resolves.toEqual([]);
    await expect(
      runWithDeadline(new Deadline(30), () => withoutDeadline(() => db.collection("big").countDocuments(slow))),
    ).resolves.toBe(0);
  });

  it("a read stopped by maxTimeMS reaches the client as DEADLINE_EXCEEDED, never INTERNAL", async () => {
    const reason = await runWithDeadline(new Deadline(30), () => db.collection("big").find(slow).toArray()).catch(
      (error: unknown) => error,
    );
    const format = formatError(false, () => undefined);
    const formatted = format({ message: "x" }, new GraphQLError("x", { originalError: reason as Error }));
    expect(formatted.extensions?.code).toBe("DEADLINE_EXCEEDED");
  });
});
