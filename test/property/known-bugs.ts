/**
 * Input shapes that hit a KNOWN src bug, excluded from the properties until
 * the bug is fixed so the rest of each property keeps running. Each filter
 * names its bug; delete the filter (and its call) when the bug is fixed, and
 * the property then covers the shape again.
 */
import { materialize, type Answer, type ApiScripts } from './handler-arbitraries';

/**
 * KNOWN BUG H1 (src/custom-resource-response.ts `truncateReason`, used by
 * src/status-reporter.lambda.ts): the Reason is cut to 1024 UTF-16 code
 * units, but CloudFormation's limit is 4096 BYTES of the JSON body. A
 * character JSON writes as `\uXXXX` (C0 controls, lone surrogates) takes 6
 * bytes, so a reason of ~700 such characters (e.g. an API error message or a
 * token-built ConnectionName) makes a body CloudFormation rejects, and the
 * stack waits for the custom resource timeout.
 *
 * Shape excluded: inputs with more than 100 characters that JSON escapes as `\uXXXX`.
 */
export function hitsReasonBytesBug(...inputs: unknown[]): boolean {
  return inputs.some(input => (JSON.stringify(input) ?? '').split('\\u').length - 1 > 100);
}

/** Fields the reporter copies from an API answer into the response Data. */
const DATA_FIELDS: Record<string, (body: any) => unknown[]> = {
  GetConnection: b => [b?.Connection?.ConnectionName, b?.Connection?.ConnectionStatus, b?.Connection?.ProviderType],
  GetHost: b => [b?.Name, b?.Status, b?.ProviderType, b?.ProviderEndpoint],
  ListConnections: b => (Array.isArray(b?.Connections) ? b.Connections : [])
    .flatMap((c: any) => [c?.ConnectionArn, c?.ConnectionStatus, c?.ProviderType]),
};

/**
 * KNOWN BUG H2 (src/status-reporter.lambda.ts `connectionStatus`,
 * `hostStatus`, `lookupConnection`): the SDK passes JSON values of the wrong
 * type through (a number in `ProviderEndpoint` stays a number), and the
 * reporter copies them into Data with `?? ''` only, so Data (declared
 * Record<string, string>) can carry numbers, booleans, arrays or objects.
 * Only a service (or proxy) violating the API model sends such answers.
 *
 * Shape excluded: a success answer with a non-string value in a field that reaches Data.
 */
export function hitsDataTypeBug(scripts: ApiScripts): boolean {
  return Object.entries(DATA_FIELDS).some(([op, fields]) => {
    const s = (scripts as Record<string, { queue: Answer[]; then: Answer }>)[op];
    return [...s.queue, s.then].some(a => a.kind === 'ok'
      && fields(a.body).some(v => v !== undefined && v !== null && typeof v !== 'string'));
  });
}

// ---------------------------------------------------------------------------
// Constructs
// ---------------------------------------------------------------------------

/** The literal duration specs of construct-arbitraries.ts (tokens never hit C1). */
interface LiteralDuration {
  readonly unit: 'millis' | 'seconds' | 'minutes' | 'hours' | 'days';
  readonly amount?: number;
}

