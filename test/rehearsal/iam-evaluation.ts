/**
 * What the rehearsal plays of IAM: whether policy documents (as deployed,
 * intrinsics resolved) allow an action on a resource, for the checks AWS
 * services make when they create a resource: Lambda's network-interface
 * permissions of a function in a VPC, CloudWatch Logs' use of a log group's
 * KMS key. Explicit denies win; an Allow needs a matching action and
 * resource, and every condition met by the request's context (the
 * operators these checks meet: String*, Arn*; any other fails the match).
 */

export interface PolicyStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: any;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  readonly Statement?: PolicyStatement | PolicyStatement[];
}

/** IAM's wildcards: `*` any run of characters, `?` one. */
export function globMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = new RegExp(`^${pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`, caseInsensitive ? 'i' : '');
  return re.test(value);
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function conditionsMet(condition: PolicyStatement['Condition'], context: Record<string, string>): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = context[key];
      const ifExists = operator.endsWith('IfExists');
      if (actual === undefined) {
        if (ifExists) {
          continue;
        }
        return false;
      }
      const op = operator.replace(/IfExists$/, '');
      const values = list(expected);
      const ok = op === 'StringEquals' || op === 'ArnEquals' ? values.includes(actual)
        : op === 'StringLike' || op === 'ArnLike' ? values.some(v => globMatches(v, actual))
          : false;
      if (!ok) {
        return false;
      }
    }
  }
  return true;
}

function statementMatches(
  s: PolicyStatement, action: string, resource: string, context: Record<string, string>, principal?: (p: any) => boolean,
): boolean {
  return list(s.Action).some(a => globMatches(a, action, true))
    && list(s.Resource).some(r => globMatches(r, resource))
    && (principal === undefined || principal(s.Principal))
    && conditionsMet(s.Condition, context);
}

/**
 * Whether the documents allow `action` on `resource`. `principal`, for a
 * resource policy (a key policy), says whether a statement's Principal is
 * the caller.
 */
export function allows(
  documents: PolicyDocument[], action: string, resource: string, context: Record<string, string> = {}, principal?: (p: any) => boolean,
): boolean {
  const statements = documents.flatMap(d => list(d?.Statement));
  if (statements.some(s => s.Effect === 'Deny' && statementMatches(s, action, resource, context, principal))) {
    return false;
  }
  return statements.some(s => s.Effect === 'Allow' && statementMatches(s, action, resource, context, principal));
}

/** AWS managed policies the rehearsal knows the documents of (AWS Managed Policy Reference). */
export const AWS_MANAGED_POLICIES: Record<string, PolicyDocument> = {
  'service-role/AWSLambdaVPCAccessExecutionRole': {
    Statement: [{
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
      ],
      Resource: '*',
    }],
  },
  'service-role/AWSLambdaBasicExecutionRole': {
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
};
