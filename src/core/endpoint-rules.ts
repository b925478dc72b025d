/** The rule of a provider endpoint (a host's, or a CodeBuild source's on an installed provider). */
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { lengthProblem, requireString, show, validationError } from './validation';

/** An https URL of at most 512 characters (CodeConnections' limit); tokens pass. */
export function validateEndpoint(scope: Construct, endpoint: string): void {
  requireString(scope.node.path, 'providerEndpoint', endpoint, "'https://github.example.com'");
  if (Token.isUnresolved(endpoint)) {
    return;
  }
  const problem = lengthProblem('providerEndpoint', endpoint, 1, 512);
  if (problem) {
    throw validationError(scope, problem);
  }
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname) {
    throw validationError(scope, `providerEndpoint: ${show(endpoint)} must be an https URL of the provider, e.g. 'https://github.example.com'`);
  }
}
