import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { superviseDatabase } from "../../bin/stack";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../core/database/embedded-database";

/** `npm start`'s supervisor brings a crashed embedded FerretDB back on the same port and data, and says so. */
describe("embedded database supervision", () => {
  let dataDir: string;
  let database: EmbeddedDatabase;
  let client: MongoClient;
  let stopping = false;
  const lines: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "discovery-supervised-db-"));
    database = await startEmbeddedDatabase({ dataDir, log: () => undefined });
    client = new MongoClient(database.uri, { serverSelectionTimeoutMS: 30_000 });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    stopping = true;
    await client?.close();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("restarts FerretDB after a kill -9, logging it, with the data kept and clients reconnecting", async () => {
    const documents = client.db("supervised").collection<{ _id: string; value: number }>("kept");
    await documents.insertOne({ _id: "before", value: 1 });
    superviseDatabase(
      database,
      () => stopping,
      (line) => lines.push(line),
    );

    const first = database.process!();
    first.kill("SIGKILL");
    const deadline = Date.now() + 60_000;
    while (!lines.some((line) => line.startsWith("database listening again")) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));

    expect(lines[0]).toMatch(/^database exited \(SIGKILL\); restarting in 0.25 s$/);
    expect(lines).toContain(`database listening again on port ${database.port}`);
    expect(database.process!().pid).not.toBe(first.pid);
    // The same client, without reconnecting by hand, reads what was written before the crash.
    expect(await documents.findOne({ _id: "before" })).toEqual({ _id: "before", value: 1 });
  }, 90_000);
});
