import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../core/config";
import { LearnedRetrieval } from "../../../ml/embeddings/learned-retrieval";
import { currentDeadline, Deadline, runWithDeadline, withoutDeadline } from "../../../subgraphs/shared/deadline";
import { useTestDatabase } from "../../support/test-database";

const test_ = useTestDatabase("learned_retrieval_swap");
const dataDir = mkdtempSync(join(tmpdir(), "learned-retrieval-swap-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test("opening and swapping model generations run outside the deadline of the request that triggers them", async () => {
  const seen: Array<Deadline | undefined> = [];
  const service = new LearnedRetrieval({
    db: test_.db,
    dataDir,
    config: loadConfig({ DATA_DIR: dataDir }),
    refreshMs: 0,
    detach: (work) =>
      withoutDeadline(() => {
        seen.push(currentDeadline());
        return work();
      }),
  });
  const deadline = new Deadline(10_000);
  await runWithDeadline(deadline, () => service.queryCandidates("candles", 10));
  await runWithDeadline(deadline, () => service.queryCandidates("candles", 10));
  // The first open, then a swap check: each detached, neither under the request's deadline.
  expect(seen).toEqual([undefined, undefined]);
  await service.close();
});
