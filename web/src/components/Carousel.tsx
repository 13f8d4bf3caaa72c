import type { CarouselCardFragment } from "../gql/graphql";
import { ItemCard } from "./ItemCard";

/** A carousel: title, subtitle, explanation with its source (LLM, CACHE or OFFLINE templates) and its items. */
export function Carousel({ carousel }: { carousel: CarouselCardFragment }) {
  const headingId = `carousel-${carousel.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  return (
    <section className="carousel" aria-labelledby={headingId} data-collection={carousel.collectionId}>
      <h2 id={headingId}>{carousel.title}</h2>
      {carousel.subtitle && <p className="subtitle">{carousel.subtitle}</p>}
      <p className="explanation">
        {carousel.explanation} <span className="source">({carousel.explanationSource.toLowerCase()})</span>
      </p>
      <div className="items">
        {carousel.items.edges.map((edge) => (
          <ItemCard key={edge.node.product.id} item={edge.node} />
        ))}
      </div>
    </section>
  );
}
