import { App, Annotations as CoreAnnotations, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { Connection, GitSyncedProduct, GitSyncedProductProps, ProviderType } from '../../src';

const CODESTAR_ARN = 'arn:aws:codestar-connections:eu-west-1:111111111111:connection/66666666-7777-4888-9999-000000000000';

function stackOf() {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function productWith(over: Partial<GitSyncedProductProps> = {}, stack = stackOf()) {
  const connection = over.connection ?? Connection.fromConnectionArn(stack, 'Connection', CODESTAR_ARN);
  const product = new GitSyncedProduct(stack, 'MyProduct', {
    productName: 'testProduct', owner: 'testOwner', connection, repository: 'my-org/templates', branch: 'main', templatePath: 'products/bucket.json', ...over,
  });
  return { stack, product, connection };
}

describe('GitSyncedProduct', () => {
  test('renders a CloudFormation product whose source is the repository, through the connection', () => {
    const { stack } = productWith({ description: 'An encrypted bucket', supportEmail: 'platform@example.com', supportUrl: 'https://wiki.example.com/bucket' });
    Template.fromStack(stack).templateMatches({
      Resources: {
        MyProduct49A3C587: {
          Type: 'AWS::ServiceCatalog::CloudFormationProduct',
          Properties: {
            Name: 'testProduct',
            Owner: 'testOwner',
            Description: 'An encrypted bucket',
            SupportEmail: 'platform@example.com',
            SupportUrl: 'https://wiki.example.com/bucket',
            ProductType: 'CLOUD_FORMATION_TEMPLATE',
            SourceConnection: {
              Type: 'CODESTAR',
              ConnectionParameters: {
                CodeStar: { ConnectionArn: CODESTAR_ARN, Repository: 'my-org/templates', Branch: 'main', ArtifactPath: 'products/bucket.json' },
              },
            },
            ProvisioningArtifactParameters: Match.absent(),
          },
        },
      },
    });
  });

  test('productId is the Ref, and productArn the catalog product ARN of this stack (partition-aware)', () => {
    const { stack, product } = productWith();
    expect(stack.resolve(product.productId)).toEqual({ Ref: 'MyProduct49A3C587' });
    expect(stack.resolve(product.productArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':catalog:eu-west-1:111111111111:product/', { Ref: 'MyProduct49A3C587' }]],
    });
    expect(product.assetBuckets).toEqual([]);
  });

  test('creates no role and no policy: Service Catalog syncs with its own service-linked role', () => {
    const { stack } = productWith();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  test('a connection of this app that waits for AVAILABLE: the product is created after the handshake, without a warning', () => {
    const stack = stackOf();
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(30) });
    productWith({ connection }, stack);
    const template = Template.fromStack(stack);
    const [product] = Object.values(template.findResources('AWS::ServiceCatalog::CloudFormationProduct'));
    const [statusId] = Object.keys(template.findResources('Custom::CodeConnectionsConnectionStatus'));
    expect(product.DependsOn).toContain(statusId);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('productOnPendingConnection'));
  });

  test('a connection of this app created PENDING in the same deploy: a warning that names both and the two fixes', () => {
    const stack = stackOf();
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    productWith({ connection }, stack);
    Annotations.fromStack(stack).hasWarning('/Stack/MyProduct', Match.stringLikeRegexp(
      '^Service Catalog product Stack/MyProduct reads its template through connection Stack/GitHub, which this deploy creates in PENDING: .*'
      + 'Either create the connection with waitForAvailable .* or deploy the connection first, finish the handshake .*\\[ack: cdk-codeconnections:productOnPendingConnection\\]'));
  });

  test('the PENDING warning can be acknowledged', () => {
    const stack = stackOf();
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    const { product } = productWith({ connection }, stack);
    CoreAnnotations.of(product).acknowledgeWarning('cdk-codeconnections:productOnPendingConnection');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('productOnPendingConnection'));
  });

  test.each([
    [ProviderType.GITLAB, true],
    [ProviderType.AZURE_DEVOPS, true],
    [ProviderType.GITHUB, false],
    [ProviderType.BITBUCKET, false],
  ])('a %p connection: warned that AWS\'s guide does not name it (%s)', (providerType, warned) => {
    const stack = stackOf();
    const connection = new Connection(stack, 'Repo', { providerType, waitForAvailable: Duration.minutes(30) });
    productWith({ connection }, stack);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('productProviderNotDocumented'));
    expect(warnings.length).toBe(warned ? 1 : 0);
    if (warned) {
      expect(warnings[0].entry.data).toContain(`is a connection to ${providerType.name}, and AWS's Service Catalog guide`);
    }
  });

  test.each([
    ['a connection of this app (AWS::CodeConnections::Connection)', true],
    ['an imported codeconnections ARN', true],
    ['an imported codestar-connections ARN', false],
    ['an ARN known only at deploy', false],
  ])('%s: warned that the product\'s schema allows only codestar-connections ARNs (%s)', (what, warned) => {
    const stack = stackOf();
    const connection = what.startsWith('a connection of this app')
      ? new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(30) })
      : Connection.fromConnectionArn(stack, 'Imported', what.includes('codeconnections')
        ? 'arn:aws:codeconnections:eu-west-1:111111111111:connection/11111111-2222-4333-8444-555555555555'
        : what.includes('codestar') ? CODESTAR_ARN : new CfnParameter(stack, 'Arn').valueAsString);
    productWith({ connection }, stack);
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/MyProduct', Match.stringLikeRegexp('productConnectionArnNamespace'));
    expect(warnings.length).toBe(warned ? 1 : 0);
    if (warned) {
      expect(warnings[0].entry.data).toMatch(/has a codeconnections ARN, and the CloudFormation resource schema of AWS::ServiceCatalog::CloudFormationProduct .* allows only codestar-connections ARNs/);
    }
  });

  test('imported connections get no warning (they exist, their provider is not known)', () => {
    const { stack } = productWith();
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test.each([
    ['repository', 'my-org', "repository: 'my-org' (6 characters) must be owner/name (Service Catalog's \"Account/Repo\")"],
    ['repository', 'group/sub/repo', "repository: 'group/sub/repo' (14 characters) must be owner/name"],
    ['repository', `my-org/${'r'.repeat(94)}`, 'must be at most 100 characters long (Service Catalog\'s limit)'],
    ['branch', 'feature branch', "branch: 'feature branch' (14 characters) must not contain whitespace"],
    ['branch', 'b'.repeat(251), "must be at most 250 characters long (Service Catalog's limit)"],
    ['templatePath', '/products/bucket.json', "templatePath: '/products/bucket.json' (21 characters) starts with '/'; give the file's path from the repository's root"],
    ['templatePath', 'products/', "ends with '/', a folder: the product's template is one file"],
    ['templatePath', 'products\\bucket.json', "has '\\': paths in a repository use '/'"],
    ['templatePath', 'products/../bucket.json', "has an empty, '.' or '..' part"],
    ['templatePath', '', "templatePath: '' (0 characters) must be 1-4096 characters long"],
    ['productName', '', "productName: '' (0 characters) must be 1-8191 characters long"],
    ['supportEmail', 'invalid email', "supportEmail: 'invalid email' (13 characters) is not an email address"],
    ['supportUrl', 'wiki.example.com', "supportUrl: 'wiki.example.com' (16 characters) must start with http:// or https://"],
  ])('%s %j is refused at synth with the path and the rule', (prop, value, message) => {
    let error = '';
    try {
      productWith({ [prop]: value });
    } catch (e) {
      error = (e as Error).message;
    }
    expect(error.startsWith(`Stack/MyProduct: ${prop}: `)).toBe(true);
    expect(error).toContain(message);
  });

  test('every problem is reported at once', () => {
    expect(() => productWith({ repository: 'x', branch: 'a b', templatePath: '/t.json' }))
      .toThrow(/repository: .*; branch: .*; templatePath: /);
  });

  test('tokens pass validation and render as given', () => {
    const stack = stackOf();
    const branch = new CfnParameter(stack, 'Branch').valueAsString;
    const path = new CfnParameter(stack, 'Path').valueAsString;
    productWith({ branch, templatePath: path, repository: new CfnParameter(stack, 'Repo').valueAsString }, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::ServiceCatalog::CloudFormationProduct', {
      SourceConnection: { ConnectionParameters: { CodeStar: { Branch: { Ref: 'Branch' }, ArtifactPath: { Ref: 'Path' }, Repository: { Ref: 'Repo' } } } },
    });
  });

  test.each([
    ['props', undefined, /Stack\/MyProduct: props is required/],
    ['connection', 'arn:aws:codestar-connections:...', /connection must be an IConnection/],
  ])('a plain JavaScript caller without %s gets an error that names it', (prop, value, message) => {
    const stack = stackOf();
    expect(() => new GitSyncedProduct(stack, 'MyProduct', prop === 'props' ? value as any : {
      productName: 'p', owner: 'o', repository: 'o/r', branch: 'main', templatePath: 't.json', connection: value as any,
    })).toThrow(message);
  });

  test('a connection of another account that nothing in the app shares: the cross-account warning', () => {
    const stack = stackOf();
    const connection = Connection.fromConnectionArn(stack, 'Shared', 'arn:aws:codeconnections:eu-west-1:222222222222:connection/11111111-2222-4333-8444-555555555555');
    productWith({ connection }, stack);
    Annotations.fromStack(stack).hasWarning('/Stack/MyProduct', Match.stringLikeRegexp('of account 222222222222 from account 111111111111'));
  });

  test('an environment-agnostic stack: no cross-account warning (its account is unknown, not another one)', () => {
    const stack = new Stack(new App(), 'Stack');
    productWith({}, stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('connectionNotSharedWithAccount'))).toEqual([]);
  });

  test('the same app synthesizes byte-identical templates', () => {
    const render = () => JSON.stringify(Template.fromStack(productWith({ description: 'd' }).stack).toJSON());
    expect(render()).toEqual(render());
  });
});

