import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import {
  GraphQLError,
  getNamedType,
  getVariableValues,
  isListType,
  getNullableType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import type { Config } from "../core/config";
import { badRequest } from "./operation-guard";

/** The gateway's operation limits (configuration: `OPERATION_MAX_*`, `.env.example`). */
export interface OperationLimits {
  /** Longest chain of nested fields in one operation (introspection's `__schema` not counted). */
  maxDepth: number;
  /** Aliased fields in one operation, fragments included (`__typename` aliases not counted). */
  maxAliases: number;
  /** Top-level fields in one operation, fragments included. */
  maxRootFields: number;
  /** Lexical tokens in the document (counted before it is parsed). */
  maxTokens: number;
  /** Length of the `query` string, in bytes (checked before anything else). */
  maxDocumentBytes: number;
  /** Estimated cost: see {@link costEstimator}. */
  maxCost: number;
  /** The size assumed for a list field without a `first` or `ids` argument, in the cost estimate. */
  costListSize: number;
}

/** `extensions.code` of each limit's rejection (HTTP 400). */
export const LIMIT_CODES = {
  maxDepth: "MAX_DEPTH_EXCEEDED",
  maxAliases: "MAX_ALIASES_EXCEEDED",
  maxRootFields: "MAX_ROOT_FIELDS_EXCEEDED",
  maxTokens: "MAX_TOKENS_EXCEEDED",
  maxDocumentBytes: "DOCUMENT_TOO_LARGE",
  maxCost: "MAX_COST_EXCEEDED",
} as const satisfies Record<Exclude<keyof OperationLimits, "costListSize">, string>;

/** The limits configuration sets. */
export function operationLimits(config: Config): OperationLimits {
  return {
    maxDepth: config.OPERATION_MAX_DEPTH,
    maxAliases: config.OPERATION_MAX_ALIASES,
    maxRootFields: config.OPERATION_MAX_ROOT_FIELDS,
    maxTokens: config.OPERATION_MAX_TOKENS,
    maxDocumentBytes: config.OPERATION_MAX_DOCUMENT_BYTES,
    maxCost: config.OPERATION_MAX_COST,
    costListSize: config.OPERATION_COST_LIST_SIZE,
  };
}

/** A rejected operation: HTTP 400, `extensions.code` naming the limit, the limit and what was found. */
export class OperationLimitError extends GraphQLError {
  constructor(limit: keyof typeof LIMIT_CODES, max: number, found: number | string, what: string) {
    super(`${what}: ${found} exceeds the limit of ${max}`, {
      extensions: { code: LIMIT_CODES[limit], limit: max, found, http: { status: 400 } },
    });
  }
}

/**
 * Checks the raw document before it is parsed, so a huge or token-flooded document costs no more
 * than a scan: its size, then its token count (the lexer stops at the first token over the limit).
 * Returns the rejection, or undefined to go on (syntax errors are left to the parser to report).
 */
export function checkDocument(query: string, limits: OperationLimits): OperationLimitError | undefined {
  const bytes = Buffer.byteLength(query, "utf8");
  if (bytes > limits.maxDocumentBytes)
    return new OperationLimitError("maxDocumentBytes", limits.maxDocumentBytes, bytes, "Document size in bytes");
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++tokens > limits.maxTokens)
        return new OperationLimitError(
          "maxTokens",
          limits.maxTokens,
          `more than ${limits.maxTokens}`,
          "Tokens in the document",
        );
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Validation rules for depth and aliases (GraphQL Armor) and root fields; each reports a
 * {@link OperationLimitError} (Apollo answers validation errors with HTTP 400).
 */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  const report =
    (limit: "maxDepth" | "maxAliases", what: string) => (context: ValidationContext | null, error: GraphQLError) => {
      const found = /found (\d+)/.exec(error.message)?.[1] ?? "more";
      context?.reportError(new OperationLimitError(limit, limits[limit], Number(found) || found, what));
    };
  return [
    // Depth is the depth of the fields selected: a fragment spread adds no level (clients such as the
    // storefront's generated operations nest fragments; counting each spread made them too deep).
    maxDepthRule({
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [report("maxDepth", "Query depth")],
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [report("maxAliases", "Aliases in the operation")],
    }),
    maxRootFieldsRule(limits.maxRootFields),
  ];
}

/** Counts the top-level fields of each operation (through fragments, each fragment counted where it is spread). */
function maxRootFieldsRule(max: number): ValidationRule {
  return (context): ASTVisitor => ({
    OperationDefinition(operation) {
      const count = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
        let fields = 0;
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) fields += selection.name.value === "__typename" ? 0 : 1;
          else if (selection.kind === Kind.INLINE_FRAGMENT) fields += count(selection.selectionSet, seen);
          else if (!seen.has(selection.name.value)) {
            const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(selection.name.value);
            if (fragment) fields += count(fragment.selectionSet, new Set([...seen, selection.name.value]));
          }
          if (fields > max) return fields;
        }
        return fields;
      };
      const found = count(operation.selectionSet, new Set());
      if (found > max)
        context.reportError(new OperationLimitError("maxRootFields", max, found, "Top-level fields in the operation"));
    },
  });
}

/**
 * The cost model: every field costs 1 plus its selections' cost times a multiplier — `first` when the
 * field is given it (a page size, literal or variable), else the number of `ids` asked for, else
 * `costListSize` for a list or a connection (its default page); a list directly inside a connection
 * (`edges`) counts 1, its page being counted at the connection. Introspection fields cost nothing.
 */
export function costEstimator(costListSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith("__")) return 0;
    let multiplier = 1;
    if (typeof args.first === "number" && args.first > 0) multiplier = args.first;
    else if (Array.isArray(args.ids)) multiplier = Math.max(1, args.ids.length);
    else if (isListType(getNullableType(field.type)))
      multiplier = getNamedType(type).name.endsWith("Connection") ? 1 : costListSize;
    else if (getNamedType(field.type).name.endsWith("Connection")) multiplier = costListSize;
    return 1 + multiplier * childComplexity;
  };
}

/** Largest number of selections the cost estimate walks (fragments expanded) before it gives up and rejects. */
const MAX_COST_NODES = 10_000;

/**
 * Rejects, once the operation and its variables are known and before anything is planned, an
 * operation whose estimated cost ({@link costEstimator}) is over `maxCost`.
 */
export function operationCostPlugin(limits: OperationLimits): ApolloServerPlugin<BaseContext> {
  const estimators = [costEstimator(limits.costListSize)];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operation }) {
          // Invalid variables are reported here, stopping at the first few errors: the cost library
          // would coerce them without a limit (seconds for a 10,000-item list of wrong values).
          if (operation?.variableDefinitions?.length) {
            const coerced = getVariableValues(schema, operation.variableDefinitions, request.variables ?? {}, {
              maxErrors: 5,
            });
            if (coerced.errors) throw badRequest(coerced.errors[0]!.message, "BAD_USER_INPUT");
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: operation?.name?.value ?? request.operationName ?? undefined,
              estimators,
              maxQueryNodes: MAX_COST_NODES,
            });
          } catch (error) {
            if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message))
              throw new OperationLimitError(
                "maxCost",
                limits.maxCost,
                `more than ${MAX_COST_NODES} selections`,
                "Estimated cost",
              );
            throw badRequest(error instanceof Error ? error.message : String(error), "BAD_USER_INPUT");
          }
          if (cost > limits.maxCost) throw new OperationLimitError("maxCost", limits.maxCost, cost, "Estimated cost");
        },
      };
    },
  };
}
