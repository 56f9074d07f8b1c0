import type { ComponentProps } from 'react';
import type { DefaultTemplateOutputs } from '@backstage/plugin-scaffolder-react/alpha';

/** A task's output (links, text and any other keys the template sets). @public */
export type TaskOutput = ComponentProps<
  typeof DefaultTemplateOutputs
>['output'];
