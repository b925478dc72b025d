/**
 * The rules of a Git-synced Service Catalog product, from AWS's pages:
 * - Service Catalog API reference, CodeStarParameters: Repository 1-100
 *   characters "formatted as Account/Repo", Branch 1-250, ArtifactPath
 *   1-4,096 "formatted as folder/file.json";
 * - CreateProduct and AWS::ServiceCatalog::CloudFormationProduct: name,
 *   owner, description, distributor and support description up to 8,191
 *   characters, support email up to 254, support URL up to 2,083;
 * - Administrator Guide, "Managing Git-synced products": "GitHub, GitHub
 *   Enterprise, or Bitbucket" repositories.
 */
import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { GitSyncedProductProps } from './git-synced-product';
import { Connection } from '../connection/connection';
import { IConnection } from '../connection/connection-base';
import { parseCodeConnectionsArn } from '../core/arns';
import { knownArnNamespace } from '../core/grants';
import { warnCreatedThroughPendingConnection } from '../core/pending-connection-warning';
import { branchProblem, escapeControlCharacters, lengthProblem, show } from '../core/validation';

/** `Account/Repo`: one owner, one repository, no slash in either. */
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** aws-cdk-lib's own checks of a product's support email and URL (aws-servicecatalog InputValidator). */
const EMAIL = /^[\w\d.%+\-]+@[a-z\d.\-]+\.[a-z]{2,4}$/i;
const URL = /^https?:\/\/.*/;

/** Providers AWS's guide names for Git-synced products. */
const DOCUMENTED_PROVIDERS = ['GitHub', 'GitHubEnterpriseServer', 'Bitbucket'];

/** Every rule the product's properties break, each naming the property, the value and the rule. */
export function productProblems(props: GitSyncedProductProps): string[] {
  const problems: Array<string | undefined> = [
    lengthProblem('productName', props.productName, 1, 8191),
    lengthProblem('owner', props.owner, 1, 8191),
    lengthProblem('description', props.description, 0, 8191),
    lengthProblem('distributor', props.distributor, 0, 8191),
    lengthProblem('supportDescription', props.supportDescription, 0, 8191),
    lengthProblem('supportEmail', props.supportEmail, 0, 254),
    lengthProblem('supportUrl', props.supportUrl, 0, 2083),
    repositoryProblem(props.repository),
    productBranchProblem(props.branch),
    templatePathProblem(props.templatePath),
  ];
  if (props.supportEmail !== undefined && !Token.isUnresolved(props.supportEmail) && !EMAIL.test(props.supportEmail)) {
    problems.push(`supportEmail: ${show(props.supportEmail)} is not an email address, e.g. 'platform@example.com'`);
  }
  if (props.supportUrl !== undefined && !Token.isUnresolved(props.supportUrl) && !URL.test(props.supportUrl)) {
    problems.push(`supportUrl: ${show(props.supportUrl)} must start with http:// or https://`);
  }
  return problems.filter((p): p is string => p !== undefined);
}

function repositoryProblem(repository: string): string | undefined {
  if (Token.isUnresolved(repository)) {
    return undefined;
  }
  if (repository.length > 100) {
    return `repository: ${show(repository)} must be at most 100 characters long (Service Catalog's limit)`;
  }
  if (!REPOSITORY.test(repository)) {
    return `repository: ${show(repository)} must be owner/name (Service Catalog's "Account/Repo"): one owner and one repository name, `
      + "letters, digits, '-', '_' and '.', e.g. 'my-org/templates'";
  }
  return undefined;
}

function productBranchProblem(branch: string): string | undefined {
  if (!Token.isUnresolved(branch) && branch.length > 250) {
    return `branch: ${show(branch)} must be at most 250 characters long (Service Catalog's limit)`;
  }
  return branchProblem(branch);
}

/**
 * The template's path from the repository's root, as AWS formats it
 * ("folder/file.json"): no leading or trailing '/', no '\', no '.' or '..'
 * parts, no control characters.
 */
