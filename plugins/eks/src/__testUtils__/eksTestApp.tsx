import { ComponentProps, ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import { ApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { HttpResponse } from 'msw';
import { setupServer, SetupServer } from 'msw/node';
import { eksApiRef } from '../api';
import { createTestEksClient } from '../__fixtures__/eksTestApi';
import { FieldHarness } from '../__fixtures__/FieldHarness';

/*
 * The setup the frontend tests share: an msw server standing in for the eks
 * backend, its refusals as the backend words them, and what they render (a
 * field, a scaffolder form, an entity's content) in a test app with the real
 * eks client pointed at that server.
 */

/**
 * An msw server for the eks backend that listens while the tests of the
 * enclosing file (or describe) run, its handlers reset after each test.
 * Requests nothing handles fail the test.
 */
export function setupEksBackend(): SetupServer {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** The eks backend's 400 answer to a bad input, as @backstage/errors serializes it. */
export function inputErrorResponse(
  message: string,
  request?: { method: string; url: string },
) {
  return HttpResponse.json(
    {
      error: { name: 'InputError', message },
      ...(request ? { request } : {}),
      response: { statusCode: 400 },
    },
    { status: 400 },
  );
}

/** Other APIs a component needs beside the eks client. */
type ApiPair = readonly [ApiRef<any>, any];

/**
 * Renders `element` in a test app with the real eks client pointed at the
 * msw handlers (and `apis` beside it), inside `entity`'s EntityProvider when
 * one is given.
 */
export function renderWithEksApi(
  element: ReactElement,
  options: { apis?: ApiPair[]; entity?: Entity } = {},
) {
  const { apis = [], entity } = options;
  return renderInTestApp(
    <TestApiProvider apis={[...apis, [eksApiRef, createTestEksClient()]]}>
      {entity ? (
        <EntityProvider entity={entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
  );
}

/** Renders a field as the form renders it, in a {@link FieldHarness}. */
export function renderField<T>(
  props: Parameters<typeof FieldHarness<T>>[0] & { apis?: ApiPair[] },
) {
  const { apis, ...harness } = props;
  return renderWithEksApi(<FieldHarness<T> {...harness} />, { apis });
}

/** Renders a scaffolder form: the Stepper the Create page shows. */
export function renderForm(props: ComponentProps<typeof Stepper>) {
  // the stepper scrolls to the top on each step; jsdom does not scroll
  window.scrollTo = () => {};
  return renderWithEksApi(<Stepper {...props} />);
}
