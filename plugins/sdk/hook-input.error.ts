/**
 * Thrown by a request-path hook when the client's input is what fails (an empty or overlong query): the
 * host passes it on as a BAD_USER_INPUT error on `argument` instead of serving its default.
 */
export class HookInputError extends Error {
  constructor(
    message: string,
    /** The GraphQL argument at fault. */
    readonly argument: string,
  ) {
    super(message);
    this.name = "HookInputError";
  }
}
