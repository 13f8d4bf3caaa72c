import type { OrderDocument } from "../../../core/documents/order.document";
import type { ProductDocument } from "../../../core/documents/product.document";
import type { UserDocument } from "../../../core/documents/user.document";
import { COLLECTIONS } from "../../../core/documents/collections";
import { openHarness, PRODUCTS, user, type Harness } from "./user-profile-fixtures";

const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id lines { product { id } quantity } } }`;

describe("placeOrder with an age-restricted product", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await openHarness(`test_user_profile_age_${process.pid}`);
    const wine: ProductDocument = {
      ...PRODUCTS.find((product) => product._id === "p-bread")!,
      _id: "p-wine",
      name: "Pinot Noir",
      vertical: "ALCOHOL",
      tags: ["age-restricted"],
      price: 14,
    };
    await harness.db.collection<ProductDocument>(COLLECTIONS.products).insertOne(wine);
    await harness.db
      .collection<UserDocument>(COLLECTIONS.users)
      .insertMany([{ ...user("u-unverified"), ageVerified: false }, user("u-verified")]);
  });
  afterAll(() => harness.close());

  it("is BAD_USER_INPUT for a shopper whose age is not verified, naming the line, and writes nothing", async () => {
    const { errors } = await harness.run(PLACE, {
      input: {
        userId: "u-unverified",
        lines: [
          { productId: "p-bread", quantity: 1 },
          { productId: "p-wine", quantity: 1 },
        ],
      },
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.lines[1].productId" });
    expect(errors?.[0]?.message).toBe(
      'product "p-wine" is age-restricted (ID required): only an age-verified shopper can order it',
    );
    expect(
      await harness.db.collection<OrderDocument>(COLLECTIONS.orders).countDocuments({ userId: "u-unverified" }),
    ).toBe(0);
  });

  it("is placed for a verified shopper, and other products stay open to the unverified one", async () => {
    const verified = await harness.run<{ placeOrder: { lines: { product: { id: string } }[] } }>(PLACE, {
      input: { userId: "u-verified", lines: [{ productId: "p-wine", quantity: 2 }] },
    });
    expect(verified.errors).toBeUndefined();
    expect(verified.data!.placeOrder.lines.map((line) => line.product.id)).toEqual(["p-wine"]);
    const plain = await harness.run(PLACE, {
      input: { userId: "u-unverified", lines: [{ productId: "p-bread", quantity: 1 }] },
    });
    expect(plain.errors).toBeUndefined();
  });
});
