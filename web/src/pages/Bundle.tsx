import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { QueryState } from "../components/QueryState";
import { BundleDocument } from "../gql/graphql";
import { useCart } from "../cart";
import { useSession } from "../session";
import { money } from "../money";

/**
 * The bundle builder: an intent ("movie night snacks for 6") and an optional budget become a bundle of
 * catalog products, one per slot, for the current shopper (`Query.bundle`); every product can go to the cart.
 */
export function Bundle() {
  const { shopper } = useSession();
  const { items, add } = useCart();
  const [intent, setIntent] = useState("");
  const [budget, setBudget] = useState("");
  const [asked, setAsked] = useState<{ intent: string; budget: number | null } | null>(null);
  const { data, loading, error, refetch } = useQuery(BundleDocument, {
    variables: { intent: asked?.intent ?? "", userId: shopper.userId, budget: asked?.budget ?? null },
    skip: asked === null,
  });
  const bundle = data?.bundle;
  return (
    <>
      <h1>Bundle builder</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const amount = Number(budget);
          if (intent.trim() !== "")
            setAsked({ intent: intent.trim(), budget: budget.trim() !== "" && amount > 0 ? amount : null });
        }}
      >
        <label>
          What is it for?{" "}
          <input
            name="intent"
            value={intent}
            placeholder="gift for a coffee lover under $40"
            onChange={(event) => setIntent(event.target.value)}
          />
        </label>{" "}
        <label>
          Budget (USD){" "}
          <input
            name="budget"
            type="number"
            min="1"
            step="1"
            value={budget}
            onChange={(event) => setBudget(event.target.value)}
          />
        </label>{" "}
        <button type="submit">Build</button>
      </form>
      {asked && (
        <QueryState loading={loading && !bundle} error={error} retry={() => void refetch()} label="the bundle">
          {bundle && (
            <section className="bundle" aria-labelledby="bundle-title">
              <h2 id="bundle-title">{bundle.title}</h2>
              <p className="explanation">
                {bundle.explanation} <small>({bundle.source.toLowerCase()})</small>
              </p>
              <p className="bundle-total">
                Total {money(bundle.total)}
                {bundle.budget !== null && bundle.budget !== undefined
                  ? ` of ${money(bundle.budget)} (${bundle.withinBudget ? "within budget" : "over budget"})`
                  : ""}
              </p>
              <ul className="bundle-slots">
                {bundle.slots.map((slot) => (
                  <li key={slot.role + slot.query} className="bundle-slot">
                    <strong>{slot.role}</strong>
                    {slot.required ? "" : " (optional)"}:{" "}
                    {slot.product ? (
                      <>
                        <span className="bundle-product">{slot.product.name}</span>{" "}
                        <span className="price">{money(slot.price ?? slot.product.price)}</span>{" "}
                        <button
                          type="button"
                          onClick={() => add(slot.product!.id)}
                          disabled={items.includes(slot.product.id)}
                        >
                          {items.includes(slot.product.id) ? "In cart" : "Add to cart"}
                        </button>
                        {slot.reasons.length > 0 && <small className="reason"> {slot.reasons.join("; ")}</small>}
                      </>
                    ) : (
                      <em>{slot.missing ?? "nothing in the catalog fits"}</em>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </QueryState>
      )}
    </>
  );
}
