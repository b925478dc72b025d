/**
 * A host's VPC configuration: the subnets and security groups its network
 * interfaces use (checked at synth), and the security group the host gets
 * when none is given.
 */
import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { HostProps } from './host';
import { checkResourceId, validateCertificate } from './host-rules';
import { DEFAULT_REMOVAL_POLICY } from '../core/resource-rules';
import { requireConstruct, validationError } from '../core/validation';

/** The VPC id aws-cdk-lib's `Vpc.fromLookup` returns until the lookup has run. */
const LOOKUP_PLACEHOLDER_VPC_ID = 'vpc-12345';

/** The CfnHost VpcConfiguration of `props` and its security groups, or undefined without a VPC. */
export function hostVpcConfiguration(host: Construct, props: HostProps) {
  if (!props.vpc) {
    const stray = (['vpcSubnets', 'securityGroups', 'tlsCertificate'] as const).filter(p => props[p] !== undefined);
    if (stray.length) {
      throw validationError(host, `${stray.join(', ')} ${stray.length > 1 ? 'require' : 'requires'} vpc: they configure the host's network interfaces in a VPC; pass vpc, or remove ${stray.join(', ')}`);
    }
    return undefined;
  }
  let subnetIds: string[];
  try {
    subnetIds = props.vpc.selectSubnets(props.vpcSubnets).subnetIds;
  } catch (e) {
    // aws-cdk-lib's message says what the VPC lacks; say which prop chose it.
    throw validationError(host, `vpcSubnets: the selection matches no subnets of the VPC (${(e as Error).message.trim()}). `
      + 'Choose a subnetType or subnetGroupName the VPC has, or pass subnets explicitly');
  }
  if (!Token.isUnresolved(subnetIds) && (subnetIds.length < 1 || subnetIds.length > 10)) {
    throw validationError(host, `vpcSubnets: the selection has ${subnetIds.length} subnets; a host needs 1-10. Choose a selection with fewer subnets (e.g. { subnetGroupName } or { availabilityZones }) or one that matches subnets of the VPC`);
  }
  if (props.securityGroups !== undefined && (props.securityGroups.length < 1 || props.securityGroups.length > 10)) {
    throw validationError(host, `securityGroups: ${props.securityGroups.length} security groups given; a host needs 1-10. Omit securityGroups to get one created for the host`);
  }
  validateCertificate(host, props.tlsCertificate);
  // Before `Vpc.fromLookup` has run, aws-cdk-lib synthesizes a placeholder
  // VPC (vpc-12345, subnets p-12345...) and the CLI then looks the VPC up
  // and synthesizes again: the placeholder must not fail the first pass.
  if (props.vpc.vpcId !== LOOKUP_PLACEHOLDER_VPC_ID) {
    checkResourceId(host, 'vpc', 'VPC', props.vpc.vpcId, 'vpc');
    subnetIds.forEach(subnetId => checkResourceId(host, 'vpcSubnets', 'subnet', subnetId, 'subnet'));
  }
  const securityGroups = props.securityGroups ?? [defaultSecurityGroup(host, props.vpc, props.removalPolicy)];
  securityGroups.forEach((sg, i) => {
    requireConstruct(host.node.path, `securityGroups[${i}]`, sg, 'securityGroupId', 'an ec2.ISecurityGroup', 'ec2.SecurityGroup.fromSecurityGroupId(host, \'Sg\', id)');
    checkResourceId(host, 'securityGroups', 'security group', sg.securityGroupId, 'sg');
  });
  return {
    securityGroups,
    config: {
      vpcId: props.vpc.vpcId,
      subnetIds,
      securityGroupIds: securityGroups.map(sg => sg.securityGroupId),
      tlsCertificate: props.tlsCertificate,
    },
  };
}

function defaultSecurityGroup(host: Construct, vpc: ec2.IVpc, removalPolicy: RemovalPolicy | undefined): ec2.ISecurityGroup {
  const sg = new ec2.SecurityGroup(host, 'SecurityGroup', {
    vpc,
    description: `CodeConnections host ${host.node.path}: HTTPS to the provider endpoint`,
    allowAllOutbound: false,
  });
  sg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the provider endpoint (its address is unknown at synth time)');
  // A retained host keeps its network interfaces, which keep this group:
  // deleting the group would fail with DependencyViolation. So the group
  // follows the host's policy.
  sg.applyRemovalPolicy(removalPolicy ?? DEFAULT_REMOVAL_POLICY);
  return sg;
}
