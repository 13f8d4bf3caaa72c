import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import type { Stack } from "../../bin/stack";
import { projectRoot } from "../../core/paths";
import type { PageOperation, PageOperationResult, ServerRenderer } from "../../gateway/storefront";
import { graphql } from "../support/graphql-client";
import { tokenFor } from "../support/tokens";
import { startTestStack } from "../support/test-stack";

// Issue 20: the storefront (web/) built and served by the gateway at `/`, with home rendered on the
// server and hydrated in the browser, driven in Debian's Chromium through playwright-core (no browser
// download). Flows: home (server-rendered, hydrated without a query), first render measured against
// the gateway's HOME time, shopper switch, weight slider, search with an interpretation chip, cart
// with the checkout aisle, category paging, UNAVAILABLE with a retry; axe-core finds no serious
// violation; screenshots of home and search go to docs/.

const CHROMIUM = "/usr/bin/chromium";
const DATABASE = `e2e_storefront_${process.pid}`;
const SHOPPER = "u:sim:00001";
let stack: Stack;
let base: string;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
/** Every request the page made, to show nothing leaves the gateway's origin (no CDN). */
const requests: string[] = [];

beforeAll(async () => {
  // A production build (Jest sets NODE_ENV=test, which Vite would otherwise honour with a development build).
  execFileSync("npm", ["run", "-s", "build:web"], {
    cwd: projectRoot,
    stdio: "pipe",
    env: { ...process.env, NODE_ENV: "production" },
  });
  stack = await startTestStack(DATABASE);
  base = stack.gatewayUrl.replace(/\/graphql$/, "");
  userDataDir = mkdtempSync(join(tmpdir(), "storefront-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (request) => requests.push(request.url()));
}, 240000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await stack?.stop();
});

/** The next /graphql request for `operationName` (optionally matching its variables) and its JSON body. */
async function operation(
  name: string,
  action: () => Promise<unknown>,
  where: (variables: Record<string, unknown>) => boolean = () => true,
): Promise<{ request: Request; body: { data?: unknown; errors?: unknown[] } }> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => {
      if (!candidate.url().endsWith("/graphql") || candidate.request().method() !== "POST") return false;
      const sent = candidate.request().postDataJSON() as {
        operationName?: string;
        variables?: Record<string, unknown>;
      };
      return sent.operationName === name && where(sent.variables ?? {});
    }),
    action(),
  ]);
  return { request: response.request(), body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

const productNames = (scope: string) => page.locator(`${scope} article.item h3`).allInnerTexts();

/** Waits until the product names shown in `scope` differ from `before` (the page re-rendered new data). */
function namesChange(scope: string, before: string[]): Promise<unknown> {
  const selector = JSON.stringify(`${scope} article.item h3`);
  return page.waitForFunction(
    `[...document.querySelectorAll(${selector})].map((h) => h.textContent).join("|") !== ${JSON.stringify(before.join("|"))}`,
  );
}

async function axeSerious(): Promise<Array<{ id: string; impact: string; nodes: number }>> {
  // Evaluated through the DevTools protocol, so the page's Content-Security-Policy (script-src 'self') stays on.
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const violations = await page.evaluate(async () => {
    const browser = globalThis as unknown as {
      document: unknown;
      axe: {
        run: (
          context: unknown,
          options: object,
        ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
      };
    };
    const result = await browser.axe.run(browser.document, { resultTypes: ["violations"] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.length,
    }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

test("home arrives rendered by the gateway and hydrates without querying again; no token or raw markup in the embedded state", async () => {
  const homeQuery = readOperations();
  // The gateway's first HOME of a fresh stack warms its caches; the page then gets a warm one too.
  expect((await graphql(stack.gatewayUrl, homeQuery, { userId: null, weights: null })).errors).toBeUndefined();
  const sent: string[] = [];
  const onRequest = (request: Request) => {
    if (request.url().endsWith("/graphql") && request.method() === "POST")
      sent.push(String((request.postDataJSON() as { operationName?: string }).operationName));
  };
  const problems: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === "error") problems.push(message.text());
  };
  const onError = (error: Error) => problems.push(error.message);
  page.on("request", onRequest);
  page.on("console", onConsole);
  page.on("pageerror", onError);
  const response = await page.goto(`${base}/`);
  const html = (await response!.text()) ?? "";
  // The HTML itself holds the carousels and the Apollo cache that fills them.
  expect(html).toMatch(/<section class="carousel"/);
  expect(html).toContain('<script type="application/json" id="storefront-state">');
  expect(html).not.toMatch(/Bearer|eyJhbGci/);
  expect(response!.headers()["content-security-policy"]).toContain("default-src 'self'");
  // Hydrated: the Performance API mark Home sets once its carousels are mounted in React.
  await page.waitForFunction(() => performance.getEntriesByName("storefront:home-rendered").length > 0);
  await page.waitForLoadState("networkidle");
  page.off("request", onRequest);
  page.off("console", onConsole);
  page.off("pageerror", onError);
  // HOME came from the embedded cache (the sliders' Dimensions too); no hydration mismatch was reported.
  expect(sent).not.toContain("Home");
  expect(problems).toEqual([]);
  expect(await page.locator("section.carousel h2").count()).toBeGreaterThan(1);
  expect(await page.locator("section.carousel .price").first().innerText()).toMatch(/\$\d+\.\d\d/);
  expect(await page.locator("section.carousel .explanation").first().innerText()).toMatch(/\((offline|cache|llm)\)/);
  expect(await page.locator("section.carousel .reason").count()).toBeGreaterThan(0);
  // Every picture has a text alternative.
  expect(await page.locator('[role="img"]:not([aria-label])').count()).toBe(0);
  // Hydrated means interactive: the sliders (rendered on the server too) answer the keyboard.
  await page.getByLabel("Weight of novelty").waitFor();

  // A page request the gateway refuses (a token that does not verify) gets the page unrendered, which
  // then queries from the browser and shows the refusal there; nothing is rendered for it.
  const refused = await fetch(`${base}/`, { headers: { authorization: "Bearer not-a-token" } });
  expect(refused.status).toBe(200);
  const shell = await refused.text();
  expect(shell).toContain('<div id="root"></div>');
  expect(shell).not.toContain("storefront-state");
});

test("first render measured through the Performance API: server-rendered vs browser-rendered home, alternating, and the bundle size", async () => {
  const homeQuery = readOperations();
  // Each sample in a fresh browser context (empty cache, as a first visit). "browser" is the page
  // as it was before server rendering: the built index.html unrendered (what the gateway still serves
  // when rendering is off or fails), so the browser loads the bundle and then queries HOME itself.
  const shellHtml = readFileSync(join(projectRoot, "web/dist/index.html"), "utf8");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  // "shopper" is the server-rendered page for a signed-in shopper (the session cookie), measured
  // against the gateway's HOME for that shopper with their token.
  const shopperToken = await tokenFor(SHOPPER);
  const samples: Record<
    "server" | "browser" | "shopper",
    { carouselMs: number; hydratedMs: number; fcpMs: number | null; htmlMs: number }[]
  > = {
    server: [],
    browser: [],
    shopper: [],
  };
  const gatewayMs: number[] = [];
  const gatewayShopperMs: number[] = [];
  const pageFromNodeMs: number[] = [];
  const pagesBefore = await storefrontPageCounts();
  try {
    for (let round = 0; round < 5; round += 1) {
      const order = ["server", "browser", "shopper"] as const;
      for (const mode of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
        const measured = await browser.newContext();
        if (mode === "shopper")
          await measured.addCookies([
            {
              name: "storefront_session",
              value: shopperToken,
              url: base,
              httpOnly: true,
              sameSite: "Strict",
            },
          ]);
        // Marks when the first carousel element exists in the document (parsed from the HTML or mounted by React).
        await measured.addInitScript(() => {
          const observer = new MutationObserver(() => {
            if (document.querySelector("section.carousel")) {
              performance.mark("storefront:first-carousel");
              observer.disconnect();
            }
          });
          observer.observe(document, { childList: true, subtree: true });
        });
        if (mode === "browser")
          await measured.route(`${base}/`, (route) =>
            route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: shellHtml }),
          );
        const tab = await measured.newPage();
        await tab.goto(`${base}/`);
        await tab.waitForFunction(() => performance.getEntriesByName("storefront:home-rendered").length > 0);
        const timing = await tab.evaluate(() => ({
          carouselMs: performance.getEntriesByName("storefront:first-carousel")[0]?.startTime ?? -1,
          hydratedMs: performance.getEntriesByName("storefront:home-rendered")[0]!.startTime,
          fcpMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
          // When the HTML finished arriving (the server's render is inside it).
          htmlMs: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseEnd,
        }));
        samples[mode].push(timing);
        await measured.close();
        // The page fetched from Node (no browser competing for the cores) and HOME, in alternating order.
        const fetchPage = async () => {
          const fetched = performance.now();
          expect(await (await fetch(`${base}/`)).text()).toContain('id="storefront-state"');
          pageFromNodeMs.push(performance.now() - fetched);
        };
        if (mode === "server" && round % 2 === 1) await fetchPage();
        const started = performance.now();
        const result =
          mode === "shopper"
            ? await graphql(stack.gatewayUrl, homeQuery, { userId: SHOPPER, weights: null }, { token: shopperToken })
            : await graphql(stack.gatewayUrl, homeQuery, { userId: null, weights: null }, {});
        (mode === "shopper" ? gatewayShopperMs : gatewayMs).push(performance.now() - started);
        expect(result.errors).toBeUndefined();
        if (mode === "server" && round % 2 === 0) await fetchPage();
      }
    }
  } finally {
    await browser.close();
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const summary = (mode: "server" | "browser" | "shopper") => {
    const carousel = median(samples[mode].map((sample) => sample.carouselMs));
    const gateway = median(mode === "shopper" ? gatewayShopperMs : gatewayMs);
    return {
      firstCarouselMs: Math.round(carousel),
      hydratedMs: Math.round(median(samples[mode].map((sample) => sample.hydratedMs))),
      firstContentfulPaintMs: Math.round(median(samples[mode].map((sample) => sample.fcpMs ?? NaN))),
      htmlReceivedMs: Math.round(median(samples[mode].map((sample) => sample.htmlMs))),
      ratio: Number((carousel / gateway).toFixed(2)),
      samplesFirstCarouselMs: samples[mode].map((sample) => Math.round(sample.carouselMs)),
    };
  };
  // Bytes of the JavaScript the page loads (the build's .js files; source maps are not loaded).
  const assets = join(projectRoot, "web/dist/assets");
  const js = readdirSync(assets).filter((file) => file.endsWith(".js"));
  const jsBytes = js.reduce((sum, file) => sum + statSync(join(assets, file)).size, 0);
  const jsGzipBytes = js.reduce((sum, file) => sum + gzipSync(readFileSync(join(assets, file))).length, 0);
  const pagesAfter = await storefrontPageCounts();
  const measurements = {
    gatewayHomeQueryMs: { median: Math.round(median(gatewayMs)), min: Math.round(Math.min(...gatewayMs)) },
    gatewayShopperHomeQueryMs: {
      median: Math.round(median(gatewayShopperMs)),
      min: Math.round(Math.min(...gatewayShopperMs)),
    },
    // The anonymous page fetched from Node next to each HOME above: the gateway's page time with no browser running.
    pageFromNodeMs: { median: Math.round(median(pageFromNodeMs)), min: Math.round(Math.min(...pageFromNodeMs)) },
    serverRendered: summary("server"),
    browserRendered: summary("browser"),
    shopperServerRendered: summary("shopper"),
    // How the gateway put home into the measured pages (discovery_storefront_pages_total): rendered,
    // reused (every query answered as for an earlier render) or unrendered.
    gatewayPages: Object.fromEntries(
      Object.entries(pagesAfter)
        .filter(([key]) => !key.startsWith("render-"))
        .map(([key, count]) => [key, count - (pagesBefore[key] ?? 0)]),
    ),
    // The gateway's own time per measured page (queries and render, from the page request's arrival), by outcome.
    gatewayRenderMeanMs: Object.fromEntries(
      Object.keys(pagesAfter)
        .filter((key) => key.startsWith("render-count/"))
        .map((key) => {
          const outcome = key.slice("render-count/".length);
          const count = pagesAfter[key]! - (pagesBefore[key] ?? 0);
          const seconds = pagesAfter[`render-seconds/${outcome}`]! - (pagesBefore[`render-seconds/${outcome}`] ?? 0);
          return [outcome, count > 0 ? Math.round((seconds / count) * 1000) : null];
        }),
    ),
    jsBundleBytes: jsBytes,
    jsBundleGzipBytes: jsGzipBytes,
    htmlBytes: {
      unrendered: Buffer.byteLength(shellHtml),
      rendered: Buffer.byteLength(await (await fetch(`${base}/`)).text()),
    },
  };
  mkdirSync(join(projectRoot, "var"), { recursive: true });
  writeFileSync(join(projectRoot, "var/storefront-measurements.json"), JSON.stringify(measurements, null, 2));
  process.stdout.write(`storefront measurements: ${JSON.stringify(measurements)}\n`);
  // Reported, not asserted against a target (speed targets live in benchmarks); every sample saw a carousel.
  for (const sample of [...samples.server, ...samples.browser, ...samples.shopper])
    expect(sample.carouselMs).toBeGreaterThan(0);
});

/**
 * From the gateway's /metrics: discovery_storefront_pages_total by `outcome/session`, and the sum
 * (seconds) and count of discovery_storefront_render_seconds by outcome (`render-seconds/OUTCOME`,
 * `render-count/OUTCOME`).
 */
async function storefrontPageCounts(): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(
    /^discovery_storefront_pages_total\{(?=[^}]*outcome="(\w+)")(?=[^}]*session="(\w+)")[^}]*\} (\d+)/gm,
  ))
    counts[`${match[1]}/${match[2]}`] = Number(match[3]);
  for (const match of text.matchAll(
    /^discovery_storefront_render_seconds_(sum|count)\{[^}]*outcome="(\w+)"[^}]*\} ([\d.e+-]+)/gm,
  ))
    counts[`render-${match[1] === "sum" ? "seconds" : "count"}/${match[2]}`] = Number(match[3]);
  return counts;
}

