import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import yaml from 'yaml';
import { EksApi, eksApiRef } from '../../api';
import { EksAccountId, eksAccountIdValidation } from './EksAccountId';
import {
  EksInstanceTypePicker,
  eksInstanceTypePickerValidation,
} from './EksInstanceTypePicker';
import {
  EksIamPrincipalPicker,
  eksIamPrincipalPickerValidation,
} from './EksIamPrincipalPicker';
import {
  EksDesiredNodeCount,
  eksDesiredNodeCountValidation,
} from './EksDesiredNodeCount';

jest.setTimeout(120_000);

// The stepper scrolls to the top on each step; jsdom does not scroll.
beforeAll(() => {
  window.scrollTo = () => {};
});

const TEMPLATES_DIR = resolve(__dirname, '../../../../../templates');

type Properties = Record<string, Record<string, unknown>>;

/**
 * Every field a form step can show: its properties and those of each choice
 * of its `dependencies` (e.g. the fields shown only without Auto Mode); a
 * field that two choices define differently is listed once per choice.
 */
function fieldsOfStep(step: {
  properties?: Properties;
  dependencies?: Record<string, { oneOf?: { properties?: Properties }[] }>;
}): Properties {
  const fields: Properties = { ...step.properties };
  for (const [key, dependency] of Object.entries(step.dependencies ?? {})) {
    (dependency.oneOf ?? []).forEach((choice, index) => {
      for (const [name, field] of Object.entries(choice.properties ?? {})) {
        if (name === key) continue;
        fields[name in fields ? `${name} (${key} choice ${index + 1})` : name] =
          field;
      }
    });
  }
  return fields;
}

/** A template's form steps, with every field each can show. */
function templateSteps(
  folder: string,
): { title: string; properties: Properties }[] {
  const template = yaml.parse(
    readFileSync(resolve(TEMPLATES_DIR, folder, 'template.yaml'), 'utf8'),
  );
  return template.spec.parameters.map((step: any) => ({
    title: step.title,
    properties: fieldsOfStep(step),
  }));
}

/** The properties of one of a template's form steps. */
function templateStep(folder: string, stepTitle: string) {
  return templateSteps(folder).find(s => s.title === stepTitle)!.properties;
}

/** A one-step form with only these properties of the template's step. */
function manifestOf(properties: Properties, keys: string[]) {
  return {
    title: 'Template form',
    steps: [
      {
        title: 'Step',
        schema: {
          type: 'object',
          properties: Object.fromEntries(keys.map(k => [k, properties[k]])),
        },
      },
    ],
  };
}

