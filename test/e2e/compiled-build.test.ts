import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { freePort } from "../../core/database/free-port";
import { projectRoot } from "../../core/paths";
import { graphql } from "../support/graphql-client";
import { TEST_JWT_SECRET } from "../support/tokens";

const DATABASE = `e2e_compiled_${process.pid}`;
let start: ChildProcess | undefined;
let output = "";

afterAll(async () => {
  if (start && start.exitCode === null) start.kill("SIGKILL");
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  await client.db(DATABASE).dropDatabase();
  await client.close();
});

/** Resolves when `npm run start:dist` prints that the product is ready; rejects if it exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20000);
      if (output.includes("ready in")) resolveReady();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`start:dist exited with ${code}:\n${output}`)));
  });
}

test("`npm run build` compiles the product, and `npm run start:dist` serves it from dist/ with no compiler at run time", async () => {
  const build = spawnSync(process.execPath, ["-r", "@swc-node/register", "bin/build.ts"], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  expect(build.stderr).toMatch(/build: dist\/ holds \d+ files/);
  expect(build.status).toBe(0);
  expect(existsSync(join(projectRoot, "dist", "subgraphs", "catalog", "index.js"))).toBe(true);

  const [gateway, catalog, profile, personalization] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  start = spawn(process.execPath, ["dist/bin/start.js"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      MONGODB_DATABASE: DATABASE,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SEED_SCALE: "tiny",
      TRAIN_ON_START: "off",
      PROGRESS: "off",
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      SUBGRAPH_SECRET: "test-subgraph-secret-for-the-test-stacks-only-0123456789",
      REDIS_KEY_PREFIX: `test:${DATABASE}:`,
      GATEWAY_PORT: String(gateway),
      CATALOG_PORT: String(catalog),
      USER_PROFILE_PORT: String(profile),
      PERSONALIZATION_PORT: String(personalization),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await ready(start);

  // Every process of the product runs the compiled JavaScript, without @swc-node/register.
  const processes = spawnSync("ps", ["-o", "args=", "--ppid", String(start.pid)], { encoding: "utf8" })
    .stdout.trim()
    .split("\n");
  expect(processes.filter((line) => line.includes("dist/")).length).toBeGreaterThanOrEqual(4);
  expect(processes.some((line) => line.includes("swc"))).toBe(false);

  const result = await graphql<{
    searchCatalog: { edges: Array<{ node: { name: string; category: { name: string } } }> };
  }>(
    `http://127.0.0.1:${gateway}/graphql`,
    `
      {
        searchCatalog(text: "milk", first: 3) {
          edges {
            node {
              name
              category {
                name
              }
            }
          }
        }
      }
    `,
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!.searchCatalog.edges.length).toBeGreaterThan(0);

  // Ctrl-C stops every process gracefully.
  const exited = new Promise<number | null>((resolveExit) => start!.once("exit", resolveExit));
  start.kill("SIGINT");
  expect(await exited).toBe(0);
}, 240000);