test("the server renderer reuses a render only for the same shopper and exactly the same answers", async () => {
  // The built renderer the gateway loads, on answers recorded from the running stack (replayed, so the
  // inputs are held fixed), then on the same answers with one product renamed.
  const { renderHome } = require(join(projectRoot, "web/dist-server/entry-server.cjs")) as {
    renderHome: ServerRenderer;
  };
  const token = await tokenFor(SHOPPER);
  const recorded = new Map<string, PageOperationResult>();
  const sent: string[] = [];
  let rename: ((result: PageOperationResult) => PageOperationResult) | undefined;
  const execute = (userId: string | null) => async (operation: PageOperation) => {
    sent.push(String(operation.operationName));
    const key = JSON.stringify([operation.operationName, operation.variables]);
    if (!recorded.has(key))
      recorded.set(
        key,
        (await graphql(stack.gatewayUrl, operation.query, operation.variables, {
          token: userId ? token : undefined,
        })) as PageOperationResult,
      );
    const answer = structuredClone(recorded.get(key)!);
    return rename && operation.operationName === "Home" ? rename(answer) : answer;
  };
  const first = await renderHome(execute(null), undefined, { userId: null });
  expect(first).not.toBeNull();
  expect(first!.memoized).toBeFalsy();
  // Home's two queries, sent at once before rendering, and nothing else.
  expect(sent.sort()).toEqual(["Dimensions", "Home"]);
  const again = await renderHome(execute(null), undefined, { userId: null });
  expect(again!.memoized).toBe(true);
  expect(again!.html).toBe(first!.html);
  expect(again!.state).toBe(first!.state);

  // Another shopper is another render (their own carousels and heading), even when cached for anonymous.
  const shopper = await renderHome(execute(SHOPPER), undefined, { userId: SHOPPER });
  expect(shopper!.memoized).toBeFalsy();
  expect(shopper!.html).toContain("Picked for you");
  expect(first!.html).toContain("Popular right now");

  // One answer differs (a product renamed, as a catalog update would): rendered anew, showing the change.
  rename = (result) => {
    const text = JSON.stringify(result);
    const name = /"name":"([^"]+)"/.exec(text)![1]!;
    return JSON.parse(text.split(`"name":"${name}"`).join('"name":"Renamed by the test"')) as PageOperationResult;
  };
  const changed = await renderHome(execute(null), undefined, { userId: null });
  expect(changed!.memoized).toBeFalsy();
  expect(changed!.html).toContain("Renamed by the test");
  expect(first!.html).not.toContain("Renamed by the test");
  rename = undefined;
  // A failed query is never rendered nor reused.
  const failing = await renderHome(async () => ({
    errors: [{ message: "down", extensions: { code: "UNAVAILABLE" } }],
  }));
  expect(failing).toBeNull();
});

