import { MongoClient, type Db } from "mongodb";
import { startFakeAnthropic, type FakeAnthropicServer } from "../../core/llm/fake-anthropic.server";

/** Read before the hooks ran is a mistake in the test, said as such. */
function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is opened in beforeAll: read it inside a test or a later hook`);
  return value;
}

/**
 * This test file's own database on the test server (jest's global setup starts one FerretDB): a fresh
 * `test_<name>_<pid>`, opened before the file's first test and dropped, with its connection closed, after
 * its last one, so nothing is left open at teardown. Call it at the top level of the file.
 */
export function useTestDatabase(name: string): { readonly db: Db; readonly client: MongoClient } {
  let client: MongoClient | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    client = await MongoClient.connect(process.env.MONGODB_URI!);
    db = client.db(`test_${name}_${process.pid}`);
    await db.dropDatabase();
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });
  return {
    get db() {
      return ready(db, "the test database");
    },
    get client() {
      return ready(client, "the test database's client");
    },
  };
}

/**
 * A fake Anthropic Messages API (a local server speaking its wire format) for this test file: started
 * before its first test, closed after its last. Call it at the top level of the file.
 */
export function useFakeAnthropic(): { readonly server: FakeAnthropicServer } {
  let server: FakeAnthropicServer | undefined;
  beforeAll(async () => {
    server = await startFakeAnthropic();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      return ready(server, "the fake Anthropic server");
    },
  };
}
