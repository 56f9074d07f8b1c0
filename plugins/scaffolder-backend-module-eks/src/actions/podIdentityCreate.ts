import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createPodIdentity,
  validateCreatePodIdentityOptions,
} from '@backstage-eks/plugin-eks-node';
import { eksClusterCreatePermission } from '@backstage-eks/plugin-eks-common';
import { examples } from './podIdentityCreate.examples';
import {
  adoptInput,
  EksActionOptions,
  finishRun,
  planOutput,
  resolveDependencies,
  runEksAction,
  targetInput,
} from './shared';

/** Id of the Pod Identity action. @public */
export const POD_IDENTITY_CREATE_ACTION_ID = 'aws:eks:pod-identity:create';

/**
 * `aws:eks:pod-identity:create`: associates a service account with an IAM
 * role through EKS Pod Identity.
 *
 * @public
 */
export function createEksPodIdentityCreateAction(options: EksActionOptions) {
  const deps = resolveDependencies(options);
  return createTemplateAction({
    id: POD_IDENTITY_CREATE_ACTION_ID,
    description:
      'Creates an EKS Pod Identity association for a namespace and service account, with an existing IAM role or a new one (Pod Identity trust policy, given managed and inline policies). Checks the agent add-on and refuses Fargate namespaces and Windows-only clusters with an explanation.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        clusterName: z => z.string({ description: 'Name of the EKS cluster' }),
        ...targetInput,
        ...adoptInput,
        namespace: z =>
          z.string({ description: 'Kubernetes namespace (DNS-1123 label)' }),
        serviceAccount: z =>
          z.string({
            description: 'Service account name (DNS-1123 subdomain)',
          }),
        roleArn: z =>
          z
            .string({
              description: 'An existing IAM role in the target account',
            })
            .optional(),
        roleName: z =>
          z
            .string({
              description:
                'Name of the role to create (default <cluster>-<namespace>-<serviceAccount>)',
            })
            .optional(),
        managedPolicyArns: z =>
          z
            .array(z.string(), {
              description: 'Managed policies to attach to the new role',
            })
            .optional(),
        inlinePolicy: z =>
          z
            .string({
              description:
                'An inline IAM policy document (JSON) for the new role',
            })
            .optional(),
        installAgent: z =>
          z
            .boolean({
              description:
                'Install the eks-pod-identity-agent add-on when it is missing (default false: fail with an explanation)',
            })
            .optional(),
        createServiceAccount: z =>
          z
            .boolean({
              description:
                'Create the namespace and service account in the cluster when missing (default true); existing ones are left as they are',
            })
            .optional(),
        tags: z =>
          z
            .record(z.string(), {
              description: 'Tags for the role and association',
            })
            .optional(),
      },
      output: {
        associationArn: z =>
          z.string({ description: 'ARN of the Pod Identity association' }),
        associationId: z =>
          z.string({ description: 'Id of the Pod Identity association' }),
        roleArn: z => z.string({ description: 'The IAM role pods get' }),
        roleCreated: z =>
          z.boolean({ description: 'Whether this run created the role' }),
        agentInstalled: z =>
          z.boolean({
            description: 'Whether this run installed the agent add-on',
          }),
        notes: z =>
          z.array(z.string(), {
            description:
              'Caveats, e.g. that the STS session name cannot be fixed (MSK)',
          }),
        ...planOutput,
      },
    },
    async handler(ctx) {
      await runEksAction(
        ctx,
        deps,
        {
          actionId: POD_IDENTITY_CREATE_ACTION_ID,
          permission: { permission: eksClusterCreatePermission },
        },
        async start => {
          const input = ctx.input;
          const target = deps.awsClientFactory.resolveTarget({
            region: input.region,
            accountId: input.accountId,
          });
          const request = {
            clusterName: input.clusterName,
            namespace: input.namespace,
            serviceAccount: input.serviceAccount,
            roleArn: input.roleArn,
            roleName: input.roleName,
            managedPolicyArns: input.managedPolicyArns,
            inlinePolicy: input.inlinePolicy,
            installAgent: input.installAgent,
            createServiceAccount: input.createServiceAccount,
            tags: input.tags,
          };
          validateCreatePodIdentityOptions(request, target);
          const run = await start(input);
          const result = await createPodIdentity(run, request, {
            kubernetes: deps.kubernetesClientFactory,
          });
          ctx.output('associationArn', result.associationArn);
          ctx.output('associationId', result.associationId);
          ctx.output('roleArn', result.roleArn);
          ctx.output('roleCreated', result.roleCreated);
          ctx.output('agentInstalled', result.agentInstalled);
          ctx.output('notes', result.notes);
          finishRun(ctx, run);
        },
      );
    },
  });
}