describe('template forms say the rule in words', () => {
  it('new-eks-cluster: cluster name, region and account id', async () => {
    const properties = templateStep('new-eks-cluster', 'Cluster');
    await renderInTestApp(
      <Stepper
        manifest={
          manifestOf(properties, ['clusterName', 'region', 'accountId']) as any
        }
        extensions={[
          {
            name: 'EksAccountId',
            component: EksAccountId,
            validation: eksAccountIdValidation,
          } as any,
        ]}
        onCreate={jest.fn()}
      />,
    );
    const name = screen.getByRole('textbox', { name: /Cluster name/ });
    const region = screen.getByRole('textbox', { name: /AWS region/ });
    const account = screen.getByRole('textbox', { name: /AWS account id/ });
    await userEvent.type(name, '-demo');
    await userEvent.clear(region);
    await userEvent.type(region, 'Ireland');
    await userEvent.type(account, '1234');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    await waitFor(() =>
      expect(
        screen.getAllByText(
          /may use letters, digits, "-" and "_", and must start with a letter or digit/,
        ).length,
      ).toBeGreaterThan(0),
    );
    // the error list names the field by its label
    expect(
      screen.getByText(
        `'Cluster name' may use letters, digits, "-" and "_", and must start with a letter or digit`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/must be an AWS region code such as "eu-west-1"/)
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/must be exactly 12 digits/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/must match pattern/)).not.toBeInTheDocument();

    await userEvent.clear(name);
    await userEvent.type(name, 'demo');
    await userEvent.clear(region);
    await userEvent.type(region, 'eu-west-1');
    await userEvent.clear(account);
    await userEvent.type(account, '123456789012');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/must be exactly 12 digits/),
    ).not.toBeInTheDocument();
  });

  it('new-eks-cluster: list entries are labelled and their errors name the bad entry', async () => {
    const properties = templateStep('new-eks-cluster', 'Access and nodes');
    // the pickers of the entries find nothing in the account: typed entries
    const eksApi = {
      listIamPrincipals: async () => ({ principals: [], truncated: false }),
      listInstanceTypes: async () => ({
        region: 'eu-west-1',
        instanceTypes: ['m7i.large', 'm7i.xlarge'],
      }),
    } as Partial<EksApi> as EksApi;
    await renderInTestApp(
      <TestApiProvider apis={[[eksApiRef, eksApi]]}>
        <Stepper
          manifest={
            manifestOf(properties, [
              'adminPrincipalArns',
              'systemNodeGroup',
            ]) as any
          }
          extensions={[
            {
              name: 'EksDesiredNodeCount',
              component: EksDesiredNodeCount,
              validation: eksDesiredNodeCountValidation,
            } as any,
            {
              name: 'EksIamPrincipalPicker',
              component: EksIamPrincipalPicker,
              validation: eksIamPrincipalPickerValidation,
            } as any,
            {
              name: 'EksInstanceTypePicker',
              component: EksInstanceTypePicker,
              validation: eksInstanceTypePickerValidation,
            } as any,
          ]}
          onCreate={jest.fn()}
        />
      </TestApiProvider>,
    );
    await userEvent.click(screen.getAllByRole('button', { name: /Add/ })[0]);
    // each entry is labelled by the items' title, not "adminPrincipalArns-0"
    const admin = screen.getByRole('textbox', {
      name: /^Cluster administrator/,
    });
    const instanceType = screen.getByRole('textbox', {
      name: /^Instance type/,
    });
    expect(
      screen.queryByLabelText(/adminPrincipalArns-0|instanceTypes-0/),
    ).toBeNull();
    await userEvent.type(admin, 'arn:aws:iam::1234:role/admins');
    await userEvent.clear(instanceType);
    await userEvent.type(instanceType, 'm7ilarge');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));

    // under the entry and in the step's error list: the rule and the entry
    expect(
      await screen.findAllByText(
        'each entry must be an IAM role or user ARN such as "arn:aws:iam::123456789012:role/platform-admins"; "arn:aws:iam::1234:role/admins" is not',
      ),
    ).toHaveLength(1);
    expect(
      screen.getByText(
        /'.+' each entry must be an IAM role or user ARN .+; "arn:aws:iam::1234:role\/admins" is not$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /each entry must be an EC2 instance type such as "m7i.large" \(lower-case family, ".", size\); "m7ilarge" is not$/,
      ),
    ).toHaveLength(2);
    expect(screen.queryByText(/must match pattern/)).not.toBeInTheDocument();

    await userEvent.clear(admin);
    await userEvent.type(admin, 'arn:aws:iam::123456789012:role/admins');
    await userEvent.clear(instanceType);
    await userEvent.type(instanceType, 'm7i.large');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/is not$/)).not.toBeInTheDocument();
  });

  it.each([
    'delete-eks-cluster',
    'install-eks-addons',
    'new-eks-cluster',
    'pod-identity',
    'rollback-eks-cluster',
    'setup-karpenter',
    'upgrade-eks-cluster',
  ])(
    '%s: every field, nested field and list entry has a title for its label and errors',
    folder => {
      const withoutTitle: string[] = [];
      const visit = (node: unknown, where: string, needsTitle: boolean) => {
        if (!node || typeof node !== 'object') return;
        const schema = node as Record<string, unknown>;
        if (
          needsTitle &&
          (typeof schema.title !== 'string' || schema.title.trim() === '')
        ) {
          withoutTitle.push(where);
        }
        for (const [key, value] of Object.entries(schema)) {
          if (key === 'properties' && value && typeof value === 'object') {
            for (const [k, v] of Object.entries(value))
              visit(v, `${where}.${k}`, true);
          } else if (key === 'items') {
            visit(value, `${where}[]`, true);
          }
        }
      };
      for (const step of templateSteps(folder)) {
        visit(
          { properties: step.properties },
          `${folder} ${step.title}`,
          false,
        );
      }
      expect(withoutTitle).toEqual([]);
    },
  );

  it.each([
    'delete-eks-cluster',
    'install-eks-addons',
    'new-eks-cluster',
    'pod-identity',
    'rollback-eks-cluster',
    'setup-karpenter',
    'upgrade-eks-cluster',
  ])('%s: every field with a pattern has a message in words for it', folder => {
    const withPattern: string[] = [];
    const withoutWords: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (typeof schema.pattern === 'string') {
        withPattern.push(where);
        const messages = (schema.errorMessage ?? {}) as Record<string, string>;
        if (!/^(must|may|each entry)\b/.test(messages.pattern ?? '')) {
          withoutWords.push(`${where}: pattern`);
        }
        if (
          schema.maxLength !== undefined &&
          !/^must be at most \d+ characters$/.test(messages.maxLength ?? '')
        ) {
          withoutWords.push(`${where}: maxLength`);
        }
      }
      for (const [key, value] of Object.entries(schema)) {
        if (key === 'properties' && value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) visit(v, `${where}.${k}`);
        } else if (key === 'items') {
          visit(value, `${where}[]`);
        }
      }
    };
    for (const step of templateSteps(folder)) {
      visit({ properties: step.properties }, `${folder} ${step.title}`);
    }
    expect(withPattern.length).toBeGreaterThan(0);
    expect(withoutWords).toEqual([]);
  });

  it.each([
    'delete-eks-cluster',
    'install-eks-addons',
    'new-eks-cluster',
    'pod-identity',
    'rollback-eks-cluster',
    'setup-karpenter',
    'upgrade-eks-cluster',
  ])(
    '%s: every yes/no field names its values in words for the review page',
    folder => {
      const withoutWords: string[] = [];
      const visit = (node: unknown, where: string) => {
        if (!node || typeof node !== 'object') return;
        const schema = node as Record<string, unknown>;
        if (
          schema.type === 'boolean' &&
          JSON.stringify(schema.enumNames) !== JSON.stringify(['Yes', 'No'])
        ) {
          withoutWords.push(where);
        }
        for (const [key, value] of Object.entries(schema)) {
          if (key === 'properties' && value && typeof value === 'object') {
            for (const [k, v] of Object.entries(value))
              visit(v, `${where}.${k}`);
          } else if (key === 'items') {
            visit(value, `${where}[]`);
          }
        }
      };
      for (const step of templateSteps(folder)) {
        visit({ properties: step.properties }, `${folder} ${step.title}`);
      }
      expect(withoutWords).toEqual([]);
    },
  );
});
