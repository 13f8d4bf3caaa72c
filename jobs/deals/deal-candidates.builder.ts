import type { Db } from "mongodb";
import { COLLECTIONS } from "../../core/documents/collections";
import type { OrderDocument } from "../../core/documents/order.document";
import { profileCatalog, rankerAttributesAt } from "../ranker/profile-attributes";
import type { LoadedRanker } from "../../ml/ranker/ranker.artifact";
import { categoryMedians, purchaseRecords, readRankerProducts } from "../ranker/ranker-dataset.builder";
import { userFeatureView, type ItemFeatureView, type RankerProduct } from "../../ml/ranker/ranker.features";
import { purchaseProbability, scoreCandidates } from "../../ml/ranker/ranker.scorer";
import type { DealCandidate, DealOption } from "../../ml/deals/deal-allocator";
import { probabilityWithDeal, type DealResponse } from "../../ml/deals/deal-response.model";

/** Options of {@link buildDealCandidates}. */
export interface CandidateOptions {
  now: Date;
  /** Most bought items considered per shopper. */
  itemsPerShopper: number;
  onProgress?: (done: number, total: number) => void;
  /** Called every 50,000 documents read (`collection`, count so far): the reads take minutes at the large seed. */
  onRead?: (collection: "products" | "orders", done: number) => void;
}

const PERCENTS = [10, 20, 30];
const AMOUNTS = [1, 2, 5];
const BUNDLE = 3;

/**
 * Shopper × item pairs with their deal options: each shopper's most bought items (attributes computed
 * as the user-profile job does, from one streaming read of `orders`), the ranker's purchase probability
 * on the HOME surface as the base, and the calibrated response for each option. The funding merchant is
 * the one of the shopper's latest order with the item.
 */
export async function buildDealCandidates(
  db: Db,
  ranker: LoadedRanker,
  response: DealResponse,
  options: CandidateOptions,
): Promise<{ candidates: DealCandidate[]; shoppers: number }> {
  const products = await readRankerProducts(db, (done) => {
    if (done % 50_000 === 0) options.onRead?.("products", done);
  });
  const byId = new Map(products.map((product) => [product._id, product]));
  const catalog = profileCatalog(products);
  const medians = categoryMedians(products);
  const ordersByUser = new Map<string, OrderDocument[]>();
  const buyers = new Map<string, Set<string>>();
  let ordersRead = 0;
  for await (const order of db
    .collection<OrderDocument>(COLLECTIONS.orders)
    .find(
      { placedAt: { $lte: options.now } },
      { projection: { _id: 1, userId: 1, merchantId: 1, placedAt: 1, lines: 1 }, batchSize: 2000 },
    )) {
    (ordersByUser.get(order.userId) ?? ordersByUser.set(order.userId, []).get(order.userId)!).push(order);
    for (const line of order.lines)
      (buyers.get(line.productId) ?? buyers.set(line.productId, new Set()).get(line.productId)!).add(order.userId);
    if (++ordersRead % 50_000 === 0) options.onRead?.("orders", ordersRead);
  }
  let maxBuyers = 1; // a loop, not Math.max(...spread): at 500k products the spread overflows the call stack
  for (const set of buyers.values()) if (set.size > maxBuyers) maxBuyers = set.size;
  const candidates: DealCandidate[] = [];
  let done = 0;
  const users = [...ordersByUser.keys()].sort();
  for (const userId of users) {
    const orders = ordersByUser.get(userId)!.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
    const attributes = rankerAttributesAt(userId, purchaseRecords(orders), catalog, options.now);
    const view = userFeatureView(attributes);
    const items = attributes.purchases
      .filter((item) => byId.has(item.productId) && byId.get(item.productId)!.price > 0)
      .slice(0, options.itemsPerShopper);
    const features: ItemFeatureView[] = items.map((item) => {
      const product = byId.get(item.productId)!;
      return {
        product: product as RankerProduct,
        medians: medians.get(product.categoryId) ?? {},
        popularity: (buyers.get(product._id)?.size ?? 0) / maxBuyers,
      };
    });
    const scores = scoreCandidates(ranker, view, features, "HOME", options.now);
    items.forEach((item, i) => {
      const product = byId.get(item.productId)!;
      const base = purchaseProbability(scores[i]!);
      const sensitivity = attributes.priceSensitivity;
      const merchantId =
        [...orders].reverse().find((order) => order.lines.some((line) => line.productId === item.productId))
          ?.merchantId ?? "unknown";
      const option = (
        kind: DealOption["kind"],
        value: number,
        depth: number,
        costCents: number,
        units: number,
      ): DealOption => {
        const dealProbability = probabilityWithDeal(response, base, depth, sensitivity);
        return {
          kind,
          value,
          costCents,
          baseProbability: base,
          dealProbability,
          incrementalValue: (dealProbability - base) * product.price * units,
        };
      };
      const dealOptions: DealOption[] = [
        ...PERCENTS.map((percent) =>
          option("PERCENT_OFF", percent, percent / 100, Math.max(1, Math.round(product.price * percent)), 1),
        ),
        ...AMOUNTS.filter((amount) => amount <= product.price * 0.5).map((amount) =>
          option("AMOUNT_OFF", amount, amount / product.price, amount * 100, 1),
        ),
        ...(attributes.bulkPreference > 1.2 || item.count >= 3
          ? [option("BUNDLE", BUNDLE, 1 / BUNDLE, Math.round(product.price * 100), BUNDLE - 1)]
          : []),
      ];
      const cadence = item.reorderIntervalDays ? `, about every ${Math.round(item.reorderIntervalDays)} days` : "";
      candidates.push({
        userId,
        productId: item.productId,
        merchantId,
        price: product.price,
        alcohol: product.vertical === "ALCOHOL" || product.tags.includes("age-restricted"),
        options: dealOptions,
        context: `you bought this ${item.count} time${item.count === 1 ? "" : "s"}${cadence}, price sensitivity ${sensitivity.toFixed(2)}`,
      });
    });
    done += 1;
    if (done % 100 === 0) options.onProgress?.(done, users.length);
  }
  options.onProgress?.(users.length, users.length);
  return { candidates, shoppers: users.length };
}