const SECONDS_PER_UNIT = { millis: 0.001, seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/**
 * KNOWN BUG C1 (src/connection.ts `waitForAvailableSeconds`, `wait.toSeconds()`
 * at line ~448): a `waitForAvailable` that is not a whole number of seconds,
 * e.g. `Duration.seconds(90.5)`, `Duration.millis(90_500)`,
 * `Duration.seconds(NaN)` or `Duration.minutes(Infinity)`, makes aws-cdk-lib
 * throw its UnscopedValidationError ("90.5 must be a whole number of
 * seconds." / "'90500 millis' cannot be converted into a whole number of
 * seconds."), which names neither the construct path nor `waitForAvailable`.
 *
 * Shape excluded: a literal waitForAvailable that is not a whole number of seconds.
 */
export function hitsWaitSecondsBug(wait: LiteralDuration | undefined): boolean {
  return wait?.amount !== undefined && !Number.isInteger(wait.amount * SECONDS_PER_UNIT[wait.unit]);
}

/**
 * UPSTREAM U1 (constructs 10.5.1 `Node.addChild`, not src/): a construct id
 * that is a property of Object.prototype ('valueOf', 'toString',
 * 'constructor', ...) is reported as "There is already a Construct with name
 * 'valueOf'". aws-cdk-lib's CodePipeline uses the action name as a construct
 * id, so `actionName: 'valueOf'` fails that way.
 *
 * Shape excluded: an actionName that is a property name of Object.prototype.
 */
export function hitsPrototypeIdBug(actionName: object | undefined): boolean {
  const name = actionName && 'lit' in actionName ? materialize(actionName.lit) : undefined;
  return typeof name === 'string' && name in Object.prototype;
}

/** Subnet groups of a VPC spec: type -> group names. */
type Groups = Record<'PUBLIC' | 'PRIVATE_WITH_EGRESS' | 'PRIVATE_ISOLATED', string[]>;

/**
 * KNOWN BUG C2 (src/host.ts `vpcConfiguration`): `props.vpc.selectSubnets(props.vpcSubnets)`
 * is called unguarded, so a selection the VPC cannot satisfy (a subnet type
 * or group name it does not have, or a VPC without subnets) throws
 * aws-cdk-lib's ValidationError ("There are no 'Public' subnet groups in this
 * VPC. Available types: ...") instead of the library's `vpcSubnets` error.
 *
 * Shape excluded: a vpcSubnets selection (or the default one) naming a subnet type or group the VPC lacks.
 */
export function hitsMissingSubnetGroupBug(groups: Groups, selection: Record<string, unknown> | undefined): boolean {
  const all = Object.values(groups).flat();
  if (selection && 'subnetIds' in selection) {
    return false;
  }
  if (selection && typeof selection.subnetType === 'string') {
    return groups[selection.subnetType as keyof Groups].length === 0;
  }
  if (selection && typeof selection.subnetGroupName === 'string') {
    return !all.includes(selection.subnetGroupName);
  }
  // The default selection (also with availabilityZones / onePerAz) fails only without any subnet.
  return all.length === 0;
}

/**
 * KNOWN BUG C3 (src/source-action.ts `validateRepository`, and the
 * `actionName` option of src/pipeline-source.ts): the action name is not
 * checked, so
 * - a name aws-cdk-lib rejects fails with aws-cdk-lib's ValidationError
 *   "Action name must match regular expression: /^[a-zA-Z0-9.@_-]{1,100}$/,
 *   got '...'", not with a `ConnectionSourceAction '...': actionName ...` error;
 * - a token (e.g. a CfnParameter value) fails at synth with aws-cdk-lib's
 *   "Resolution error: ... Unrecognized token key: TOKEN12..." (aws-cdk-lib
 *   uses the action name in construct ids, which mangles the token; its own
 *   CodeStarConnectionsSourceAction fails the same way), naming nothing.
 *
 * Shape excluded: an actionName that is a token or does not match aws-cdk-lib's pattern.
 */
export function hitsActionNameBug(actionName: object | undefined): boolean {
  if (actionName && 'token' in actionName) {
    return true;
  }
  const name = actionName && 'lit' in actionName ? materialize(actionName.lit) : undefined;
  return typeof name === 'string' && !/^[a-zA-Z0-9.@_-]{1,100}$/.test(name);
}

/**
 * KNOWN BUG C4 (src/pipeline-source.ts constructor): `super(repository)`
 * runs before the library's own token check, and aws-cdk-lib's
 * CodePipelineSource rejects a token id first ("Step id cannot be
 * unresolved, got '${Token[TOKEN.n]}'"), so the library's message
 * ("ConnectionSource.of(): the repository must be a string known at synth
 * time") is unreachable.
 *
 * Shape excluded: ConnectionSource.of with a token repository.
 */
export function hitsTokenRepositoryBug(repository: object): boolean {
  return 'token' in repository;
}
