import { GraphQLError } from "graphql";
import { MongoNetworkError } from "mongodb";
import { BadUserInputError, formatError, NotFoundError } from "../../subgraphs/shared/errors";
import { assertId, assertIds, pageSize } from "../../subgraphs/shared/ids";

describe("error formatting", () => {
  const internal: unknown[] = [];
  const production = formatError(false, (error) => internal.push(error));
  const development = formatError(true, () => undefined);

  test("typed client errors keep their code and lose stack traces outside development", () => {
    const error = new BadUserInputError("first must be between 1 and 100", "first");
    const formatted = production(
      { message: error.message, extensions: { code: "BAD_USER_INPUT", field: "first", stacktrace: ["at x"] } },
      error,
    );
    expect(formatted.extensions).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(
      development(
        { message: "m", extensions: { code: "NOT_FOUND", stacktrace: ["at x"] } },
        new NotFoundError("Category", "c1"),
      ).extensions?.stacktrace,
    ).toBeDefined();
  });

  test("a database outage becomes UNAVAILABLE", () => {
    const outage = new MongoNetworkError("connect ECONNREFUSED 127.0.0.1:27018");
    const wrapped = new GraphQLError(outage.message, { originalError: outage });
    const formatted = production({ message: outage.message, path: ["product"] }, wrapped);
    expect(formatted.extensions).toEqual({ code: "UNAVAILABLE" });
    expect(formatted.message).not.toContain("ECONNREFUSED");
  });

  test("a server forwarding subgraph errors drops stack traces and internal details even in development", () => {
    const forwarding = formatError(true, () => undefined, { stackTraces: false });
    const formatted = forwarding(
      {
        message: "Variable $e got invalid value",
        extensions: { code: "BAD_USER_INPUT", stacktrace: ["at z"], response: { url: "http://10.0.0.5:4002/graphql" } },
      },
      new GraphQLError("x"),
    );
    expect(formatted.extensions).toEqual({ code: "BAD_USER_INPUT" });
    const internal = forwarding(
      {
        message: "boom",
        extensions: {
          code: "INTERNAL_SERVER_ERROR",
          stacktrace: ["at z"],
          response: { url: "http://10.0.0.5:4002/graphql" },
        },
      },
      new GraphQLError("boom"),
    );
    expect(internal).toEqual({ message: "boom", extensions: { code: "INTERNAL" } });
  });

  test("anything else is INTERNAL with a generic message, and is reported", () => {
    const bug = new TypeError("cannot read properties of undefined");
    const formatted = production(
      { message: bug.message, extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at y"] } },
      new GraphQLError(bug.message, { originalError: bug }),
    );
    expect(formatted).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL" } });
    expect(formatted.extensions?.stacktrace).toBeUndefined();
    expect(internal).toContain(bug);
  });
});

describe("argument validation", () => {
  test("ids must be short and made of safe characters", () => {
    expect(assertId("p:instacart:24852", "id")).toBe("p:instacart:24852");
    for (const bad of ["", " p1", "p1;drop", "$where", "x".repeat(129), '{"$gt":""}']) {
      expect(() => assertId(bad, "id")).toThrow(BadUserInputError);
    }
  });

  test("id lists and page sizes have limits", () => {
    expect(() =>
      assertIds(
        Array.from({ length: 201 }, (_, i) => `p${i}`),
        "ids",
        200,
      ),
    ).toThrow(/at most 200/);
    expect(pageSize(undefined, "first", 100, 10)).toBe(10);
    expect(pageSize(100, "first", 100, 10)).toBe(100);
    expect(() => pageSize(0, "first", 100, 10)).toThrow(BadUserInputError);
    expect(() => pageSize(101, "first", 100, 10)).toThrow(BadUserInputError);
  });
});
