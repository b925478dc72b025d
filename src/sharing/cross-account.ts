/**
 * Use of a connection from another account: a connection is usable in an
 * account other than its owner's only when its owner shares it through AWS
 * RAM (CodeConnections since March 2025). At synth the library knows the
 * owner account (the connection's stack, or its ARN), the account of what
 * uses it (the grantee's stack or ARN), and the shares this app makes; it
 * warns when nothing in the app shares a connection of the owner with the
 * consumer.
 *
 * What cannot be known at synth is not guessed about: an account that is a
 * token, a share to an organization or OU (whose members are not known), a
 * share made outside this app (then acknowledge the warning). The share is
 * matched by the owner's account, not by the connection: an imported ARN
 * and a connection this app creates cannot be matched one to one at synth.
 */
import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ConnectionShare } from './connection-share';

/** Warning id of a connection used from an account nothing in the app shares it with. */
export const NOT_SHARED_WARNING = 'cdk-codeconnections:connectionNotSharedWithAccount';

/** The account of an IAM principal or construct, when known at synth. */
function accountOf(thing: unknown): string | undefined {
  const env = (thing as { env?: { account?: string } } | undefined)?.env?.account;
  const principal = (thing as { grantPrincipal?: { principalAccount?: string } } | undefined)?.grantPrincipal?.principalAccount;
  const stack = isConstruct(thing) ? Stack.of(thing).account : undefined;
  for (const account of [env, principal, stack]) {
    if (account !== undefined && !Token.isUnresolved(account)) {
      return account;
    }
  }
  return undefined;
}

function isConstruct(x: unknown): x is IConstruct {
  return typeof x === 'object' && x !== null && 'node' in x;
}

/**
 * Registers the check of one use: `connection` used by `user` (a grantee or
 * a construct), described by `describe(user's path)`. Runs when the app is
 * validated, after every `shareWith()` call. A user that is no construct (an
 * account root, a service principal) has no account to compare.
 */
export function checkCrossAccountUse(connection: IConstruct, user: unknown, describe: (path: string) => string): void {
  if (!isConstruct(user)) {
    return;
  }
  const consumer = user;
  const ownerAccount = accountOf(connection);
  const consumerAccount = accountOf(user);
  if (ownerAccount === undefined || consumerAccount === undefined || ownerAccount === consumerAccount) {
    return;
  }
  const use = describe(consumer.node.path);
  consumer.node.addValidation({
    validate: () => {
      const shares = connection.node.root.node.findAll().filter((c): c is ConnectionShare => c instanceof ConnectionShare)
        .filter(s => Stack.of(s).account === ownerAccount);
      const principals = shares.flatMap(s => s.principalList());
      if (principals.some(p => p === undefined || p === consumerAccount || !/^\d{12}$/.test(p))) {
        return []; // shared with the account, or with an organization, OU or token that may hold it
      }
      Annotations.of(consumer).addWarningV2(NOT_SHARED_WARNING,
        `${use} uses connection ${connection.node.path} of account ${ownerAccount} from account ${consumerAccount}, `
        + `but nothing in this app shares a connection of account ${ownerAccount} with ${consumerAccount}`
        + `${principals.length ? ` (its shares go to ${principals.join(', ')})` : ''}: a connection is usable in another account only `
        + `when its owner shares it through AWS RAM, so the ${use} would fail at run time. In the owner's stack, call `
        + `connection.shareWith(['${consumerAccount}']); if the share is made outside this app, acknowledge this warning`);
      return [];
    },
  });
}