/** operations/home.graphql's Home query with the fragments it spreads, as the storefront sends it. */
function readOperations(): string {
  const home = readFileSync(join(projectRoot, "operations/home.graphql"), "utf8");
  const fragments = readFileSync(join(projectRoot, "operations/fragments.graphql"), "utf8");
  return `${home.slice(0, home.indexOf("query Dimensions")).replace(/#.*\n/g, "")}\n${fragments}`;
}

test("switching to a demo shopper re-queries HOME with their id and token; the carousels are theirs", async () => {
  const anonymous = await productNames("section.carousel");
  const sessionSet = page.waitForResponse(
    (response) => response.url() === `${base}/storefront/session` && response.request().method() === "POST",
  );
  const switched = await operation(
    "Home",
    () => page.getByLabel("Shopper").selectOption(SHOPPER),
    (variables) => variables.userId === SHOPPER,
  );
  // Choosing the shopper also stored their token in the session cookie.
  expect((await sessionSet).status()).toBe(200);
  expect((await context.cookies(base)).some((cookie) => cookie.name === "storefront_session")).toBe(true);
  expect(switched.body.errors).toBeUndefined();
  expect(await switched.request.headerValue("authorization")).toMatch(/^Bearer /);
  await page.getByRole("heading", { name: "Picked for you" }).waitFor();
  await page.locator("section.carousel").first().waitFor();
  expect(await productNames("section.carousel")).not.toEqual(anonymous);
  await page.screenshot({ path: join(projectRoot, "docs/storefront-home.png") });
});

