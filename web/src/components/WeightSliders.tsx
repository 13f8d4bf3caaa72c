import { useQuery } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { DimensionsDocument, type DimensionWeightsInput } from "../gql/graphql";

/**
 * One slider per value dimension (0–1, from `dimensions`); changes are sent a moment after the shopper
 * stops moving them. `ready` holds the dimensions query back until the page's own data has arrived, so
 * it does not compete with it on first load in the browser; on the server (rendering home into the
 * HTML) both queries run at once, so the sliders arrive in the same render as the carousels.
 */
export function WeightSliders({
  onChange,
  ready,
}: {
  onChange: (weights: DimensionWeightsInput | null) => void;
  ready: boolean;
}) {
  const { data } = useQuery(DimensionsDocument, { skip: !ready && typeof window !== "undefined" });
  const dimensions = (data?.dimensions ?? []).filter((dimension) => dimension.kind === "DIMENSION");
  const [draft, setDraft] = useState<Record<string, number>>({});
  useEffect(() => {
    if (Object.keys(draft).length === 0) return;
    const timer = setTimeout(() => onChange(draft as DimensionWeightsInput), 250);
    return () => clearTimeout(timer);
  }, [draft, onChange]);
  if (dimensions.length === 0) return null;
  return (
    <fieldset className="weights">
      <legend>What matters to you</legend>
      {dimensions.map((dimension) => {
        const value = draft[dimension.name] ?? dimension.defaultWeight;
        return (
          <label key={dimension.name} title={dimension.description}>
            {dimension.name} <output>{value.toFixed(1)}</output>
            <input
              type="range"
              min={0}
              max={1}
              step={0.1}
              value={value}
              aria-label={`Weight of ${dimension.name}`}
              onChange={(event) =>
                setDraft((current) => ({ ...current, [dimension.name]: Number(event.target.value) }))
              }
            />
          </label>
        );
      })}
      <button
        type="button"
        onClick={() => {
          setDraft({});
          onChange(null);
        }}
      >
        Reset
      </button>
    </fieldset>
  );
}
