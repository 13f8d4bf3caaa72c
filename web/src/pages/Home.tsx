import { useQuery } from "@apollo/client/react";
import { useCallback, useEffect, useState } from "react";
import { Carousel } from "../components/Carousel";
import { QueryState } from "../components/QueryState";
import { WeightSliders } from "../components/WeightSliders";
import { HomeDocument, type DimensionWeightsInput } from "../gql/graphql";
import { useSession } from "../session";

let firstRenderMarked = false;

/** The home page: the shopper's HOME carousels, re-queried with `weights` when a slider moves. */
export function Home() {
  const { shopper } = useSession();
  const [weights, setWeights] = useState<DimensionWeightsInput | null>(null);
  const onWeights = useCallback((next: DimensionWeightsInput | null) => setWeights(next), []);
  const { data, loading, error, refetch } = useQuery(HomeDocument, {
    variables: { userId: shopper.userId, weights },
    notifyOnNetworkStatusChange: true,
  });
  const carousels = data?.carousels ?? [];
  useEffect(() => {
    // The browser test reads this mark (Performance API) to compare the first render with the query's time.
    if (!firstRenderMarked && carousels.length > 0) {
      firstRenderMarked = true;
      performance.mark("storefront:home-rendered");
    }
  }, [carousels.length]);
  return (
    <>
      <h1>{shopper.userId ? "Picked for you" : "Popular right now"}</h1>
      <WeightSliders onChange={onWeights} ready={carousels.length > 0 || error !== undefined} />
      <QueryState
        loading={loading && carousels.length === 0}
        error={error}
        retry={() => void refetch()}
        label="your carousels"
      >
        <div aria-busy={loading}>
          {carousels.map((carousel) => (
            <Carousel key={carousel.id} carousel={carousel} />
          ))}
        </div>
      </QueryState>
    </>
  );
}
