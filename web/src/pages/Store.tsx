import { useQuery } from "@apollo/client/react";
import { useCallback, useState } from "react";
import { Carousel } from "../components/Carousel";
import { QueryState } from "../components/QueryState";
import { WeightSliders } from "../components/WeightSliders";
import { StoreDocument, StoresDocument, type DimensionWeightsInput } from "../gql/graphql";
import { useSession } from "../session";

/** A store's page: pick a store, see its STORE carousels (only items available there). */
export function Store({ storeId, go }: { storeId: string | null; go: (path: string) => void }) {
  const { shopper } = useSession();
  const stores = useQuery(StoresDocument);
  const [weights, setWeights] = useState<DimensionWeightsInput | null>(null);
  const onWeights = useCallback((next: DimensionWeightsInput | null) => setWeights(next), []);
  const storeList = (stores.data?.merchants.edges ?? [])
    .map((edge) => edge.node)
    .filter((merchant) => merchant.kind === "STORE");
  const chosen = storeId ?? storeList[0]?.id ?? null;
  const store = useQuery(StoreDocument, {
    variables: { storeId: chosen ?? "", userId: shopper.userId, weights },
    skip: !chosen,
  });
  return (
    <>
      <h1>{store.data?.merchant?.name ?? "Stores"}</h1>
      <QueryState loading={stores.loading} error={stores.error} retry={() => void stores.refetch()} label="stores">
        <label>
          Store{" "}
          <select value={chosen ?? ""} onChange={(event) => go(`/store/${encodeURIComponent(event.target.value)}`)}>
            {storeList.map((merchant) => (
              <option key={merchant.id} value={merchant.id}>
                {merchant.name}
                {merchant.city ? ` (${merchant.city})` : ""}
              </option>
            ))}
          </select>
        </label>
      </QueryState>
      <WeightSliders onChange={onWeights} ready={store.data !== undefined || store.error !== undefined} />
      {chosen && (
        <QueryState
          loading={store.loading && !store.data}
          error={store.error}
          retry={() => void store.refetch()}
          label="this store's carousels"
        >
          {(store.data?.carousels ?? []).map((carousel) => (
            <Carousel key={carousel.id} carousel={carousel} />
          ))}
        </QueryState>
      )}
    </>
  );
}
