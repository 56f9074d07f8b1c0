import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'yaml';
import { SubnetsResponse } from '@backstage-eks/plugin-eks-common';
import {
  createTestEksClient,
  EKS_BASE_URL,
} from '../../../__fixtures__/eksTestApi';
import { EksVpcPicker, eksVpcPickerValidation } from '../EksVpcPicker';
import { EksSubnetPicker } from './EksSubnetPicker';
import { eksSubnetPickerValidation } from './validation';
import {
  renderField,
  renderForm,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

jest.setTimeout(30_000);

const server = setupEksBackend();

const VPC = 'vpc-0000000000000000a';
const SUBNETS: SubnetsResponse = {
  subnets: [
    {
      subnetId: 'subnet-0000000000000000a',
      vpcId: VPC,
      availabilityZone: 'eu-west-1a',
      cidrBlock: '10.0.1.0/24',
      name: 'private-a',
      visibility: 'private',
    },
    {
      subnetId: 'subnet-0000000000000001a',
      vpcId: VPC,
      availabilityZone: 'eu-west-1a',
      cidrBlock: '10.0.101.0/24',
      name: 'public-a',
      visibility: 'public',
    },
    {
      subnetId: 'subnet-0000000000000000b',
      vpcId: VPC,
      availabilityZone: 'eu-west-1b',
      cidrBlock: '10.0.2.0/24',
    },
  ],
};

function serveSubnets() {
  const requests: URL[] = [];
  server.use(
    http.get(`${EKS_BASE_URL}/account/subnets`, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      return HttpResponse.json({
        subnets: SUBNETS.subnets.filter(
          s => s.vpcId === url.searchParams.get('vpcId'),
        ),
      });
    }),
  );
  return requests;
}

function renderPicker(props: {
  onChange: (value?: string[]) => void;
  siblings?: Record<string, unknown>;
  initial?: string[];
}) {
  return renderField<string[]>({
    field: EksSubnetPicker,
    title: 'Subnets',
    onChange: props.onChange,
    siblings: props.siblings,
    initial: props.initial,
  });
}

