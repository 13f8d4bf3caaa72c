import { useMutation, useQuery } from "@apollo/client/react";
import { Carousel } from "../components/Carousel";
import { QueryState } from "../components/QueryState";
import { CheckoutAisleDocument, ProductsDocument } from "../gql/graphql";
import { PlaceOrderDocument } from "../gql/graphql";
import { useCart } from "../cart";
import { useSession } from "../session";
import { money } from "../money";

/** The cart and its checkout aisle, re-queried whenever the cart changes (the cart is the query's variable). */
export function Cart() {
  const { shopper } = useSession();
  const { items, remove } = useCart();
  const products = useQuery(ProductsDocument, { variables: { ids: items }, skip: items.length === 0 });
  const aisle = useQuery(CheckoutAisleDocument, {
    variables: { cart: items, userId: shopper.userId },
    skip: items.length === 0,
  });
  const [placeOrder, placed] = useMutation(PlaceOrderDocument);
  const lines = (products.data?.products ?? []).filter((product) => product !== null);
  const total = lines.reduce((sum, product) => sum + product.price, 0);
  return (
    <>
      <h1>Your cart</h1>
      {items.length === 0 ? (
        <p>The cart is empty: add something from the home page, a store, a category or a search.</p>
      ) : (
        <QueryState
          loading={products.loading && !products.data}
          error={products.error}
          retry={() => void products.refetch()}
          label="the cart"
        >
          <ul className="cart-lines" aria-label="Cart">
            {lines.map((product) => (
              <li key={product.id}>
                {product.name} — {money(product.price)}{" "}
                <button type="button" onClick={() => remove(product.id)} aria-label={`Remove ${product.name}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <p className="total">Total {money(total)}</p>
          {shopper.userId && (
            <button
              type="button"
              disabled={placed.loading || placed.data !== undefined}
              onClick={() =>
                void placeOrder({
                  variables: {
                    input: { userId: shopper.userId!, lines: items.map((productId) => ({ productId, quantity: 1 })) },
                  },
                })
              }
            >
              {placed.data ? `Ordered (${money(placed.data.placeOrder.total)})` : "Place order"}
            </button>
          )}
        </QueryState>
      )}
      {items.length > 0 && (
        <QueryState
          loading={aisle.loading && !aisle.data}
          error={aisle.error}
          retry={() => void aisle.refetch()}
          label="the checkout aisle"
        >
          {aisle.data?.checkoutAisle && (
            <div className="aisle" data-testid="checkout-aisle">
              <Carousel carousel={aisle.data.checkoutAisle} />
            </div>
          )}
        </QueryState>
      )}
    </>
  );
}
