import "reflect-metadata";
import { MongoClient } from "mongodb";
import { loadConfig } from "../../core/config";
import { createLogger } from "../../core/logger";
import { openEventStream } from "../../subgraphs/user-profile/event-stream/open-event-stream";

/**
 * A consumer process for the event-stream crash test: it consumes the stream configured by its
 * environment against database TEST_DATABASE and, after applying its first batch and before
 * acknowledging it, prints `applied-unacked <n>` and waits, so the test can SIGKILL it exactly there.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, EVENT_STREAM: "redis" });
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  const db = client.db(process.env.TEST_DATABASE!);
  await openEventStream(db, config, createLogger("event-consumer-child", "silent"), {
    consume: true,
    beforeAck: async (ids) => {
      process.stdout.write(`applied-unacked ${ids.length}\n`);
      await new Promise(() => undefined);
    },
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
