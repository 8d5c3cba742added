/**
 * A mistake the user can fix (a wrong path, a refused directory): the CLI
 * prints the message alone, without a stack trace or a debugging hint.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}
