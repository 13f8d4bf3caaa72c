import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { QueryState } from "../components/QueryState";
import { OrdersDocument, ShopperProfileDocument } from "../gql/graphql";
import { useSession } from "../session";

/** The signed-in shopper's profile (summary, preferences) and orders, a page at a time. */
export function Profile() {
  const { shopper } = useSession();
  const userId = shopper.userId;
  const profile = useQuery(ShopperProfileDocument, { variables: { userId: userId ?? "" }, skip: !userId });
  const [after, setAfter] = useState<string | null>(null);
  const orders = useQuery(OrdersDocument, { variables: { userId: userId ?? "", after }, skip: !userId });
  if (!userId) return <p>Choose a shopper above to see their profile and orders.</p>;
  const user = profile.data?.user;
  const connection = orders.data?.user?.orders;
  return (
    <>
      <h1>{user?.name ?? "Profile"}</h1>
      <QueryState
        loading={profile.loading}
        error={profile.error}
        retry={() => void profile.refetch()}
        label="the profile"
      >
        {user && (
          <>
            <p>{user.summary.text}</p>
            <p>Dietary: {user.preferences.dietary.join(", ") || "none"}</p>
          </>
        )}
      </QueryState>
      <h2>Orders</h2>
      <QueryState
        loading={orders.loading && !orders.data}
        error={orders.error}
        retry={() => void orders.refetch()}
        label="orders"
      >
        {connection && (
          <>
            <p>{connection.totalCount} orders</p>
            <ul>
              {connection.edges.map((edge) => (
                <li key={edge.node.id}>
                  {new Date(edge.node.placedAt).toLocaleDateString("en-US")}: {edge.node.lines.length} items,{" "}
                  {edge.node.total.toFixed(2)}
                </li>
              ))}
            </ul>
            {connection.pageInfo.hasNextPage && (
              <button type="button" onClick={() => setAfter(connection.pageInfo.endCursor)}>
                Older orders
              </button>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