test("a signed-in shopper's page load is rendered on the server for them from an HttpOnly SameSite=Strict cookie, and hydrates as them", async () => {
  const cookie = (await context.cookies(base)).find((candidate) => candidate.name === "storefront_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
  expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
  const sent: Request[] = [];
  const onRequest = (request: Request) => {
    if (request.url().endsWith("/graphql") && request.method() === "POST") sent.push(request);
  };
  page.on("request", onRequest);
  const response = await page.goto(`${base}/`);
  const html = await response!.text();
  // The shopper's home is in the HTML (their heading, their carousels in the embedded cache), the page
  // names them (not their token), and it is not for shared caches.
  expect(html).toContain("Picked for you");
  expect(html).toContain(`<script type="application/json" id="storefront-session">{"userId":"${SHOPPER}"}</script>`);
  expect(html).toContain(`\\"userId\\":\\"${SHOPPER}\\"`);
  expect(html).not.toContain(cookie!.value);
  expect(html).not.toMatch(/Bearer|eyJhbGci/);
  expect(response!.headers()["cache-control"]).toBe("private, no-store");
  await page.waitForFunction(() => performance.getEntriesByName("storefront:home-rendered").length > 0);
  await page.waitForLoadState("networkidle");
  page.off("request", onRequest);
  // Hydrated from the embedded cache, as the shopper (the switcher shows them), with no HOME request.
  expect(sent.map((request) => (request.postDataJSON() as { operationName?: string }).operationName)).not.toContain(
    "Home",
  );
  expect(await page.getByLabel("Shopper").inputValue()).toBe(SHOPPER);
  await page.getByRole("heading", { name: "Picked for you" }).waitFor();

  // The page's own requests carry no token: the cookie authenticates them, because they come from this
  // origin. The shopper's own data answers.
  const profile = await page.evaluate(async (userId) => {
    const answer = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query($u: ID!) { user(id: $u) { id } }", variables: { u: userId } }),
    });
    return answer.json();
  }, SHOPPER);
  expect(profile).toEqual({ data: { user: { id: SHOPPER } } });

  // Cross-site request forgery: the same cookie from another origin (or a request that does not prove
  // its origin) authorizes nothing, not a query of the shopper's data and not a mutation.
  const forged = (headers: Record<string, string>, query: string, variables: Record<string, unknown>) =>
    fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `storefront_session=${cookie!.value}`, ...headers },
      body: JSON.stringify({ query, variables }),
    }).then(
      (answer) => answer.json() as Promise<{ data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }>,
    );
  const record = "mutation($e: [EventInput!]!) { recordEvents(events: $e) { stored } }";
  const events = {
    e: [
      {
        eventId: "csrf-check-1",
        userId: SHOPPER,
        type: "CLICK",
        productId: "p:seed:000001",
        timestamp: new Date().toISOString(),
      },
    ],
  };
  for (const headers of <Array<Record<string, string>>>[
    { origin: "http://attacker.example", "sec-fetch-site": "cross-site" },
    { origin: "http://attacker.example" },
    { "sec-fetch-site": "same-site", origin: "http://localhost:5999" },
    {},
  ]) {
    const read = await forged(headers, "query($u: ID!) { user(id: $u) { id } }", { u: SHOPPER });
    expect({ headers, code: read.errors?.[0]?.extensions?.code }).toEqual({ headers, code: "UNAUTHENTICATED" });
    const write = await forged(headers, record, events);
    expect({ headers, code: write.errors?.[0]?.extensions?.code }).toEqual({ headers, code: "UNAUTHENTICATED" });
  }
  // The session endpoint refuses other origins too (no signing a visitor in as someone else, or out).
  for (const method of ["POST", "DELETE"]) {
    const refused = await fetch(`${base}/storefront/session`, {
      method,
      headers: { origin: "http://attacker.example", authorization: `Bearer ${cookie!.value}` },
    });
    expect({ method, status: refused.status, cookie: refused.headers.get("set-cookie") }).toEqual({
      method,
      status: 403,
      cookie: null,
    });
  }
  // A service's or admin's token is never a browser session; a bad cookie is cleared by the next page.
  const admin = await fetch(`${base}/storefront/session`, {
    method: "POST",
    headers: { origin: base, authorization: `Bearer ${await tokenFor("ops", "admin")}` },
  });
  expect(admin.status).toBe(403);
  const stale = await fetch(`${base}/`, { headers: { cookie: "storefront_session=not-a-token" } });
  expect(stale.headers.get("set-cookie")).toMatch(
    /^storefront_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/,
  );
  expect(await stale.text()).not.toContain("storefront-session");

  // Signing out (Anonymous) clears the cookie: the next page load is the anonymous home.
  const cleared = page.waitForResponse(
    (answer) => answer.url() === `${base}/storefront/session` && answer.request().method() === "DELETE",
  );
  await page.getByLabel("Shopper").selectOption("");
  expect((await cleared).status()).toBe(200);
  expect((await context.cookies(base)).some((candidate) => candidate.name === "storefront_session")).toBe(false);
  const anonymous = await (await page.goto(`${base}/`))!.text();
  expect(anonymous).toContain("Popular right now");
  expect(anonymous).not.toContain('storefront-session"');
  // Back to the demo shopper for the tests that follow (chosen in the switcher: a bearer token again).
  await page.locator("section.carousel").first().waitFor();
  await page.getByLabel("Shopper").selectOption(SHOPPER);
  await page.getByRole("heading", { name: "Picked for you" }).waitFor();
});

