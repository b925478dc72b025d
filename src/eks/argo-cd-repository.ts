import { Annotations, Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Connection } from '../connection/connection';
import { IConnection } from '../connection/connection-base';
import { parseCodeConnectionsArn } from '../core/arns';
import { arnsByNamespace, connectionRepositoryProblem, grantInNamespaces, knownArnNamespace } from '../core/grants';
import { knownPartition } from '../core/stack-links';
import { requireConnection, requireString, requireValue, show } from '../core/validation';
import { checkCrossAccountUse } from '../sharing/cross-account';

/** Providers the EKS user guide names for Argo CD through CodeConnections. */
const DOCUMENTED_PROVIDERS = ['GitHub', 'GitLab', 'Bitbucket'];

/** Warning ids. */
const PROVIDER_WARNING = 'cdk-codeconnections:argoCdProviderNotDocumented';
const REGION_WARNING = 'cdk-codeconnections:argoCdConnectionInAnotherRegion';

/**
 * A repository that Amazon EKS's managed Argo CD (the Argo CD capability)
 * reads through a connection: the `repoURL` its Applications name, and the
 * grant its capability role needs.
 *
 * The URL is the form the EKS user guide documents ("Configure repository
 * access", CodeConnections):
 * `https://codeconnections.REGION.amazonaws.com/git-http/ACCOUNT/REGION/CONNECTION_ID/OWNER/REPOSITORY.git`,
 * made from the connection's ARN (as a token when the ARN is one). It holds
 * the connection's id: a replaced connection changes it, and every
 * Application that still names the old URL stops syncing.
 *
 * @example
 * declare const connection: Connection;
 * declare const capabilityRole: iam.Role;
 * const gitops = ArgoCdRepository.of(connection, 'my-org/gitops');
 * gitops.grantRead(capabilityRole);
 * new CfnOutput(this, 'RepoUrl', { value: gitops.url });
 */
export class ArgoCdRepository {
  /**
   * The repository `repository` (`owner/repo`), read through `connection`.
   *
   * @param connection the connection that reaches the repository; in the
   * cluster's Region (EKS's rule)
   * @param repository `owner/repo`, without `.git`
   */
  public static of(connection: IConnection, repository: string): ArgoCdRepository {
    requireConnection('ArgoCdRepository.of()', connection, true);
    const where = `${connection.node.path}: ArgoCdRepository.of()`;
    requireString(where, 'repository', repository, "'my-org/gitops'");
    if (!Token.isUnresolved(repository)) {
      if (repository.endsWith('.git')) {
        throw new Error(`${where}: repository ${show(repository)} ends with '.git'; leave it out: the URL ends with '.git' already (the EKS user guide's form)`);
      }
      const problem = connectionRepositoryProblem(connection, repository);
      if (problem) {
        throw new Error(`${where}: repository ${show(repository)} ${problem}`);
      }
    }
    return new ArgoCdRepository(connection, repository, where);
  }

  /**
   * The repository URL an Argo CD Application names in `spec.source.repoURL`
   * (a token when the connection's ARN is one).
   */
  public readonly url: string;

  /** The connection the repository is read through. */
  public readonly connection: IConnection;

  /** The repository, `owner/repo`. */
  public readonly repository: string;

  private constructor(connection: IConnection, repository: string, where: string) {
    this.connection = connection;
    this.repository = repository;
    this.url = repositoryUrl(connection, repository, where);
    warnConnection(connection, where);
  }