function templatePathProblem(path: string): string | undefined {
  if (Token.isUnresolved(path)) {
    return undefined;
  }
  const length = lengthProblem('templatePath', path, 1, 4096);
  if (length) {
    return length;
  }
  const rule = (why: string) => `templatePath: ${show(path)} ${why}; give the file's path from the repository's root, formatted as AWS documents it, e.g. 'products/bucket.yaml'`;
  if (escapeControlCharacters(path) !== path) {
    return rule('has control characters');
  }
  if (path.startsWith('/')) {
    return rule("starts with '/'");
  }
  if (path.endsWith('/')) {
    return rule("ends with '/', a folder: the product's template is one file");
  }
  if (path.includes('\\')) {
    return rule("has '\\': paths in a repository use '/'");
  }
  if (path.split('/').some(part => part === '' || part === '.' || part === '..')) {
    return rule("has an empty, '.' or '..' part");
  }
  return undefined;
}

/** Warning id of a product whose connection's provider AWS's guide does not name. */
const PROVIDER_WARNING = 'cdk-codeconnections:productProviderNotDocumented';
/** Warning id of a product on a connection created PENDING in the same deploy. */
const PENDING_WARNING = 'cdk-codeconnections:productOnPendingConnection';
/** Warning id of a product on a connection whose ARN is in the codeconnections namespace. */
const NAMESPACE_WARNING = 'cdk-codeconnections:productConnectionArnNamespace';

/**
 * Warns when the connection's ARN is known to be a `codeconnections` one:
 * the CloudFormation resource schema of the product (as cfn-lint and
 * aws-cdk-lib's template validation carry it) allows only
 * `codestar-connections` ARNs in `ConnectionArn`, while Service Catalog's
 * API and the Template Reference page accept both; which one CloudFormation
 * enforces cannot be checked here.
 */
export function warnProductArnNamespace(scope: IConstruct, connection: IConnection): void {
  const arn = connection.connectionArn;
  const namespace = Token.isUnresolved(arn) ? knownArnNamespace(connection) : parseCodeConnectionsArn(arn, 'connection')?.namespace;
  if (namespace !== 'codeconnections') {
    return;
  }
  Annotations.of(scope).addWarningV2(NAMESPACE_WARNING,
    `connection ${connection.node.path} has a codeconnections ARN, and the CloudFormation resource schema of AWS::ServiceCatalog::CloudFormationProduct `
    + '(as cfn-lint and aws-cdk-lib\'s template validation carry it) allows only codestar-connections ARNs in SourceConnection\'s ConnectionArn, '
    + 'while Service Catalog\'s API reference and CloudFormation\'s Template Reference accept both: CloudFormation may refuse the product at deploy. '
    + 'A connection created as AWS::CodeStarConnections::Connection has a codestar-connections ARN (import it with Connection.fromConnectionArn); '
    + 'acknowledge this warning once you have seen a codeconnections connection deploy.');
}

/**
 * Warns, for a connection of this app, when its provider is not one AWS's
 * guide names for Git-synced products, and when the deploy creates it
 * PENDING without waiting for it.
 */
export function warnProductConnection(scope: IConstruct, connection: IConnection): void {
  if (!(connection instanceof Connection)) {
    return;
  }
  const provider = connection.providerType;
  if (provider !== undefined && provider.requiresHost !== undefined && !DOCUMENTED_PROVIDERS.includes(provider.name)) {
    Annotations.of(scope).addWarningV2(PROVIDER_WARNING,
      `connection ${connection.node.path} is a connection to ${provider.name}, and AWS's Service Catalog guide ("Managing Git-synced products") `
      + 'names only GitHub, GitHub Enterprise and Bitbucket repositories for products synced from a repository: the product may fail to create or sync. '
      + 'Use a connection to one of those, or acknowledge this warning once you have seen it work.');
  }
  if (!connection.waitsForAvailable) {
    warnCreatedThroughPendingConnection(scope, PENDING_WARNING,
      `Service Catalog product ${scope.node.path} reads its template through connection ${connection.node.path}`,
      'Service Catalog cannot read the repository until a person finishes the handshake (AWS does not document whether creating the product then fails or its first sync does).',
      'the product', 'the product');
  }
}
