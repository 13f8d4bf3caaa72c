import { GraphQLError, type GraphQLSchema, isNonNullType, isObjectType } from "graphql";
import { Extensions, UseMiddleware, type MiddlewareFn } from "type-graphql";
import { ANONYMOUS, describePrincipal, type Principal } from "../../core/auth/principal";
import { ErrorCode } from "./errors";

/** No credentials, and the field needs them. */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = "Sign in: this needs a bearer token for the shopper") {
    super(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
  }
}

/** Valid credentials that do not allow this. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
}

/**
 * Where a request context keeps its principal: a symbol-keyed property, so every subgraph's context
 * type stays as it is, and copied along when Apollo clones the context per operation. A context
 * nobody bound (an in-process call that did not say who it acts for) is anonymous.
 */
const PRINCIPAL = Symbol("principal");

/** Records who `context`'s request acts for (the subgraph HTTP layer, from the gateway's assertion; tests and jobs, explicitly). */
export function bindPrincipal<TContext extends object>(context: TContext, principal: Principal): TContext {
  (context as { [PRINCIPAL]?: Principal })[PRINCIPAL] = principal;
  return context;
}

/** Who `context`'s request acts for; anonymous when unbound. */
export function principalOf(context: object): Principal {
  return (context as { [PRINCIPAL]?: Principal })[PRINCIPAL] ?? ANONYMOUS;
}

/** Who may act on a shopper's data besides the shopper. */
export interface OwnershipOptions {
  /** Whether the `service` role may too (ingestion, jobs); default true. `admin` always may. */
  service?: boolean;
}

/**
 * Throws unless `context`'s principal may act on every one of `userIds`: the shopper whose id it is,
 * an admin, or (unless `options.service` is false) a service. Anonymous callers get UNAUTHENTICATED,
 * others FORBIDDEN. No ids (an anonymous request's optional `userId` left out) means nothing to check.
 */
export function requireOwner(context: object, userIds: Iterable<string>, options: OwnershipOptions = {}): void {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  const principal = principalOf(context);
  if (principal.role === "admin") return;
  if (principal.role === "service" && options.service !== false) return;
  if (principal.role === "anonymous")
    throw new UnauthenticatedError(`Sign in: data of shopper ${ids[0]} needs a bearer token for that shopper`);
  const others = principal.role === "shopper" ? ids.filter((id) => id !== principal.subject) : ids;
  if (others.length > 0)
    throw new ForbiddenError(`${describePrincipal(principal)} may not access data of shopper ${others[0]}`);
}

/** The values at a dotted path through `value`, descending into lists (`events.userId` → every event's userId). */
function valuesAt(value: unknown, path: string[]): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return typeof value === "string" ? [value] : [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** What {@link OwnedBy} declares on a field, kept in its GraphQL extensions for the schema description. */
interface OwnershipDeclaration {
  path: string;
  service: boolean;
}

/**
 * Declares a query, mutation or field as scoped to the shopper whose id is at `path` — an argument
 * path (`userId`, `input.userId`, `events.userId` for every event) or `root.id` for a field of `User`:
 * the resolver runs only when {@link requireOwner} allows it, and the field's description says so
 * (added when the schema is built, so Sandbox users see it).
 */
export function OwnedBy(path: string, options: OwnershipOptions = {}): MethodDecorator {
  const [source, ...rest] = path.split(".");
  const check: MiddlewareFn<object> = async ({ args, root, context }, next) => {
    const ids = source === "root" ? valuesAt(root, rest) : valuesAt(args, [source!, ...rest]);
    requireOwner(context, ids, options);
    return next();
  };
  const declaration: OwnershipDeclaration = { path, service: options.service !== false };
  const middleware = UseMiddleware(check) as MethodDecorator;
  const extensions = Extensions({ ownership: declaration }) as MethodDecorator;
  return (target, key, descriptor) => {
    middleware(target, key, descriptor);
    extensions(target, key, descriptor);
  };
}

/** The sentence {@link describeOwnership} adds to a declared field's description. */
export function ownershipNote(declaration: OwnershipDeclaration, optionalArgument: boolean): string {
  const who = declaration.path === "root.id" ? "this shopper" : `the shopper in \`${declaration.path}\``;
  const roles = declaration.service ? "a `service` or `admin` token" : "an `admin` token";
  const optional = optionalArgument ? ` Without \`${declaration.path}\`: anonymous results, no token needed.` : "";
  return `Authorization: a bearer token for ${who} (role \`shopper\`, \`sub\` = the user id) or ${roles}; none: UNAUTHENTICATED, another shopper: FORBIDDEN.${optional}`;
}

/** Appends {@link ownershipNote} to the description of every field declared with {@link OwnedBy}. */
export function describeOwnership(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const declaration = field.extensions?.ownership as OwnershipDeclaration | undefined;
      if (!declaration || field.description?.includes("Authorization:")) continue;
      const argument = field.args.find((arg) => arg.name === declaration.path);
      field.description =
        `${field.description ?? ""} ${ownershipNote(declaration, argument !== undefined && !isNonNullType(argument.type))}`.trim();
    }
  }
  return schema;
}