test("moving a weight slider with the keyboard re-queries HOME with `weights`", async () => {
  const slider = page.getByLabel("Weight of novelty");
  await slider.focus();
  const before = await productNames("section.carousel");
  const weighted = await operation(
    "Home",
    () => page.keyboard.press("End"),
    (variables) => (variables.weights as Record<string, number> | null)?.novelty === 1,
  );
  expect(weighted.body.errors).toBeUndefined();
  await namesChange("section.carousel", before);
});

test('search "ragu" shows the rewrite\'s interpretations as chips; picking one searches its rewritten query', async () => {
  await page.goto(`${base}/#/search`);
  const box = page.getByLabel("Search products");
  const chips = page.getByRole("group", { name: "Did you mean" }).getByRole("button");
  await box.fill("ragu");
  const ragu = await operation(
    "Search",
    () => box.press("Enter"),
    (variables) => variables.query === "ragu",
  );
  expect(ragu.body.errors).toBeUndefined();
  await chips.first().waitFor();
  // Results or, on a catalog without it, an empty state that points at the suggestions; never a blank page.
  await page.locator("p.count").waitFor();
  expect(await page.locator("p.count").innerText()).toMatch(/results for “ragu”|No results for “ragu”/);

  // A query whose interpretations differ from its words: picking one sends the rewritten query.
  await box.fill("pasta sauce");
  const searched = await operation(
    "Search",
    () => box.press("Enter"),
    (variables) => variables.query === "pasta sauce",
  );
  const interpretations = (
    searched.body.data as { search: { rewrite: { interpretations: Array<{ label: string; rewrittenQuery: string }> } } }
  ).search.rewrite.interpretations;
  const choice = interpretations.findIndex((interpretation) => interpretation.rewrittenQuery !== "pasta sauce");
  expect(choice).toBeGreaterThanOrEqual(0);
  await chips.nth(choice).waitFor();
  const picked = await operation(
    "Search",
    () => chips.nth(choice).click(),
    (variables) => variables.query === interpretations[choice]!.rewrittenQuery,
  );
  expect(picked.body.errors).toBeUndefined();
  expect(await chips.nth(choice).getAttribute("aria-pressed")).toBe("true");
  await page.getByText(`results for “${interpretations[choice]!.rewrittenQuery}”`).waitFor();
  await page.locator("main article.item").first().waitFor();
  await page.screenshot({ path: join(projectRoot, "docs/storefront-search.png") });
});