/**
 * aws-cdk-lib's own tests of CloudFormationProduct
 * (packages/aws-cdk-lib/aws-servicecatalog/test/product.test.ts) that apply
 * to a product whose template comes from a repository. Those about
 * templates from URLs, assets and product stacks do not: a synced product's
 * versions are its commits.
 */
describe('ported from aws-cdk-lib aws-servicecatalog product.test.ts', () => {
  test('default product test', () => {
    const { stack } = productWith();
    Template.fromStack(stack).hasResourceProperties('AWS::ServiceCatalog::CloudFormationProduct', { Name: 'testProduct', Owner: 'testOwner' });
  });

  test('fails product creation with invalid email', () => {
    expect(() => productWith({ supportEmail: 'invalid email' })).toThrow(/Stack\/MyProduct: supportEmail/);
  });

  // aws-cdk-lib limits the name to 100 characters; Service Catalog's
  // CreateProduct and CloudFormation's schema allow 8,191, which this follows.
  test('a 101-character name, refused by aws-cdk-lib, is allowed (the service allows 8,191)', () => {
    expect(() => productWith({ productName: 'n'.repeat(101) })).not.toThrow();
    expect(() => productWith({ productName: 'n'.repeat(8192) })).toThrow(/productName: .* must be 1-8191 characters long/);
  });

  describe('adding and associating TagOptions to a product', () => {
    const tagOptionsOf = (stack: Stack) => new servicecatalog.TagOptions(stack, 'TagOptions', {
      allowedValuesForTags: { key1: ['value1', 'value2'], key2: ['value1'] },
    });

    test('add tag options to product', () => {
      const { stack, product } = productWith();
      product.associateTagOptions(tagOptionsOf(stack));
      Template.fromStack(stack).resourceCountIs('AWS::ServiceCatalog::TagOption', 3);
      Template.fromStack(stack).resourceCountIs('AWS::ServiceCatalog::TagOptionAssociation', 3);
    });

    test('add tag options as input to product in props', () => {
      const stack = stackOf();
      productWith({ tagOptions: tagOptionsOf(stack) }, stack);
      Template.fromStack(stack).resourceCountIs('AWS::ServiceCatalog::TagOption', 3);
      Template.fromStack(stack).resourceCountIs('AWS::ServiceCatalog::TagOptionAssociation', 3);
    });

    test('adding tag options to product multiple times is idempotent', () => {
      const { stack, product } = productWith();
      const tagOptions = tagOptionsOf(stack);
      product.associateTagOptions(tagOptions);
      product.associateTagOptions(tagOptions);
      Template.fromStack(stack).resourceCountIs('AWS::ServiceCatalog::TagOptionAssociation', 3);
    });
  });

  test('a portfolio takes it (portfolio.addProduct)', () => {
    const { stack, product } = productWith();
    new servicecatalog.Portfolio(stack, 'Portfolio', { displayName: 'Platform', providerName: 'Platform team' }).addProduct(product);
    Template.fromStack(stack).hasResourceProperties('AWS::ServiceCatalog::PortfolioProductAssociation', {
      PortfolioId: { Ref: Match.stringLikeRegexp('^Portfolio') },
      ProductId: { Ref: 'MyProduct49A3C587' },
    });
  });
});

