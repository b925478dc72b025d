import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CodeBuildSourceCredential, Connection, Host, HostProviderType, ProviderType } from '../../src';

const CODESTAR_ARN = 'arn:aws:codestar-connections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000';
const HOST_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:host/my-host-1234';

function stack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

describe('CodeBuildSourceCredential', () => {
  test.each([
    [ProviderType.GITHUB, 'GITHUB'],
    [ProviderType.BITBUCKET, 'BITBUCKET'],
    [ProviderType.GITLAB, 'GITLAB'],
  ])('an owned %s connection: ServerType %s, AuthType CODECONNECTIONS, the ARN as token', (providerType, serverType) => {
    const s = stack();
    const connection = new Connection(s, 'C', { providerType });
    const credential = new CodeBuildSourceCredential(s, 'Credential', { connection });
    expect(credential.serverType).toBe(serverType);
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::CodeBuild::SourceCredential', 1);
    template.hasResourceProperties('AWS::CodeBuild::SourceCredential', {
      AuthType: 'CODECONNECTIONS',
      ServerType: serverType,
      Token: { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::CodeConnections::Connection'))[0], 'ConnectionArn'] },
    });
  });

  test.each([
    [HostProviderType.GITHUB_ENTERPRISE_SERVER, 'GITHUB_ENTERPRISE'],
    [HostProviderType.GITLAB_SELF_MANAGED, 'GITLAB_SELF_MANAGED'],
  ])('a connection on a %s host: ServerType %s (no endpoint needed)', (providerType, serverType) => {
    const s = stack();
    const host = Host.fromHostAttributes(s, 'Host', { hostArn: HOST_ARN, providerType });
    new CodeBuildSourceCredential(s, 'Credential', { connection: host.addConnection('C') });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::SourceCredential', { ServerType: serverType });
  });

  test('an imported connection takes providerType', () => {
    const s = stack();
    new CodeBuildSourceCredential(s, 'Credential', {
      connection: Connection.fromConnectionArn(s, 'C', CODESTAR_ARN),
      providerType: ProviderType.GITHUB_ENTERPRISE_SERVER,
    });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::SourceCredential', {
      AuthType: 'CODECONNECTIONS', ServerType: 'GITHUB_ENTERPRISE', Token: CODESTAR_ARN,
    });
  });

  test('waits for a connection that waits for AVAILABLE', () => {
    const s = stack();
    const connection = new Connection(s, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(20) });
    new CodeBuildSourceCredential(s, 'Credential', { connection });
    const template = Template.fromStack(s);
    const statusId = Object.keys(template.findResources('Custom::CodeConnectionsConnectionStatus'))[0];
    template.hasResource('AWS::CodeBuild::SourceCredential', { DependsOn: [statusId] });
  });

  test.each([
    ['an imported connection without providerType', (s: Stack) => ({ connection: Connection.fromConnectionArn(s, 'C', CODESTAR_ARN) }),
      /^Stack\/Credential: CodeBuildSourceCredential: the connection's provider is unknown.*pass providerType, e.g. providerType: ProviderType.GITHUB/],
    ['Azure DevOps', (s: Stack) => ({ connection: new Connection(s, 'C', { providerType: ProviderType.AZURE_DEVOPS }) }),
      /^Stack\/Credential: CodeBuildSourceCredential: provider AzureDevOps cannot be a CodeBuild source/],
    ['a contradicting providerType', (s: Stack) => ({ connection: new Connection(s, 'C', { providerType: ProviderType.GITHUB }), providerType: ProviderType.BITBUCKET }),
      /^Stack\/Credential: CodeBuildSourceCredential: providerType Bitbucket contradicts the connection, whose provider is GitHub/],
    ['no props', () => undefined as any, /^Stack\/Credential: props is required/],
    ['an ARN string as connection', () => ({ connection: CODESTAR_ARN as any }), /^Stack\/Credential: connection must be an IConnection/],
  ])('rejects %s', (_name, props, message) => {
    const s = stack();
    expect(() => new CodeBuildSourceCredential(s, 'Credential', props(s))).toThrow(message);
  });
});
