import { UsageError } from "../../../core/cli-args";
import { main } from "../../../bench/load.bench";

describe("load bench arguments", () => {
  const saved = process.env.MONGODB_URI;
  beforeAll(() => {
    process.env.MONGODB_URI = "mongodb://127.0.0.1:1/?directConnection=true";
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.MONGODB_URI;
    else process.env.MONGODB_URI = saved;
  });

  test("--warmup on a running stack needs its subgraphs' /ready endpoints, or it would not wait at all", async () => {
    await expect(main(["--gateway", "http://127.0.0.1:1/graphql", "--warmup", "60"])).rejects.toThrow(
      new UsageError(
        "--warmup with --gateway needs --ready URL,URL (the running subgraphs' /ready endpoints, e.g. http://127.0.0.1:4003/ready)",
      ),
    );
  });

  test("--ready goes with --gateway", async () => {
    await expect(main(["--ready", "http://127.0.0.1:1/ready"])).rejects.toThrow(
      /--ready names the subgraphs of a running stack/,
    );
  });
});
