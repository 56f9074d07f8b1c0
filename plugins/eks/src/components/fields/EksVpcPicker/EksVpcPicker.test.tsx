import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { VpcsResponse } from '@backstage-eks/plugin-eks-common';
import { EKS_BASE_URL } from '../../../__fixtures__/eksTestApi';
import { EksVpcPicker } from './EksVpcPicker';
import { eksVpcPickerValidation } from './validation';
import {
  inputErrorResponse,
  renderField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

jest.setTimeout(30_000);

const server = setupEksBackend();

const VPCS: VpcsResponse = {
  vpcs: [
    {
      vpcId: 'vpc-0000000000000000a',
      cidrBlock: '10.0.0.0/16',
      name: 'default',
      isDefault: true,
    },
    {
      vpcId: 'vpc-0000000000000000b',
      cidrBlock: '10.50.0.0/16',
      isDefault: false,
    },
  ],
};

function renderPicker(props: {
  onChange: (value?: string) => void;
  siblings?: Record<string, unknown>;
}) {
  return renderField<string>({
    field: EksVpcPicker,
    title: 'VPC',
    onChange: props.onChange,
    siblings: props.siblings,
  });
}

describe('EksVpcPicker', () => {
  it("lists the VPCs of the form's account and region with Name tag and CIDR, and emits the id", async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${EKS_BASE_URL}/account/vpcs`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(VPCS);
      }),
    );
    const onChange = jest.fn();
    await renderPicker({
      onChange,
      siblings: { region: 'eu-west-2', accountId: '123456789012' },
    });

    await userEvent.click(screen.getByRole('textbox', { name: 'VPC' }));
    expect(
      await screen.findByText(
        'default — vpc-0000000000000000a (10.0.0.0/16, default VPC)',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByText('vpc-0000000000000000b (10.50.0.0/16)'),
    );
    expect(onChange).toHaveBeenLastCalledWith('vpc-0000000000000000b');
    expect(requests[0].searchParams.get('region')).toBe('eu-west-2');
    expect(requests[0].searchParams.get('accountId')).toBe('123456789012');
  });

  it("shows a malformed region as the region field's error, without asking", async () => {
    let asked = false;
    server.use(
      http.get(`${EKS_BASE_URL}/account/vpcs`, () => {
        asked = true;
        return HttpResponse.json(VPCS);
      }),
    );
    await renderPicker({ onChange: jest.fn(), siblings: { region: 'europe' } });
    expect(
      await screen.findByText(
        /^AWS region: must be an AWS region such as "eu-west-1"\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(asked).toBe(false);
  });

  it("shows the backend's 400 about the account as the account field's error", async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/account/vpcs`, () =>
        inputErrorResponse(
          'accountId 111111111111 has no AWS credentials in this portal: add it to aws.accounts in app-config',
        ),
      ),
    );
    await renderPicker({
      onChange: jest.fn(),
      siblings: { accountId: '111111111111' },
    });
    expect(
      await screen.findByText(
        /^AWS account id: 111111111111 has no AWS credentials in this portal: add it to aws\.accounts in app-config\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
  });

  it('checks the value is a VPC id', () => {
    const errors: string[] = [];
    const validation = { addError: (m: string) => errors.push(m) } as any;
    eksVpcPickerValidation('vpc-0123456789abcdef0', validation, {
      schema: { title: 'VPC' },
    } as any);
    eksVpcPickerValidation('subnet-0123', validation, {
      schema: { title: 'VPC' },
    } as any);
    expect(errors).toEqual([
      'VPC must be a VPC id such as "vpc-0123456789abcdef0"',
    ]);
  });
});
