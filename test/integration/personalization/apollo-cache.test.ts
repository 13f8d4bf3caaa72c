import { ApolloClient, ApolloLink, InMemoryCache, gql, type TypePolicies } from "@apollo/client";
import { print } from "graphql";
import { MongoClient, type Db } from "mongodb";
import { Observable } from "rxjs";
import { insertFixtures, personalizationServer, type Result } from "./personalization-fixtures";

// Issue 20: a storefront using Apollo Client's default normalized cache must never show one shopper's
// carousel items to another. The cache keys objects by `__typename:id`, so `Carousel.id` has to be
// unique per shopper, surface and request context; the stable collection key is `collectionId`.

const HOME = gql`
  query Home($userId: ID, $surface: Surface!, $weights: DimensionWeightsInput) {
    carousels(userId: $userId, surface: $surface, weights: $weights) {
      id
      collectionId
      title
      items(first: 10) {
        edges {
          node {
            product {
              id
            }
            score
          }
        }
      }
    }
  }
`;

interface HomeData {
  carousels: Array<{
    id: string;
    collectionId: string;
    title: string;
    items: { edges: Array<{ node: { product: { id: string }; score: number } }> };
  }>;
}

let mongo: MongoClient;
let db: Db;
let execute: (query: string, variables?: Record<string, unknown>) => Promise<Result>;

beforeAll(async () => {
  mongo = await MongoClient.connect(process.env.MONGODB_URI!);
  db = mongo.db(`test_apollo_cache_${process.pid}`);
  await db.dropDatabase();
  await insertFixtures(db);
  ({ execute } = await personalizationServer(db));
});

afterAll(async () => {
  await db.dropDatabase();
  await mongo.close();
});

/** A real Apollo Client whose link executes against the personalization server in-process. */
function client(typePolicies?: TypePolicies): ApolloClient {
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        execute(print(operation.query), operation.variables)
          .then((result) => {
            observer.next(result as ApolloLink.Result);
            observer.complete();
          })
          .catch((error: unknown) => observer.error(error));
      }),
  );
  return new ApolloClient({ link, cache: new InMemoryCache({ typePolicies }) });
}

const itemIds = (data: HomeData): string[][] =>
  data.carousels.map((carousel) => carousel.items.edges.map((edge) => edge.node.product.id));

async function load(apollo: ApolloClient, variables: Record<string, unknown>): Promise<HomeData> {
  const result = await apollo.query<HomeData>({ query: HOME, variables, fetchPolicy: "network-only" });
  expect(result.error).toBeUndefined();
  return result.data as HomeData;
}

function cached(apollo: ApolloClient, variables: Record<string, unknown>): HomeData {
  return apollo.readQuery<HomeData>({ query: HOME, variables })!;
}

test("two shoppers' HOME carousels stay apart in InMemoryCache: each reads back exactly what it was served", async () => {
  const apollo = client();
  const warm = await load(apollo, { userId: "u-warm", surface: "HOME" });
  const vegan = await load(apollo, { userId: "u-vegan", surface: "HOME" });
  const anonymous = await load(apollo, { surface: "HOME" });

  // The same collections are served to both shoppers (the test is only meaningful when they share keys)…
  const shared = warm.carousels
    .map((c) => c.collectionId)
    .filter((key) => vegan.carousels.some((c) => c.collectionId === key));
  expect(shared.length).toBeGreaterThan(0);
  // …with different items, under different ids.
  expect(itemIds(warm)).not.toEqual(itemIds(vegan));
  for (const key of shared)
    expect(warm.carousels.find((c) => c.collectionId === key)!.id).not.toBe(
      vegan.carousels.find((c) => c.collectionId === key)!.id,
    );

  // After all three loads, each shopper's query reads back from the cache exactly as served.
  expect(itemIds(cached(apollo, { userId: "u-warm", surface: "HOME" }))).toEqual(itemIds(warm));
  expect(itemIds(cached(apollo, { userId: "u-vegan", surface: "HOME" }))).toEqual(itemIds(vegan));
  expect(itemIds(cached(apollo, { surface: "HOME" }))).toEqual(itemIds(anonymous));
});

test("weights are part of the identity: a re-weighted HOME does not overwrite the default one in the cache", async () => {
  const apollo = client();
  const plain = await load(apollo, { userId: "u-warm", surface: "HOME" });
  const weighted = await load(apollo, { userId: "u-warm", surface: "HOME", weights: { familiarity: 0, novelty: 1 } });
  expect(weighted.carousels[0]!.id).not.toBe(plain.carousels[0]!.id);
  expect(itemIds(cached(apollo, { userId: "u-warm", surface: "HOME" }))).toEqual(itemIds(plain));
  // The same request twice gives the same ids, so a refetch updates the cached carousels in place.
  const again = await load(apollo, { userId: "u-warm", surface: "HOME" });
  expect(again.carousels.map((c) => c.id)).toEqual(plain.carousels.map((c) => c.id));
});

test("control: keyed by the collection key alone (the old Carousel.id), the cache mixes the shoppers", async () => {
  const apollo = client({ Carousel: { keyFields: ["collectionId"] } });
  const warm = await load(apollo, { userId: "u-warm", surface: "HOME" });
  await load(apollo, { userId: "u-vegan", surface: "HOME" });
  expect(itemIds(cached(apollo, { userId: "u-warm", surface: "HOME" }))).not.toEqual(itemIds(warm));
});