describe('EksSubnetPicker', () => {
  it('asks for nothing until a VPC is chosen, and says what happens then', async () => {
    const requests = serveSubnets();
    await renderPicker({ onChange: jest.fn() });
    expect(
      await screen.findByText(/^Choose a VPC to pick its subnets; left empty/),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
  });

  it("lists the VPC's subnets with zone, CIDR, Name and public/private, and warns below two zones", async () => {
    const requests = serveSubnets();
    const onChange = jest.fn();
    await renderPicker({
      onChange,
      siblings: { vpcId: VPC, region: 'eu-west-1' },
    });

    const privateA = await screen.findByRole('checkbox', {
      name: 'private-a — subnet-0000000000000000a (eu-west-1a, 10.0.1.0/24, private)',
    });
    expect(
      screen.getByRole('checkbox', {
        name: 'subnet-0000000000000000b (eu-west-1b, 10.0.2.0/24)',
      }),
    ).toBeInTheDocument();
    expect(requests[0].searchParams.get('vpcId')).toBe(VPC);
    expect(requests[0].searchParams.get('region')).toBe('eu-west-1');

    await userEvent.click(privateA);
    await userEvent.click(screen.getByRole('checkbox', { name: /^public-a/ }));
    expect(onChange).toHaveBeenLastCalledWith([
      'subnet-0000000000000000a',
      'subnet-0000000000000001a',
    ]);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Subnets must be in at least 2 Availability Zones (EKS requires it): all are in eu-west-1a: choose subnets in another zone too',
    );

    await userEvent.click(screen.getByRole('checkbox', { name: /eu-west-1b/ }));
    expect(onChange).toHaveBeenLastCalledWith([
      'subnet-0000000000000000a',
      'subnet-0000000000000001a',
      'subnet-0000000000000000b',
    ]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('drops chosen subnets that are not of the VPC (the VPC changed)', async () => {
    serveSubnets();
    const onChange = jest.fn();
    await renderPicker({
      onChange,
      siblings: { vpcId: VPC },
      initial: ['subnet-0000000000000000a', 'subnet-0000000000000000f'],
    });
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith(['subnet-0000000000000000a']),
    );
  });
});

describe('eksSubnetPickerValidation', () => {
  async function validate(value: string[], formData: Record<string, unknown>) {
    const errors: string[] = [];
    const eksApi = createTestEksClient();
    await eksSubnetPickerValidation(
      value,
      { addError: (m: string) => errors.push(m) } as any,
      {
        schema: { title: 'Subnets' },
        uiSchema: {},
        formData,
        apiHolder: { get: () => eksApi },
      } as any,
    );
    return errors;
  }

  it('accepts none, and subnets of the VPC in two zones', async () => {
    serveSubnets();
    expect(await validate([], { vpcId: VPC })).toEqual([]);
    expect(
      await validate(['subnet-0000000000000000a', 'subnet-0000000000000000b'], {
        vpcId: VPC,
      }),
    ).toEqual([]);
  });

  it('refuses one zone, subnets of another VPC and malformed ids, naming the field', async () => {
    serveSubnets();
    expect(
      await validate(['subnet-0000000000000000a', 'subnet-0000000000000001a'], {
        vpcId: VPC,
      }),
    ).toEqual([
      'Subnets must be in at least 2 Availability Zones (EKS requires it): all are in eu-west-1a',
    ]);
    expect(
      await validate(['subnet-0000000000000000a', 'subnet-0000000000000000f'], {
        vpcId: VPC,
      }),
    ).toEqual([
      `Subnets must be subnets of ${VPC}: subnet-0000000000000000f is not`,
    ]);
    expect(await validate(['subnet-xyz'], { vpcId: VPC })).toEqual([
      'Subnets: "subnet-xyz" must be a subnet id such as "subnet-0123456789abcdef0"',
    ]);
  });
});

describe("new-eks-cluster's network fields in the scaffolder form", () => {
  /** The template's VPC and Subnets fields (and the region), as a one-step form. */
  function networkForm() {
    const template = yaml.parse(
      readFileSync(
        resolve(
          __dirname,
          '../../../../../../templates/new-eks-cluster/template.yaml',
        ),
        'utf8',
      ),
    );
    const cluster = template.spec.parameters.find(
      (step: { title: string }) => step.title === 'Cluster',
    ).properties;
    return {
      title: 'New EKS cluster',
      steps: [
        {
          title: 'Cluster',
          schema: {
            type: 'object',
            properties: {
              region: cluster.region,
              vpcId: cluster.vpcId,
              subnetIds: cluster.subnetIds,
            },
          },
        },
      ],
    };
  }

  it('picks a VPC, then its subnets, and refuses one zone before the review', async () => {
    serveSubnets();
    server.use(
      http.get(`${EKS_BASE_URL}/account/vpcs`, () =>
        HttpResponse.json({
          vpcs: [
            {
              vpcId: VPC,
              cidrBlock: '10.0.0.0/16',
              name: 'shop',
              isDefault: false,
            },
          ],
        }),
      ),
    );
    await renderForm({
      manifest: networkForm() as any,
      extensions: [
        {
          name: 'EksVpcPicker',
          component: EksVpcPicker,
          validation: eksVpcPickerValidation,
        } as any,
        {
          name: 'EksSubnetPicker',
          component: EksSubnetPicker,
          validation: eksSubnetPickerValidation,
        } as any,
      ],
      onCreate: jest.fn(),
    });

    expect(
      await screen.findByText(/^Choose a VPC to pick its subnets/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('textbox', { name: 'VPC' }));
    await userEvent.click(
      await screen.findByText(`shop — ${VPC} (10.0.0.0/16)`),
    );
    await userEvent.click(
      await screen.findByRole('checkbox', { name: /^private-a/ }),
    );
    await userEvent.click(screen.getByRole('checkbox', { name: /^public-a/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    // the step's error list names the field; the review is not reached
    expect(
      await screen.findAllByText(
        /Subnets must be in at least 2 Availability Zones \(EKS requires it\): all are in eu-west-1a/,
      ),
    ).not.toHaveLength(0);
    expect(
      screen.queryByRole('button', { name: 'Create' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: /eu-west-1b/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
  });
});
