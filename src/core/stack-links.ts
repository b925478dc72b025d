import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { connectionsListConsoleUrl } from './console-links';

/**
 * The connections page of the stack's region, for synth-time messages; undefined
 * when the region is a token or its partition (and so its console) is unknown.
 */
export function stackConnectionsListUrl(scope: IConstruct): string | undefined {
  const region = Stack.of(scope).region;
  const partition = Token.isUnresolved(region) ? undefined : knownPartition(scope);
  return partition && connectionsListConsoleUrl(partition, region);
}

/**
 * The stack's partition when known at synth: `stack.partition` is a token
 * even for a concrete region, so it is read from the region's facts.
 */
export function knownPartition(scope: IConstruct): string | undefined {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.partition)) {
    return stack.partition;
  }
  return Token.isUnresolved(stack.region) ? undefined : RegionInfo.get(stack.region).partition;
}
