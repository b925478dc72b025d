/**
 * The AWS services the library's functions call, and whether subnets of a
 * VPC of this app show a way to each: a NAT (private subnets with egress),
 * or a VPC endpoint in the app (interface endpoints serve the whole VPC with
 * private DNS; a gateway endpoint serves the route tables it names).
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

export interface EndpointService {
  readonly id: string;
  /** What calls it, for the warning. */
  readonly label: string;
  /** Matches the endpoint's resolved ServiceName. */
  readonly serviceName: RegExp;
  readonly gateway: boolean;
}

export const VPC_ENDPOINT_SERVICES: EndpointService[] = [
  // The handlers' SDK client (@aws-sdk/client-codestar-connections) calls
  // codestar-connections.REGION.amazonaws.com: only this endpoint's private
  // DNS name serves it (codeconnections.api is another host name).
  { id: 'codeconnections', label: 'the CodeConnections API (endpoint service codestar-connections.api)', serviceName: /\.codestar-connections\.api"/, gateway: false },
  { id: 's3', label: 'CloudFormation\'s response URL, a pre-signed S3 URL (an S3 gateway endpoint on the subnets\' route tables)', serviceName: /\.s3"/, gateway: true },
  { id: 'lambda', label: 'Lambda, which a status resource that waits for AVAILABLE invokes to hand its wait over', serviceName: /\.lambda"/, gateway: false },
  { id: 'servicecatalog', label: 'Service Catalog, which the health publisher reads a synced product\'s last sync from', serviceName: /\.servicecatalog"/, gateway: false },
];

/**
 * Why the functions' subnets may have no way to each needed service, one
 * sentence per gap; empty when every subnet has a NAT, or an endpoint of
 * the app serves it, or nothing can be known at synth (a VPC that is not an
 * `ec2.Vpc` of this app).
 */
export function endpointGaps(scope: IConstruct, vpc: ec2.IVpc, selection: ec2.SelectedSubnets, needed: EndpointService[]): string[] {
  if (!(vpc instanceof ec2.Vpc)) {
    return [];
  }
  const isolated = selection.subnets.filter(s => vpc.isolatedSubnets.includes(s));
  if (!isolated.length) {
    return [];
  }
  const vpcStack = Stack.of(vpc);
  const key = (value: unknown) => JSON.stringify(vpcStack.resolve(value));
  const vpcKey = key(vpc.vpcId);
  const endpoints = scope.node.root.node.findAll()
    .filter((c): c is ec2.CfnVPCEndpoint => c instanceof ec2.CfnVPCEndpoint)
    .filter(e => key(e.vpcId) === vpcKey);
  const gaps: string[] = [];
  for (const service of needed) {
    const serving = endpoints.filter(e => service.serviceName.test(key(e.serviceName)));
    const unserved = service.gateway
      ? isolated.filter(s => !serving.some(e => (e.routeTableIds ?? []).map(key).includes(key(s.routeTable.routeTableId))))
      : (serving.length ? [] : isolated);
    if (unserved.length) {
      gaps.push(`the library's functions run in isolated subnet${unserved.length > 1 ? 's' : ''} ${unserved.map(s => s.node.path).join(', ')} of ${vpc.node.path}, `
        + `which show${unserved.length > 1 ? '' : 's'} no way to ${service.label}: no NAT, and no such endpoint in the VPC. `
        + 'Add the endpoints with LibraryFunctions.of(stack).addVpcEndpoints(), or choose subnets with a NAT');
    }
  }
  return gaps;
}
