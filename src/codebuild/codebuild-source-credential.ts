import { Resource } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { Construct } from 'constructs';
import { codeBuildProviderOf } from './codebuild-rules';
import { Connection } from '../connection/connection';
import { IConnection } from '../connection/connection-base';
import { ProviderType } from '../connection/provider-type';
import { requireConnection, requireValue } from '../core/validation';

/**
 * Properties of a `CodeBuildSourceCredential`.
 */
export interface CodeBuildSourceCredentialProps {
  /**
   * The connection CodeBuild uses by default for the provider's
   * repositories.
   */
  readonly connection: IConnection;

  /**
   * The connection's provider, for an imported connection (whose provider
   * is unknown at synth). Must match an owned connection's provider.
   *
   * @default - the provider of the connection (or of its host)
   */
  readonly providerType?: ProviderType;
}

/**
 * The account's default CodeBuild credential for one provider, through a
 * connection: `AWS::CodeBuild::SourceCredential` with `AuthType`
 * `CODECONNECTIONS`.
 *
 * CodeBuild projects whose source has no `Auth` of its own (e.g. aws-cdk-lib's
 * `Source.gitHub()`) read the provider's repositories with it.
 * `CodeBuildSource.fromConnection()` names its connection in the source and
 * needs no credential.
 *
 * There is one credential per provider (`ServerType`: GITHUB,
 * GITHUB_ENTERPRISE, GITLAB, GITLAB_SELF_MANAGED or BITBUCKET) per account
 * and region: a second one for the same server type, in this or another
 * stack, replaces the first. Deleting the resource (removing it from the
 * stack, or deleting the stack) removes the account's default credential for
 * that server type, whatever set it, so projects that rely on it can no
 * longer read their source.
 *
 * @resource AWS::CodeBuild::SourceCredential
 */
export class CodeBuildSourceCredential extends Resource {
  /** The ARN of the source credential. @attribute */
  public readonly sourceCredentialArn: string;

  /** The server type the credential is the default for, e.g. `GITHUB`. */
  public readonly serverType: string;

  constructor(scope: Construct, id: string, props: CodeBuildSourceCredentialProps) {
    const where = `${scope?.node?.path}/${id}`;
    requireValue(where, 'props', props, '{ connection }');
    requireConnection(where, props.connection);
    super(scope, id);

    const provider = codeBuildProviderOf(props.connection, {
      providerType: props.providerType,
      needsEndpoint: false,
      api: 'CodeBuildSourceCredential',
      scope: this,
    });
    this.serverType = provider.sourceType;

    const resource = new codebuild.CfnSourceCredential(this, 'Resource', {
      authType: 'CODECONNECTIONS',
      serverType: provider.sourceType,
      token: props.connection.connectionArn,
    });
    // CodeBuild reads the connection when it imports the credential.
    if (props.connection instanceof Connection && props.connection.waitsForAvailable) {
      resource.node.addDependency(props.connection.connectionAvailable);
    }
    this.sourceCredentialArn = resource.ref;
  }
}
