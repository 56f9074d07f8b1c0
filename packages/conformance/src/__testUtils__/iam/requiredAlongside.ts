/**
 * Permissions an API call needs beyond its own action: AWS authorizes them as
 * part of the call (passing a role to a service, tags written by a create
 * call). Each rule applies to a policy only when the code sends `whenCalled`.
 */
export interface RequiredAlongside {
  /** The IAM action the code calls, e.g. `eks:CreateCluster`. */
  whenCalled: string;
  /** What else AWS authorizes during that call. */
  grant:
    | { kind: 'passRole'; toService: string }
    | {
        kind: 'tagOnCreate';
        action: string;
        /** A condition key naming the create call, where the service has one (EC2's `ec2:CreateAction`). */
        createActionKey?: string;
      };
  /** Why, in a sentence. */
  why: string;
  /** The AWS documentation that says so. */
  reference: string;
}

const PASS_ROLE_DOC =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html';
const EKS_IAM_EXAMPLES =
  'https://docs.aws.amazon.com/step-functions/latest/dg/eks-iam.html';
const EKS_ACTIONS =
  'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html';

export const REQUIRED_ALONGSIDE: RequiredAlongside[] = [
  {
    whenCalled: 'eks:CreateCluster',
    grant: { kind: 'passRole', toService: 'eks.amazonaws.com' },
    why: 'CreateCluster passes the cluster role (and, for Auto Mode, the node role) to EKS.',
    reference: EKS_IAM_EXAMPLES,
  },
  {
    whenCalled: 'eks:CreateNodegroup',
    grant: { kind: 'passRole', toService: 'eks.amazonaws.com' },
    why: "CreateNodegroup passes the node role to EKS, which gives it to the group's instances.",
    reference: EKS_IAM_EXAMPLES,
  },
  {
    whenCalled: 'eks:CreatePodIdentityAssociation',
    grant: { kind: 'passRole', toService: 'pods.eks.amazonaws.com' },
    why: "An association passes its role to EKS Pod Identity (pods.eks.amazonaws.com), which assumes it for the service account's pods.",
    reference: EKS_ACTIONS,
  },
  {
    whenCalled: 'eks:UpdatePodIdentityAssociation',
    grant: { kind: 'passRole', toService: 'pods.eks.amazonaws.com' },
    why: 'Changing the role of an association passes the new role to EKS Pod Identity.',
    reference: EKS_ACTIONS,
  },
  {
    whenCalled: 'eks:CreateAddon',
    grant: { kind: 'passRole', toService: 'pods.eks.amazonaws.com' },
    why: "An add-on created with podIdentityAssociations passes each association's role to EKS Pod Identity.",
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html',
  },
  {
    whenCalled: 'eks:UpdateAddon',
    grant: { kind: 'passRole', toService: 'pods.eks.amazonaws.com' },
    why: "An add-on updated with podIdentityAssociations passes each association's role to EKS Pod Identity.",
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html',
  },
  {
    whenCalled: 'iam:AddRoleToInstanceProfile',
    grant: { kind: 'passRole', toService: 'ec2.amazonaws.com' },
    why: 'Putting a role in an instance profile requires PassRole on the role: the profile hands it to EC2 instances.',
    reference:
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html',
  },
  {
    whenCalled: 'ec2:CreateLaunchTemplate',
    grant: {
      kind: 'tagOnCreate',
      action: 'ec2:CreateTags',
      createActionKey: 'ec2:CreateAction',
    },
    why: 'The launch template is created with TagSpecifications: EC2 authorizes ec2:CreateTags for the create call.',
    reference:
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html',
  },
  {
    whenCalled: 'iam:CreateRole',
    grant: { kind: 'tagOnCreate', action: 'iam:TagRole' },
    why: 'Roles are created with Tags: IAM authorizes iam:TagRole for them.',
    reference:
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_roles.html',
  },
  {
    whenCalled: 'iam:CreateInstanceProfile',
    grant: { kind: 'tagOnCreate', action: 'iam:TagInstanceProfile' },
    why: 'Instance profiles are created with Tags: IAM authorizes iam:TagInstanceProfile for them.',
    reference:
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_instance-profiles.html',
  },
  {
    whenCalled: 'sqs:CreateQueue',
    grant: { kind: 'tagOnCreate', action: 'sqs:TagQueue' },
    why: 'The interruption queue is created with tags: SQS authorizes sqs:TagQueue for them.',
    reference:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-abac-tagging-resource-control.html',
  },
  {
    whenCalled: 'events:PutRule',
    grant: { kind: 'tagOnCreate', action: 'events:TagResource' },
    why: 'The interruption rules are created with Tags: EventBridge authorizes events:TagResource for them.',
    reference:
      'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html',
  },
];

/** The IAM user guide page on PassRole, for the policy page. */
export const PASS_ROLE_REFERENCE = PASS_ROLE_DOC;
