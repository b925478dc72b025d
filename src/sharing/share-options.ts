/**
 * Options of `connection.shareWith()`.
 */
export interface ShareConnectionOptions {
  /**
   * The name of the resource share.
   *
   * @default - a name derived from the connection's construct path
   */
  readonly resourceShareName?: string;

  /**
   * Whether accounts outside your AWS organization may be principals. Set
   * it to false to have RAM refuse them.
   *
   * @default - not set: RAM's default applies, which allows them
   */
  readonly allowExternalPrincipals?: boolean;
}
