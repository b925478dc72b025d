/** Synth-time rules of a host's certificate and VPC ids (its endpoint's rule is core/endpoint-rules.ts). */
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { lengthProblem, requireString, show, validationError } from '../core/validation';

const PEM_CERTIFICATES = /^\s*(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/;

export function validateCertificate(scope: Construct, pem: string | undefined): void {
  if (pem === undefined) {
    return;
  }
  requireString(scope.node.path, 'tlsCertificate', pem, "'-----BEGIN CERTIFICATE-----...'");
  if (Token.isUnresolved(pem)) {
    return;
  }
  const problem = lengthProblem('tlsCertificate', pem, 1, 16384);
  if (problem) {
    throw validationError(scope, problem);
  }
  if (!PEM_CERTIFICATES.test(pem)) {
    throw validationError(scope, `tlsCertificate: ${show(pem)} is not PEM: expected one or more '-----BEGIN CERTIFICATE-----' ... '-----END CERTIFICATE-----' blocks of base64 lines`);
  }
}

/**
 * Checks a literal VPC, subnet or security group id against the pattern
 * CodeConnections' API enforces (`vpc-`, `subnet-` or `sg-` followed by 8 or
 * 17 word characters), so a subnet id given as the VPC id fails at synth,
 * not at deploy. Tokens (resources of the same app) are skipped.
 */
export function checkResourceId(scope: Construct, prop: string, kind: string, id: string, prefix: string): void {
  if (Token.isUnresolved(id) || new RegExp(`^${prefix}-\\w{8}(\\w{9})?$`).test(id)) {
    return;
  }
  throw validationError(scope, `${prop}: ${show(id)} is not a ${kind} id: CodeConnections expects '${prefix}-' followed by 8 or 17 letters or digits, `
    + `e.g. '${prefix}-0123456789abcdef0'. Check that the ${kind} id is in the right place (a subnet id given as the VPC id fails at deploy)`);
}