test("adding to the cart shows the checkout aisle, and it changes when the cart does", async () => {
  // As the signed-in demo shopper, adding to the cart also records an ADD_TO_CART event.
  const event = await operation("RecordEvents", () =>
    page.locator("main article.item").first().getByRole("button", { name: "Add to cart" }).click(),
  );
  expect(event.body).toEqual({ data: { recordEvents: expect.objectContaining({ stored: 1, rejected: 0 }) } });
  const aisle = await operation("CheckoutAisle", () => page.getByRole("link", { name: /^Cart/ }).click());
  expect(aisle.body.errors).toBeUndefined();
  await page.getByTestId("checkout-aisle").locator("article.item").first().waitFor();
  const first = await productNames('[data-testid="checkout-aisle"]');
  expect(first.length).toBeGreaterThan(0);
  const next = await operation(
    "CheckoutAisle",
    () => page.getByTestId("checkout-aisle").getByRole("button", { name: "Add to cart" }).first().click(),
    (variables) => (variables.cart as string[]).length === 2,
  );
  expect(next.body.errors).toBeUndefined();
  await namesChange('[data-testid="checkout-aisle"]', first);
  // The added complement is in the cart now, and no longer suggested.
  expect(await page.getByRole("list", { name: "Cart" }).getByRole("listitem").count()).toBe(2);
  expect(await productNames('[data-testid="checkout-aisle"]')).not.toContain(first[0]);
});

