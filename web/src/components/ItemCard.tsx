import { useMutation } from "@apollo/client/react";
import { useId } from "react";
import { RecordEventsDocument, type RankedItemCardFragment } from "../gql/graphql";
import { useCart } from "../cart";
import { money } from "../money";
import { useSession } from "../session";

function dealBadge(deal: NonNullable<RankedItemCardFragment["deal"]>): string {
  if (deal.kind === "PERCENT_OFF") return `${deal.value}% off`;
  if (deal.kind === "AMOUNT_OFF") return `${deal.value} off`;
  return `${deal.value} for a bundle price`;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** A search highlight (HTML-escaped text with `<mark>` around matches) as React text and <mark> elements, never as raw HTML. */
function Marked({ snippet }: { snippet: string }) {
  return (
    <>
      {snippet
        .split(/(<mark>.*?<\/mark>)/)
        .map((part, i) =>
          part.startsWith("<mark>") ? <mark key={i}>{unescape(part.slice(6, -7))}</mark> : unescape(part),
        )}
    </>
  );
}

/** A product tile: a local picture placeholder (no image host), price, unit price, deal badge, reasons, "Why this?" and add to cart. */
export function ItemCard({ item, highlight }: { item: RankedItemCardFragment; highlight?: string }) {
  const { items, add } = useCart();
  const { shopper } = useSession();
  const [recordEvents] = useMutation(RecordEventsDocument);
  const nameId = useId();
  const product = item.product;
  const inCart = items.includes(product.id);
  const hue =
    [...product.id].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0, 2166136261) % 360;
  return (
    <article className="item" aria-label={product.name}>
      <div
        className="picture"
        role="img"
        aria-label={`Picture of ${product.name}`}
        style={{ background: `hsl(${hue} 45% 85%)` }}
      >
        <span aria-hidden="true">{product.name.slice(0, 1)}</span>
      </div>
      <h3 id={nameId}>{product.name}</h3>
      {product.brand && <p className="brand">{product.brand}</p>}
      <p className="price">
        {money(product.price, product.currency)}
        {product.unitPrice && (
          <span className="unit">
            {" "}
            ({money(product.unitPrice.value, product.currency)} / {product.unitPrice.per})
          </span>
        )}
      </p>
      {item.deal && <p className="deal">{dealBadge(item.deal)}</p>}
      {item.ageRestricted && <p className="badge">ID required</p>}
      {highlight && (
        <p className="highlight">
          <Marked snippet={highlight} />
        </p>
      )}
      {item.reasons[0] && <p className="reason">{item.reasons[0].text}</p>}
      <details>
        <summary>Why this?</summary>
        {item.explanation && <p>{item.explanation}</p>}
        <ul>
          {item.reasons.map((reason) => (
            <li key={reason.dimension}>
              <strong>{reason.dimension}</strong> {reason.score.toFixed(2)}: {reason.text}
            </li>
          ))}
        </ul>
      </details>
      <button
        type="button"
        disabled={inCart}
        aria-describedby={nameId}
        onClick={() => {
          add(product.id);
          // A signed-in shopper's add-to-cart is an event the profile learns from (idempotent by eventId).
          if (shopper.userId)
            void recordEvents({
              variables: {
                events: [
                  {
                    eventId: crypto.randomUUID(),
                    userId: shopper.userId,
                    type: "ADD_TO_CART",
                    productId: product.id,
                    timestamp: new Date().toISOString(),
                  },
                ],
              },
            }).catch(() => undefined);
        }}
      >
        {inCart ? "In cart" : "Add to cart"}
      </button>
    </article>
  );
}
