import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { createRouter } from '../router';
import { CoalescingCache } from '../services/CoalescingCache';
import type { EksInsightsService } from '../services/eksInsightsServiceRef';
import type { FleetService } from '../fleet/FleetService';
import type { EksReadService } from '../services/eksReadServiceRef';

interface Parameter {
  name?: string;
  in?: string;
  required?: boolean;
  schema?: { pattern?: string; enum?: string[] };
  $ref?: string;
}

const spec = parse(
  readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8'),
) as {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
  components: { parameters: Record<string, Parameter> };
};

/** A valid value of each required query parameter that `latest` is not one of. */
const VALID_REQUIRED: Record<string, string> = {
  arn: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
  vpcId: 'vpc-0123456789abcdef0',
};

function resolveParameter(p: Parameter): Parameter {
  return p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!] : p;
}

async function router() {
  return createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    catalog: catalogServiceMock(),
    logger: mockServices.logger.mock(),
    cache: new CoalescingCache(mockServices.cache.mock(), 0),
    read: {} as EksReadService,
    insights: {} as EksInsightsService,
    fleet: {} as FleetService,
  });
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** The route layers of a router and of the routers mounted in it. */
function routeLayers(stack: Layer[]): Layer[] {
  return stack.flatMap(layer =>
    layer.handle?.stack ? routeLayers(layer.handle.stack) : [layer],
  );
}

/** The route that @backstage/backend-openapi-utils adds to serve the spec itself. */
const SPEC_ROUTE = 'GET /openapi.json';

/** `GET /clusters/{name}` for each route of the router. */
async function routerOperations(): Promise<string[]> {
  const stack = (await router()).stack as Layer[];
  return routeLayers(stack)
    .filter(layer => layer.route)
    .flatMap(layer =>
      Object.keys(layer.route!.methods).map(
        method =>
          `${method.toUpperCase()} ${layer.route!.path.replace(
            /:(\w+)/g,
            '{$1}',
          )}`,
      ),
    )
    .filter(operation => operation !== SPEC_ROUTE)
    .sort();
}

function specOperations(): string[] {
  return Object.entries(spec.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations).map(method => `${method.toUpperCase()} ${path}`),
    )
    .sort();
}

describe('openapi.yaml', () => {
  it('describes exactly the routes of the router', async () => {
    expect(specOperations()).toEqual(await routerOperations());
  });

  it('declares every path parameter of every route', () => {
    for (const [path, operations] of Object.entries(spec.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();
      for (const operation of Object.values(operations)) {
        const declared = (operation.parameters ?? [])
          .map(resolveParameter)
          .filter(p => p.in === 'path')
          .map(p => p.name)
          .sort();
        expect({ path, declared }).toEqual({ path, declared: inPath });
      }
    }
  });

  it('matches the router on the query parameters it validates', async () => {
    const app = express()
      .use(await router())
      .use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger: mockServices.logger.mock(),
        }).error(),
      );
    for (const [path, operations] of Object.entries(spec.paths)) {
      const parameters = (operations.get.parameters ?? []).map(
        resolveParameter,
      );
      const concrete = path
        .replace('{name}', 'vpc-cni')
        .replace(/\{(\w+)\}/g, 'x');
      const validQuery: Record<string, string> = {};
      for (const p of parameters.filter(q => q.in === 'query' && q.required)) {
        validQuery[p.name!] = VALID_REQUIRED[p.name!] ?? 'latest';
      }
      for (const p of parameters.filter(
        q => q.in === 'query' && (q.schema?.pattern || q.schema?.enum),
      )) {
        const res = await request(app)
          .get(concrete)
          .query({ ...validQuery, [p.name!]: 'NOT VALID!' });
        expect({ path, parameter: p.name, status: res.status }).toEqual({
          path,
          parameter: p.name,
          status: 400,
        });
      }
      for (const p of parameters.filter(q => q.in === 'query' && q.required)) {
        const query = { ...validQuery };
        delete query[p.name!];
        const res = await request(app).get(concrete).query(query);
        expect({ path, parameter: p.name, status: res.status }).toEqual({
          path,
          parameter: p.name,
          status: 400,
        });
      }
    }
  });
});

// The generator is a plain Node script (scripts/generate-contract.js) so that
// it runs without a build; its functions are what the CI check runs too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../../scripts/generate-contract') as {
  contractFiles(specText?: string): Record<string, string>;
  staleFiles(files: Record<string, string>): string[];
};

describe('the contract generated from openapi.yaml', () => {
  it('is up to date: the router and eks-common api.ts are what the spec generates', () => {
    expect(generator.staleFiles(generator.contractFiles())).toEqual([]);
  });

  it('goes stale when the spec changes', () => {
    const changed = readFileSync(
      resolve(__dirname, 'openapi.yaml'),
      'utf8',
    ).replace('/account/vpcs:', '/account/vpc-list:');
    const stale = generator.staleFiles(generator.contractFiles(changed));
    expect(stale.map(file => file.split('/').slice(-2).join('/'))).toEqual([
      'generated/router.ts',
      'src/api.ts',
    ]);
  });

  it("states each x-eks-rule parameter's pattern and length from eks-common", () => {
    const specText = readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8');
    const drifted = specText
      .replace("pattern: '^\\d{12}$'", () => "pattern: '^\\d{1,12}$'")
      .replace('maxLength: 200, ', '');
    expect(drifted).not.toBe(specText);
    const files = generator.contractFiles(drifted);
    const written = Object.entries(files).find(([file]) =>
      file.endsWith('openapi.yaml'),
    )?.[1];
    expect(written).toContain("schema: { type: string, pattern: '^\\d{12}$' }");
    expect(written).not.toContain('{1,12}');
    expect(written).toContain(
      "schema: { type: string, pattern: '^[\\w+=,.@/:-]*$', maxLength: 200 }",
    );
    expect(Object.keys(generator.contractFiles(specText))).not.toContainEqual(
      expect.stringMatching(/openapi\.yaml$/),
    );
  });

  it('builds route paths with encoded parameters and types each query', () => {
    const api = Object.entries(generator.contractFiles()).find(([file]) =>
      file.endsWith('eks-common/src/api.ts'),
    )![1];
    expect(api).toContain(
      'addonConfiguration: (name: string) =>\n    `/addons/${encodeURIComponent(name)}/configuration`',
    );
    expect(api).toContain(
      'export interface ListSubnetsQuery {\n  vpcId: string;\n  /** AWS region',
    );
    expect(api).toContain('export type ClusterHealthResponse = ClusterHealth;');
  });
});
