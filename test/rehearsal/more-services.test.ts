/**
 * Rehearsal: the Service Catalog and Argo CD integ apps
 * (integ/integ.service-catalog.ts, integ/integ.argocd.ts) deployed while a
 * person finishes each handshake, then used:
 * - the product, on the platform team's existing connection (imported by
 *   its codestar-connections ARN), deploys, and the health schedule, fired
 *   once as EventBridge would, publishes its last sync (Service Catalog's
 *   DescribeProductAsAdmin, played by the fake);
 * - the Argo CD capability is created after the handshake and its role's
 *   grant; the repoURL output is the EKS user guide's form with the
 *   deployed connection's own id; IAM, as deployed, allows the capability
 *   role to read that repository and no other when the key is sent.
 */
import { OperationResult } from './cloudformation';
import { deployWithHandshakes, record, rehearse, seedImports } from './harness';
import { allows, PolicyDocument } from './iam-evaluation';
import { integTemplate } from './rehearsal';
import { ok, respond } from '../wire/fake-codestar';

jest.setTimeout(120_000);

function idsOf(template: any, type: string): string[] {
  return Object.keys(template.Resources).filter(id => template.Resources[id].Type === type);
}

describe('integ.service-catalog: a product synced from a repository', () => {
  const STACK = 'CodeConnectionsServiceCatalogInteg';
  const template = integTemplate('integ.service-catalog.ts', STACK);
  let created: OperationResult;
  let productId: string;
  let published: any[] = [];
  let sourceConnection: any;
  let importedArn: string;

  beforeAll(async () => {
    await rehearse({ region: 'eu-west-1', timeScale: 20 }, async r => {
      const [productLogicalId] = idsOf(template, 'AWS::ServiceCatalog::CloudFormationProduct');
      [importedArn] = seedImports(r, template);
      created = await r.deploy(STACK, template);
      const stack = r.cloudFormation.requireStack(STACK);
      const product = stack.resources.get(productLogicalId)!;
      productId = product.physicalId;
      sourceConnection = product.properties.SourceConnection;
      // Service Catalog's answer for the product: its first sync succeeded.
      r.fake.always('DescribeProductAsAdmin', respond(req => ok({
        ProductViewDetail: {
          ProductViewSummary: { ProductId: req.body.Id },
          SourceConnection: { Type: 'CODESTAR', LastSync: { LastSyncStatus: req.body.Id === productId ? 'SUCCEEDED' : 'FAILED' } },
        },
      })));
      const [rule] = [...stack.resources.values()].filter(s => s.type === 'AWS::Events::Rule').map(s => s.properties);
      for (const target of rule.Targets) {
        r.lambda.invokeAsync(target.Arn, JSON.parse(target.Input));
      }
      await r.lambda.idle();
      published = r.lambda.logs().split('\n').map(l => l.slice(l.indexOf('{'))).filter(l => l.includes('ProductSyncSucceeded'))
        .map(l => JSON.parse(l));
      record('service-catalog-deploy', STACK, created, `published: ${JSON.stringify(published.map(p => ({ ProductId: p.ProductId, value: p.ProductSyncSucceeded })))}`);
    });
  });

  test('the stack deploys; the product reads the repository through the imported codestar-connections connection', () => {
    expect(created.reason).toBeUndefined();
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(importedArn).toMatch(/^arn:aws:codestar-connections:/);
    expect(sourceConnection).toEqual({
      Type: 'CODESTAR',
      ConnectionParameters: {
        CodeStar: { ConnectionArn: importedArn, Repository: 'my-org/service-catalog-templates', Branch: 'main', ArtifactPath: 'products/encrypted-bucket.yaml' },
      },
    });
  });

  test('the health schedule publishes the product\'s last sync under its id', () => {
    expect(published.map(p => [p.ProductId, p.ProductSyncSucceeded, p.Status])).toEqual([[productId, 1, 'SUCCEEDED']]);
  });
});

describe('integ.argocd: the capability role reads the GitOps repository', () => {
  const STACK = 'CodeConnectionsArgoCdInteg';
  const template = integTemplate('integ.argocd.ts', STACK);
  let created: OperationResult;
  let connectionArn: string;
  let documents: PolicyDocument[];
  let order: string[];

  beforeAll(async () => {
    await rehearse({ region: 'eu-west-1', timeScale: 20 }, async r => {
      created = await deployWithHandshakes(r, STACK, template);
      const stack = r.cloudFormation.requireStack(STACK);
      connectionArn = [...r.codeConnections.connections.values()][0].arn;
      const [roleId] = idsOf(template, 'AWS::IAM::Role').filter(id => id.startsWith('ArgoCdCapabilityRole'));
      documents = idsOf(template, 'AWS::IAM::Policy')
        .filter(id => template.Resources[id].Properties.Roles.some((role: any) => role.Ref === roleId))
        .map(id => stack.resources.get(id)!.properties.PolicyDocument);
      order = created.events.filter(e => e.status === 'CREATE_COMPLETE').map(e => e.logicalId);
      record('argocd-deploy', STACK, created);
    });
  });

  test('the stack deploys; the capability comes after the handshake and after the role\'s grant', () => {
    expect(created.reason).toBeUndefined();
    expect(created.status).toBe('CREATE_COMPLETE');
    const [status] = idsOf(template, 'Custom::CodeConnectionsConnectionStatus');
    const [policy] = idsOf(template, 'AWS::IAM::Policy').filter(id => id.startsWith('ArgoCdCapabilityRole'));
    expect(order.indexOf('ArgoCd')).toBeGreaterThan(order.indexOf(status));
    expect(order.indexOf('ArgoCd')).toBeGreaterThan(order.indexOf(policy));
  });

  test('the repoURL output is the EKS user guide\'s form, with the deployed connection\'s region, account and id', () => {
    // https://codeconnections.region.amazonaws.com/git-http/account-id/region/connection-id/owner/repository.git
    const [, , , region, account, resource] = connectionArn.split(':');
    const expected = `https://codeconnections.${region}.amazonaws.com/git-http/${account}/${region}/${resource.split('/')[1]}/my-org/gitops.git`;
    expect(created.outputs.GitOpsRepositoryUrl).toBe(expected);
    expect(JSON.parse(created.outputs.GuestbookApplication).spec.source.repoURL).toBe(expected);
  });

  test('IAM allows UseConnection and GetConnection for my-org/gitops, and refuses another repository when the key is sent', () => {
    const context = (repository?: string) => (repository ? { 'codeconnections:FullRepositoryId': repository } : {});
    expect(allows(documents, 'codeconnections:UseConnection', connectionArn, context('my-org/gitops'))).toBe(true);
    expect(allows(documents, 'codeconnections:UseConnection', connectionArn, context())).toBe(true);
    expect(allows(documents, 'codeconnections:GetConnection', connectionArn)).toBe(true);
    expect(allows(documents, 'codeconnections:UseConnection', connectionArn, context('my-org/payroll'))).toBe(false);
    expect(allows(documents, 'codeconnections:UseConnection', connectionArn,
      { ...context('my-org/gitops'), 'codeconnections:ProviderPermissionsRequired': 'read_write' })).toBe(false);
  });
});