  /**
   * Grants the Argo CD capability's role what the EKS user guide asks for
   * on this connection: `UseConnection` (for this repository and read-only,
   * where the capability sends those keys) and `GetConnection`, with the
   * prefix of the connection's ARN.
   *
   * @param capabilityRole the IAM role of the Argo CD capability (trusted by
   * `capabilities.eks.amazonaws.com`)
   */
  public grantRead(capabilityRole: iam.IGrantable): iam.Grant {
    requireValue(`${this.connection.node.path}: ArgoCdRepository.grantRead()`, 'capabilityRole', capabilityRole, 'the capability\'s iam.Role');
    const arns = arnsByNamespace(this.connection, this.connection.connectionArn, knownArnNamespace(this.connection));
    checkCrossAccountUse(this.connection, capabilityRole, path => `Argo CD (UseConnection) of ${path}`);
    const repository = this.repository;
    // IfExists: the EKS pages do not say which condition keys the capability
    // sends; a StringEquals on a key it does not send would refuse every read.
    const use = grantInNamespaces(capabilityRole, 'UseConnection', arns, namespace => ({
      StringEqualsIfExists: {
        [`${namespace}:FullRepositoryId`]: repository,
        [`${namespace}:ProviderPermissionsRequired`]: 'read_only',
      },
    }));
    return use.combine(grantInNamespaces(capabilityRole, 'GetConnection', arns));
  }
}

/**
 * The EKS user guide's URL, from the ARN's region, account and connection
 * id. A concrete ARN must be of the `aws` partition: the guide gives only
 * the `amazonaws.com` host, and EKS capabilities are in the commercial
 * Regions.
 */
function repositoryUrl(connection: IConnection, repository: string, where: string): string {
  const arn = connection.connectionArn;
  let region: string;
  let account: string;
  let id: string;
  if (!Token.isUnresolved(arn)) {
    const parsed = parseCodeConnectionsArn(arn, 'connection');
    if (!parsed) {
      throw new Error(`${where}: connection ARN ${show(arn)} is not a connection ARN (arn:aws:codeconnections:REGION:ACCOUNT:connection/ID)`);
    }
    if (parsed.partition !== 'aws') {
      throw new Error(`${where}: connection ${show(arn)} is in the '${parsed.partition}' partition; the EKS user guide documents the Argo CD repository URL `
        + 'only for the aws partition (https://codeconnections.REGION.amazonaws.com/...), and EKS capabilities are available in the commercial Regions');
    }
    ({ region, account, resourceId: id } = parsed);
  } else {
    // Known only at deploy: the stack's partition, when known, stands for it.
    const partition = knownPartition(connection);
    if (partition !== undefined && partition !== 'aws') {
      throw new Error(`${where}: connection ${connection.node.path} is in a stack of the '${partition}' partition; the EKS user guide documents the Argo CD `
        + 'repository URL only for the aws partition (https://codeconnections.REGION.amazonaws.com/...), and EKS capabilities are available in the commercial Regions');
    }
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    region = parts.region!;
    account = parts.account!;
    id = parts.resourceName!;
  }
  return `https://codeconnections.${region}.amazonaws.com/git-http/${account}/${region}/${id}/${repository}.git`;
}

/**
 * Warns when the connection's provider is not one the EKS guide names, and
 * when the connection's Region is known and not its stack's (EKS reads only
 * connections in the cluster's Region).
 */
function warnConnection(connection: IConnection, where: string): void {
  if (connection instanceof Connection) {
    const provider = connection.providerType;
    if (provider !== undefined && provider.requiresHost !== undefined && !DOCUMENTED_PROVIDERS.includes(provider.name)) {
      Annotations.of(connection).addWarningV2(PROVIDER_WARNING,
        `${where}: connection ${connection.node.path} is a connection to ${provider.name}, and the EKS user guide names only GitHub, GitLab and Bitbucket `
        + 'for Argo CD through CodeConnections: the repository may not be readable. Acknowledge this warning once you have seen it work.');
    }
  }
  const arn = connection.connectionArn;
  const stackRegion = Stack.of(connection).region;
  const region = Token.isUnresolved(arn) ? undefined : parseCodeConnectionsArn(arn, 'connection')?.region;
  if (region !== undefined && !Token.isUnresolved(stackRegion) && region !== stackRegion) {
    Annotations.of(connection).addWarningV2(REGION_WARNING,
      `${where}: connection ${connection.node.path} is in ${region}, and its stack in ${stackRegion}: the EKS user guide says the connection must be in `
      + 'the same Region as the cluster. Use a connection of the cluster\'s Region; if the cluster is in ' + region + ', acknowledge this warning.');
  }
}