test("a category page is ranked and paged with its cursor", async () => {
  const categories = await graphql<{ categories: Array<{ children: Array<{ id: string }> }> }>(
    stack.gatewayUrl,
    "{ categories { children { id } } }",
  );
  let leaf: string | undefined;
  for (const child of categories.data!.categories.flatMap((root) => root.children)) {
    const page = await graphql<{ categoryPage: { totalCount: number } }>(
      stack.gatewayUrl,
      "query($c: ID!) { categoryPage(categoryId: $c, first: 1) { totalCount } }",
      { c: child.id },
    );
    if ((page.data?.categoryPage.totalCount ?? 0) > 12) {
      leaf = child.id;
      break;
    }
  }
  expect(leaf).toBeDefined();
  const first = await operation(
    "CategoryPage",
    () => page.goto(`${base}/#/category/${encodeURIComponent(leaf!)}`),
    (variables) => variables.categoryId === leaf && variables.after === null,
  );
  expect(first.body.errors).toBeUndefined();
  await page.getByText(/^Page 1 of \d+/).waitFor();
  const pageOne = await productNames("main");
  const second = await operation(
    "CategoryPage",
    () => page.getByRole("button", { name: "Next page" }).click(),
    (variables) => typeof variables.after === "string",
  );
  expect(second.body.errors).toBeUndefined();
  await page.getByText(/^Page 2 of \d+/).waitFor();
  const pageTwo = await productNames("main");
  expect(pageTwo.length).toBeGreaterThan(0);
  expect(pageTwo.filter((name) => pageOne.includes(name))).toEqual([]);
  await page.getByRole("button", { name: "Previous page" }).click();
  await page.getByText(/^Page 1 of \d+/).waitFor();
  expect(await productNames("main")).toEqual(pageOne);
});

