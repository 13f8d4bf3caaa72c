import { BadUserInputError } from "./errors";

/** Shape of every entity id: 1–128 characters of letters, digits and `_ . : -`, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Returns the id when well-formed, else throws BAD_USER_INPUT naming the argument. */
export function assertId(id: string, field: string): string {
  if (!ID_PATTERN.test(id))
    throw new BadUserInputError(
      `${field} ${JSON.stringify(id.slice(0, 140))} is not a valid id (letters, digits, _ . : -, at most 128 characters)`,
      field,
    );
  return id;
}

/** Validates a list of ids; also rejects lists longer than `max`. */
export function assertIds(ids: readonly string[], field: string, max: number): string[] {
  if (ids.length > max)
    throw new BadUserInputError(`${field} has ${ids.length} ids; at most ${max} are allowed`, field);
  return ids.map((id) => assertId(id, field));
}

/** Validates a page size: 1..max, default when omitted. */
export function pageSize(first: number | null | undefined, field: string, max: number, fallback: number): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max)
    throw new BadUserInputError(`${field} must be between 1 and ${max} (got ${first})`, field);
  return first;
}