describe('metricSyncSucceeded', () => {
  test('the publisher reads that product only, and the schedule hands it the product id', () => {
    const { stack, product } = productWith();
    const metric = product.metricSyncSucceeded();
    expect(metric.namespace).toBe('CdkCodeConnections');
    expect(metric.metricName).toBe('ProductSyncSucceeded');
    expect(stack.resolve(metric.dimensions)).toEqual({ ProductId: { Ref: 'MyProduct49A3C587' } });
    const template = Template.fromStack(stack);
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => JSON.stringify(s.Action).includes('servicecatalog'));
    expect(policies).toEqual([{
      Action: 'servicecatalog:DescribeProductAsAdmin',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':catalog:eu-west-1:111111111111:product/', { Ref: 'MyProduct49A3C587' }]] },
    }]);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Input: { 'Fn::Join': ['', ['{"Connections":[],"Hosts":[],"Products":["', { Ref: 'MyProduct49A3C587' }, '"]}']] } })],
    });
  });

  test('the same checks as metricAvailable, named after this method', () => {
    const { product } = productWith();
    expect(() => product.metricSyncSucceeded({ period: Duration.seconds(30) })).toThrow(/metricSyncSucceeded: period 30 seconds must be a whole number of minutes/);
    expect(() => product.metricSyncSucceeded({ dimensionsMap: { Other: 'x' } })).toThrow(/metricSyncSucceeded: dimensionsMap has 'Other'/);
  });
});
