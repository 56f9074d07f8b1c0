import { ComponentProps } from 'react';
import { ApiRef } from '@backstage/core-plugin-api';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { HttpResponse } from 'msw';
import { setupServer, SetupServer } from 'msw/node';
import { eksApiRef } from '../api';
import { createTestEksClient } from '../__fixtures__/eksTestApi';
import { FieldHarness } from '../__fixtures__/FieldHarness';

/*
 * The setup the scaffolder field tests share: an msw server standing in for
 * the eks backend, its refusals as the backend words them, and a field
 * rendered as the form renders it with the real eks client.
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

/** Other APIs a field needs beside the eks client. */
type ApiPair = readonly [ApiRef<any>, any];

/**
 * Renders a field in a test app, in a {@link FieldHarness}, with the real
 * eks client pointed at the msw handlers (and `apis` beside it).
 */
export function renderField<T>(
  props: Parameters<typeof FieldHarness<T>>[0] & { apis?: ApiPair[] },
) {
  const { apis = [], ...harness } = props;
  return renderInTestApp(
    <TestApiProvider apis={[...apis, [eksApiRef, createTestEksClient()]]}>
      <FieldHarness<T> {...harness} />
    </TestApiProvider>,
  );
}

/**
 * Renders a scaffolder form (the Stepper the Create page shows) in a test
 * app with the real eks client pointed at the msw handlers.
 */
export function renderForm(props: ComponentProps<typeof Stepper>) {
  // the stepper scrolls to the top on each step; jsdom does not scroll
  window.scrollTo = () => {};
  return renderInTestApp(
    <TestApiProvider apis={[[eksApiRef, createTestEksClient()]]}>
      <Stepper {...props} />
    </TestApiProvider>,
  );
}