test("UNAVAILABLE and RATE_LIMITED show the error's code and a retry that recovers, not a blank page", async () => {
  let failures = 0;
  await page.route("**/graphql", async (route) => {
    const sent = route.request().postDataJSON() as { operationName?: string };
    if (sent.operationName === "Home" && failures === 0) {
      failures += 1;
      await route.fulfill({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify({
          errors: [
            { message: "The personalization service is unavailable; retry", extensions: { code: "UNAVAILABLE" } },
          ],
          data: null,
        }),
      });
      return;
    }
    if (sent.operationName === "Home" && failures === 1) {
      // As the gateway refuses a request over budget: HTTP 429 with the code in a GraphQL error.
      failures += 1;
      await route.fulfill({
        status: 429,
        contentType: "application/json",
        headers: { "retry-after": "1" },
        body: JSON.stringify({
          errors: [
            {
              message: "Too many requests; retry after 1 s",
              extensions: { code: "RATE_LIMITED", retryAfterSeconds: 1 },
            },
          ],
        }),
      });
      return;
    }
    await route.continue();
  });
  // The page as the gateway serves it when it could not render home (unrendered, no embedded cache),
  // so the browser queries HOME itself and meets the errors.
  const shellHtml = readFileSync(join(projectRoot, "web/dist/index.html"), "utf8");
  await page.route(`${base}/?unavailable`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: shellHtml }),
  );
  await page.goto(`${base}/?unavailable#/`);
  const alert = page.getByRole("alert");
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/UNAVAILABLE/);
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByRole("alert").filter({ hasText: "RATE_LIMITED" }).waitFor();
  await page.getByRole("button", { name: "Try again" }).click();
  await page.locator("section.carousel").first().waitFor();
  expect(failures).toBe(2);
  await page.unroute("**/graphql");
  await page.unroute(`${base}/?unavailable`);
});

test("the bundle builder turns an intent and a budget into a bundle of catalog products", async () => {
  await page.goto(`${base}/#/bundle`);
  await page.getByLabel("What is it for?").fill("movie night snacks for 6");
  await page.getByLabel("Budget (USD)").fill("60");
  const built = await operation(
    "Bundle",
    () => page.getByRole("button", { name: "Build" }).click(),
    (variables) => variables.intent === "movie night snacks for 6" && variables.budget === 60,
  );
  expect(built.body.errors).toBeUndefined();
  const bundle = (
    built.body.data as { bundle: { slots: Array<{ product: { id: string } | null }>; withinBudget: boolean } }
  ).bundle;
  const filled = bundle.slots.filter((slot) => slot.product !== null).length;
  expect(filled).toBeGreaterThan(0);
  await page.locator(".bundle-slot .bundle-product").first().waitFor();
  expect(await page.locator(".bundle-slot .bundle-product").count()).toBe(filled);
  expect(await page.locator(".bundle-total").innerText()).toContain(
    bundle.withinBudget ? "within budget" : "over budget",
  );
});

test("axe-core: no serious or critical accessibility violation on home, search, category, bundle and cart", async () => {
  for (const path of ["/#/", "/#/search?q=milk", "/#/category", "/#/bundle", "/#/cart"]) {
    await page.goto(`${base}${path}`);
    await page.locator("main h1").waitFor();
    await page.waitForLoadState("networkidle");
    expect({ path, violations: await axeSerious() }).toEqual({ path, violations: [] });
  }
});

test("the page loaded nothing from outside the gateway's origin (no CDN)", () => {
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((url) => !url.startsWith(base) && !url.startsWith("data:"))).toEqual([]);
});
