/**
 * Integ app: a Service Catalog portfolio whose product's template comes from
 * a repository through a connection (AWS Service Catalog Administrator
 * Guide, "Managing Git-synced products"): every commit to `main` that
 * changes `products/encrypted-bucket.yaml` becomes a new version, and an
 * alarm watches the last sync.
 *
 * The connection is the platform team's existing one, imported by its
 * `codestar-connections` ARN: the product's CloudFormation schema (as
 * cfn-lint and aws-cdk-lib's validation carry it) allows only that
 * namespace, so the library warns for a `codeconnections` connection (README).
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { integApp } from './integ-app';
import { Connection, GitSyncedProduct } from '../src';

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsServiceCatalogInteg');

const connection = Connection.fromConnectionArn(stack, 'GitHub',
  'arn:aws:codestar-connections:eu-west-1:123456789012:connection/66666666-7777-4888-9999-000000000000');

const product = new GitSyncedProduct(stack, 'EncryptedBucket', {
  productName: 'Encrypted bucket',
  owner: 'Platform team',
  description: 'An S3 bucket with KMS encryption, versioning and access logs',
  connection,
  repository: 'my-org/service-catalog-templates',
  branch: 'main',
  templatePath: 'products/encrypted-bucket.yaml',
  supportEmail: 'platform@example.com',
});

const portfolio = new servicecatalog.Portfolio(stack, 'Platform', {
  displayName: 'Platform building blocks',
  providerName: 'Platform team',
});
portfolio.addProduct(product);

// A failed sync (a template Service Catalog cannot read) is a 0; before the
// first sync there is no value, which is not a failure.
new cloudwatch.Alarm(stack, 'EncryptedBucketSyncFailed', {
  metric: product.metricSyncSucceeded(),
  threshold: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  evaluationPeriods: 1,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
});

const integ = new IntegTest(app, 'ServiceCatalogInteg', { testCases: [stack] });
// The deployed product reads its template from the repository, through the connection.
integ.assertions
  .awsApiCall('ServiceCatalog', 'describeProductAsAdmin', { Id: product.productId })
  .expect(ExpectedResult.objectLike({
    ProductViewDetail: {
      SourceConnection: {
        Type: 'CODESTAR',
        ConnectionParameters: { CodeStar: { Repository: 'my-org/service-catalog-templates', Branch: 'main', ArtifactPath: 'products/encrypted-bucket.yaml' } },
      },
    },
  }));
