import { AwsError } from '../AwsError';
import { ErrorStyle, renderValue, TypeMismatch, Violation } from './validate';

/**
 * The error each service sends when its model refuses an input. References:
 *
 * - Coral's validation message, used by IAM, STS and ELBv2 (`ValidationError`),
 *   EventBridge (`ValidationException`) and EKS (`InvalidParameterException`):
 *   "N validation error(s) detected: Value 'v' at 'path' failed to satisfy
 *   constraint: <constraint>; Value ...", the path in lower camel case with
 *   list items as `tags.6.member.value`, a missing member as `Value null at`.
 *   IAM: the "Common Errors" page of the IAM API Reference (ValidationError,
 *   HTTP 400) and responses quoted in SWO-GS/auto-tag#90 and
 *   ministryofjustice/cloud-platform-environments#22667 (IAM tags pattern);
 *   EventBridge: aws/aws-sdk-js-v3#2240 and aws/aws-sdk-go-v2#626
 *   (ValidationException, "at 'rule'" / "at 'name'" pattern);
 *   EKS: the "Common Errors"/error list of the EKS API Reference
 *   (InvalidParameterException, HTTP 400); its cluster and node group names
 *   are refused with their own sentence, quoted in surajincloud/kubectl-eks#72.
 * - JSON protocols refuse a value of the wrong JSON type while reading it,
 *   before validation, with Coral's `SerializationException`
 *   ("NUMBER_VALUE can not be converted to a String": aarondfrancis/sidecar#148).
 * - EC2 ("Common client error codes" of the EC2 API Reference): a missing
 *   member is `MissingParameter` "The request must contain the parameter X";
 *   an invalid value is `InvalidParameterValue` "Value (x) for parameter X is
 *   invalid. ..." (quoted in aws/aws-sdk-ruby#2575). EC2 does not refuse its
 *   enum members generically (its enums are open lists, e.g. new instance
 *   types), so those are left to the handlers. Some members have their own
 *   code (the EC2 API Reference's "Error codes" page): a malformed launch
 *   template name is `InvalidLaunchTemplateName.MalformedException` with the
 *   sentence quoted in github-aws-runners/terraform-aws-github-runner#932
 *   (and awsdocs/aws-cloudformation-user-guide#132).
 * - SQS ("Common Errors" of the SQS API Reference): `MissingParameter` "The
 *   request must contain the parameter QueueName.", `InvalidParameterValue`
 *   for an unreadable value; its enum members (attribute names) are answered
 *   by the handlers with `InvalidAttributeName`.
 * - Query protocols of IAM, STS and ELBv2 answer a value that is not of its
 *   member's type (an integer, a boolean) with `InvalidParameterValue`
 *   ("An invalid or out-of-range value was supplied for the input parameter",
 *   the Common Errors of these API references).
 */

function coralMessage(violations: Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n > 1 ? 's' : ''} detected: ${violations
    .map(
      v =>
        `Value ${v.value === null ? 'null' : `'${renderValue(v.value)}'`} at '${
          v.path
        }' failed to satisfy constraint: ${v.constraint}`,
    )
    .join('; ')}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a String',
  integer: 'an Integer',
  long: 'a Long',
  float: 'a Float',
  double: 'a Double',
  boolean: 'a Boolean',
  timestamp: 'a Date',
  blob: 'a ByteBuffer',
  structure: 'a Structure',
  list: 'a List',
  map: 'a Map',
};

function serializationException(m: TypeMismatch): AwsError {
  const scalar = !['structure', 'list', 'map'].includes(m.expected);
  let message = `${m.token} can not be converted to ${TYPE_NAMES[m.expected]}`;
  if (m.token === 'START_OBJECT' && scalar)
    message = 'Start of structure or map found where not expected.';
  else if (m.token === 'START_ARRAY' && m.expected !== 'list')
    message = 'Start of list found where not expected.';
  return new AwsError('SerializationException', message);
}

function invalidValue(m: TypeMismatch): AwsError {
  return new AwsError(
    'InvalidParameterValue',
    `Value (${renderValue(m.value)}) for parameter ${
      m.wireName
    } is invalid. Expected ${TYPE_NAMES[m.expected] ?? m.expected}.`,
  );
}

const coral = (
  code: string,
  typeMismatch: (m: TypeMismatch) => AwsError,
): ErrorStyle => ({
  violations: v => new AwsError(code, coralMessage(v)),
  typeMismatch,
});

/** EKS's sentence for a name that fails its name pattern. */
function eksPatternMessage(v: Violation): string {
  const member = v.path.split('.').pop()!;
  const subject =
    member === 'name' ? 'The parameter name' : `The ${member} parameter`;
  return `${subject} contains invalid characters. It should conform to the regular expression "${v.pattern!.replace(
    /\\/g,
    '',
  )}"In other words, it should start with a number or letter, and can contain numbers, letters, dashes, and underscores.`;
}

/** EC2 members whose malformed values have their own error code and sentence. */
const EC2_MALFORMED: Record<string, { code: string; message: string }> = {
  LaunchTemplateName: {
    code: 'InvalidLaunchTemplateName.MalformedException',
    message:
      'A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.',
  },
};

function ec2Violation(first: Violation): AwsError {
  if (first.kind === 'required')
    return new AwsError(
      'MissingParameter',
      `The request must contain the parameter ${first.wireName}`,
    );
  const own = EC2_MALFORMED[first.wireName];
  if (own) return new AwsError(own.code, own.message);
  return new AwsError(
    'InvalidParameterValue',
    `Value (${renderValue(first.value)}) for parameter ${
      first.wireName
    } is invalid. ${first.constraint}`,
  );
}

/** Each sandbox service (by SigV4 name): how it answers a refused input. */
export const ERROR_STYLES: Record<string, ErrorStyle> = {
  iam: coral('ValidationError', invalidValue),
  sts: coral('ValidationError', invalidValue),
  elasticloadbalancing: coral('ValidationError', invalidValue),
  events: coral('ValidationException', serializationException),
  eks: {
    violations: v => {
      const pattern = v.find(x => x.kind === 'pattern');
      return new AwsError(
        'InvalidParameterException',
        pattern ? eksPatternMessage(pattern) : coralMessage(v),
      );
    },
    typeMismatch: serializationException,
  },
  ec2: {
    skip: ['enum'],
    violations: ([first]) => ec2Violation(first),
    typeMismatch: invalidValue,
  },
  sqs: {
    skip: ['enum'],
    violations: ([first]) =>
      first.kind === 'required'
        ? new AwsError(
            'MissingParameter',
            `The request must contain the parameter ${first.wireName}.`,
          )
        : new AwsError(
            'InvalidParameterValue',
            `Value ${renderValue(first.value)} for parameter ${
              first.wireName
            } is invalid. Reason: ${first.constraint}.`,
          ),
    typeMismatch: invalidValue,
  },
};
