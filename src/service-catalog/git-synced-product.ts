import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { productProblems, warnProductArnNamespace, warnProductConnection } from './product-rules';
import { Connection } from '../connection/connection';
import { IConnection } from '../connection/connection-base';
import { requireConnection, requireString, requireValue, validationError } from '../core/validation';
import { productSyncMetric } from '../monitoring/health-publisher';
import { checkCrossAccountUse } from '../sharing/cross-account';

/**
 * Properties of a `GitSyncedProduct`.
 */
export interface GitSyncedProductProps {
  /**
   * The name of the product (1-8,191 characters).
   */
  readonly productName: string;

  /**
   * The owner of the product (1-8,191 characters).
   */
  readonly owner: string;

  /**
   * The connection Service Catalog reads the template through. AWS's guide
   * names GitHub, GitHub Enterprise and Bitbucket repositories.
   */
  readonly connection: IConnection;

  /**
   * The repository, `owner/name` (Service Catalog's "Account/Repo"), at
   * most 100 characters.
   */
  readonly repository: string;

  /**
   * The branch whose commits become new versions of the product.
   */
  readonly branch: string;

  /**
   * The path of the CloudFormation template in the repository, from its
   * root, formatted as `folder/file.json` (1-4,096 characters).
   */
  readonly templatePath: string;

  /**
   * The description of the product.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * The distributor of the product.
   *
   * @default - no distributor
   */
  readonly distributor?: string;

  /**
   * The language code of the messages Service Catalog returns.
   *
   * @default - English (Service Catalog's default)
   */
  readonly messageLanguage?: servicecatalog.MessageLanguage;

  /**
   * The support information about the product.
   *
   * @default - no support description
   */
  readonly supportDescription?: string;

  /**
   * The contact email for product support.
   *
   * @default - no support email
   */
  readonly supportEmail?: string;

  /**
   * The contact URL for product support (`http://` or `https://`).
   *
   * @default - no support URL
   */
  readonly supportUrl?: string;

  /**
   * TagOptions to associate with the product.
   *
   * @default - no TagOptions
   */
  readonly tagOptions?: servicecatalog.TagOptions;
}

/**
 * A Service Catalog product whose CloudFormation template comes from a
 * repository, through a connection: every commit to the branch that changes
 * the template becomes a new version of the product (AWS Service Catalog
 * Administrator Guide, "Managing Git-synced products").
 *
 * aws-cdk-lib's `servicecatalog.CloudFormationProduct` cannot express it;
 * this is an `servicecatalog.IProduct` all the same, so portfolios take it
 * (`portfolio.addProduct(product)`) and TagOptions apply.
 *
 * Service Catalog syncs with its service-linked role
 * (`AWSServiceRoleForServiceCatalogSync`, which it creates itself): the
 * product needs no role of this app.
 *
 * @resource AWS::ServiceCatalog::CloudFormationProduct
 */
export class GitSyncedProduct extends servicecatalog.Product {
  /** The ARN of the product. @attribute */
  public readonly productArn: string;

  /** The id of the product (`prod-...`). @attribute */
  public readonly productId: string;

  /** A synced product has no assets. */
  public readonly assetBuckets: s3.IBucket[] = [];

  /** The connection Service Catalog reads the template through. */
  public readonly connection: IConnection;

  constructor(scope: Construct, id: string, props: GitSyncedProductProps) {
    const where = `${scope?.node?.path}/${id}`;
    requireValue(where, 'props', props, "{ productName, owner, connection, repository: 'my-org/templates', branch: 'main', templatePath: 'products/bucket.yaml' }");
    requireString(where, 'productName', props.productName, "productName: 'Encrypted bucket'");
    requireString(where, 'owner', props.owner, "owner: 'Platform team'");
    requireConnection(where, props.connection);
    requireString(where, 'repository', props.repository, "repository: 'my-org/templates'");
    requireString(where, 'branch', props.branch, "branch: 'main'");
    requireString(where, 'templatePath', props.templatePath, "templatePath: 'products/bucket.yaml'");
    super(scope, id);

    const problems = productProblems(props);
    if (problems.length) {
      throw validationError(this, problems.join('; '));
    }
    this.connection = props.connection;
    warnProductConnection(this, props.connection);
    warnProductArnNamespace(this, props.connection);
    checkCrossAccountUse(props.connection, this, path => `Service Catalog product ${path}`);

    const product = new servicecatalog.CfnCloudFormationProduct(this, 'Resource', {
      name: props.productName,
      owner: props.owner,
      description: props.description,
      distributor: props.distributor,
      acceptLanguage: props.messageLanguage,
      supportDescription: props.supportDescription,
      supportEmail: props.supportEmail,
      supportUrl: props.supportUrl,
      productType: 'CLOUD_FORMATION_TEMPLATE',
      sourceConnection: {
        type: 'CODESTAR',
        connectionParameters: {
          codeStar: {
            connectionArn: props.connection.connectionArn,
            repository: props.repository,
            branch: props.branch,
            artifactPath: props.templatePath,
          },
        },
      },
    });
    // Service Catalog reads the template through the connection when it
    // creates the product: after the handshake, when the deploy waits for it.
    if (props.connection instanceof Connection && props.connection.waitsForAvailable) {
      product.node.addDependency(props.connection.connectionAvailable);
    }

    this.productId = product.ref;
    this.productArn = Stack.of(this).formatArn({ service: 'catalog', resource: 'product', resourceName: product.ref });
    if (props.tagOptions !== undefined) {
      this.associateTagOptions(props.tagOptions);
    }
  }

  /**
   * A metric that is 1 when the product's last sync from the repository
   * succeeded and 0 when it failed (Service Catalog's `LastSync`, read with
   * `DescribeProductAsAdmin`), published by the stack's health publisher as
   * for `metricAvailable()`. Namespace `CdkCodeConnections`, metric
   * `ProductSyncSucceeded`, dimension `ProductId`; statistic Minimum. No
   * value is published before the first sync or when the product cannot be
   * read: alarm on missing data as you judge (`TreatMissingData`).
   *
   * @param props period (whole minutes, 1 minute to 1 day), statistic, label, ...
   */
  public metricSyncSucceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return productSyncMetric(this, this.productId, this.productArn, props);
  }
}
