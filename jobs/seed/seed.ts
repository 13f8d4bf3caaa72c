import { noteOrdersReplaced } from "../../core/documents/order-timeline";
import type { Db } from "mongodb";
import { bumpCatalogVersion } from "../../core/catalog/catalog-version";
import type { CategoryDocument } from "../../core/documents/category.document";
import { COLLECTIONS } from "../../core/documents/collections";
import type { EventDocument } from "../../core/documents/event.document";
import type { MerchantDocument, OfferDocument } from "../../core/documents/merchant.document";
import type { OrderDocument } from "../../core/documents/order.document";
import type { ProductDocument } from "../../core/documents/product.document";
import type { UserDocument } from "../../core/documents/user.document";
import type { Vertical } from "../../core/documents/vertical";
import { startProgress } from "../../core/progress";
import { BatchWriter } from "./batch-writer";
import { CatalogGenerator, tagMask, type ProductFacts } from "./catalog.generator";
import { SCALES, type SeedScale } from "./seed-scale";
import { ShopperSimulator, type SimulatorTruthDocument } from "./shopper.simulator";

/** Collection of the simulator's latent truth, one document per simulated user. */
export const SIMULATOR_TRUTH_COLLECTION = COLLECTIONS.simulatorTruth;

/** Collections the seed writes (and `--reset` drops). */
export const SEEDED_COLLECTIONS = [
  COLLECTIONS.categories,
  COLLECTIONS.products,
  COLLECTIONS.merchants,
  COLLECTIONS.offers,
  COLLECTIONS.users,
  COLLECTIONS.orders,
  COLLECTIONS.events,
  SIMULATOR_TRUTH_COLLECTION,
] as const;

/** Options of {@link seedDatabase}. */
export interface SeedOptions {
  scale: SeedScale;
  /** PRNG seed; the same seed gives byte-identical documents. Default 42. */
  seed?: number;
  /** Progress lines (summary); progress bars go to stderr through core/progress. */
  log?: (line: string) => void;
}

/** What a seed wrote. */
export interface SeedSummary {
  scale: SeedScale;
  seed: number;
  categories: number;
  products: number;
  merchants: number;
  offers: number;
  users: number;
  orders: number;
  orderLines: number;
  events: number;
  catalogVersion: number;
  durationMs: number;
}

/**
 * Seeds a deterministic multi-vertical catalog, merchants with offers, simulated shoppers with their
 * orders and events, and the simulator's latent truth. Streams in batches (bounded memory at every
 * scale), writes with insertMany into empty collections or upserts otherwise, then bumps the catalog version.
 */
export async function seedDatabase(db: Db, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const seed = options.seed ?? 42;
  const log = options.log ?? (() => {});
  const scale = SCALES[options.scale];
  const catalog = new CatalogGenerator(seed, scale);
  const batch = scale.batchSize;

  const categories = await BatchWriter.open<CategoryDocument>(db, COLLECTIONS.categories, batch);
  for (const category of catalog.categories) await categories.add(category);
  await categories.flush();
  const merchants = await BatchWriter.open<MerchantDocument>(db, COLLECTIONS.merchants, batch);
  for (const merchant of catalog.merchants) await merchants.add(merchant.document);
  await merchants.flush();

  const n = catalog.productCount;
  const facts: ProductFacts = {
    price: new Float32Array(n),
    relativePrice: new Float32Array(n),
    brand: new Int32Array(n),
    aisle: new Int32Array(n),
    tagMask: new Int32Array(n),
    bulk: new Uint8Array(n),
    cuisine: new Int16Array(n),
  };
  const groupLists = new Map<Vertical, number[][]>();
  for (const [vertical, groups] of catalog.storeGroups)
    groupLists.set(
      vertical,
      groups.map(() => []),
    );
  const products = await BatchWriter.open<ProductDocument>(db, COLLECTIONS.products, batch);
  const offers = await BatchWriter.open<OfferDocument>(db, COLLECTIONS.offers, batch);
  const productProgress = startProgress(`seed ${options.scale}: products`, n);
  for (let i = 0; i < n; i++) {
    const { document, facts: fact } = catalog.product(i);
    // Float32 keeps memory bounded at 500k products; prices are re-read from the document when written.
    facts.price[i] = document.price;
    facts.relativePrice[i] = fact.relativePrice;
    facts.brand[i] = fact.brand;
    facts.aisle[i] = fact.aisle;
    facts.tagMask[i] = tagMask(document.tags);
    facts.bulk[i] = fact.bulk ? 1 : 0;
    facts.cuisine[i] = fact.cuisine;
    // Core-line products are on every shelf but outside the simulated assortment groups (orders stay as they were).
    if (document.vertical !== "RESTAURANT" && !catalog.isCore(i))
      groupLists.get(document.vertical)![catalog.groupOf(i)]!.push(i);
    await products.add(document);
    for (const offer of catalog.offers(i, document)) await offers.add(offer);
    if ((i & 255) === 255) productProgress.update(i + 1);
  }
  await products.flush();
  await offers.flush();
  productProgress.update(n);
  productProgress.stop();
  const groupProducts = new Map<Vertical, Int32Array[]>();
  for (const [vertical, groups] of groupLists)
    groupProducts.set(
      vertical,
      groups.map((list) => Int32Array.from(list)),
    );
  groupLists.clear();

  const users = await BatchWriter.open<UserDocument>(db, COLLECTIONS.users, batch);
  const truth = await BatchWriter.open<SimulatorTruthDocument>(db, SIMULATOR_TRUTH_COLLECTION, batch);
  const orders = await BatchWriter.open<OrderDocument>(db, COLLECTIONS.orders, batch);
  const events = await BatchWriter.open<EventDocument>(db, COLLECTIONS.events, batch * 2);
  const simulator = new ShopperSimulator(catalog, facts, groupProducts, scale, seed);
  const sink = {
    user: (d: UserDocument) => users.add(d),
    truth: (d: SimulatorTruthDocument) => truth.add(d),
    order: (d: OrderDocument) => orders.add(d),
    event: (d: EventDocument) => events.add(d),
  };
  let orderLines = 0;
  const userProgress = startProgress(`seed ${options.scale}: shoppers`, scale.users);
  for (let u = 0; u < scale.users; u++) {
    orderLines += (await simulator.simulate(u, sink)).lines;
    userProgress.tick();
  }
  for (const writer of [users, truth, orders, events]) await writer.flush();
  await noteOrdersReplaced(db);
  userProgress.stop();

  const catalogVersion = await bumpCatalogVersion(db);
  const summary: SeedSummary = {
    scale: options.scale,
    seed,
    categories: categories.count,
    products: products.count,
    merchants: merchants.count,
    offers: offers.count,
    users: users.count,
    orders: orders.count,
    orderLines,
    events: events.count,
    catalogVersion,
    durationMs: Date.now() - started,
  };
  log(
    `seeded ${summary.scale} (seed ${seed}): ${summary.products} products, ${summary.categories} categories, ${summary.merchants} merchants, ${summary.offers} offers, ${summary.users} users, ${summary.orders} orders (${orderLines} lines), ${summary.events} events in ${(summary.durationMs / 1000).toFixed(1)} s; catalog version ${catalogVersion}`,
  );
  return summary;
}

/** Drops every collection the seed writes (the catalog version document is kept and bumped). */
export async function resetSeededCollections(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of SEEDED_COLLECTIONS) if (existing.has(name)) await db.collection(name).drop();
}
