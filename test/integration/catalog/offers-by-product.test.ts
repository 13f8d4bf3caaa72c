import { MongoClient } from "mongodb";
import { configureByIdReads } from "../../../core/database/by-id-reads";
import type { OfferDocument } from "../../../core/documents/merchant.document";
import { OffersRepository } from "../../../subgraphs/catalog/offers.repository";

function offer(merchantId: string, productId: string, price: number): OfferDocument {
  return { _id: `${merchantId}|${productId}`, merchantId, productId, price, available: true };
}

test("offers of products read the same by $in and point by point: every merchant's, cheapest first, ties by id", async () => {
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  const db = client.db(`test_offers_by_product_${process.pid}`);
  try {
    const repository = new OffersRepository(db);
    await repository.ensureIndexes();
    await repository.collection.insertMany([
      offer("m2", "p1", 3),
      offer("m1", "p1", 3),
      offer("m3", "p1", 1.5),
      offer("m1", "p2", 9),
      offer("m2", "p3", 0.5),
      offer("m1", "p9", 2),
    ]);
    configureByIdReads("in", "sqlite");
    const viaIn = await repository.findByProductIds(["p1", "p2", "p3", "p1", "missing"]);
    configureByIdReads("point", "sqlite");
    const viaPoint = await repository.findByProductIds(["p1", "p2", "p3", "p1", "missing"]);
    expect(viaPoint).toEqual(viaIn);
    expect(viaIn.map((o) => o._id)).toEqual(["m2|p3", "m3|p1", "m1|p1", "m2|p1", "m1|p2"]);
  } finally {
    configureByIdReads("auto", "sqlite");
    await db.dropDatabase();
    await client.close();
  }
});
