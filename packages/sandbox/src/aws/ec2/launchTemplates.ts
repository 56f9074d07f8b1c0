import { resourceId } from '../../ids';
import { AwsError } from '../AwsError';
import { Ec2State, LaunchTemplate, LaunchTemplateData } from './model';

export function addLaunchTemplate(
  ec2: Ec2State,
  input: {
    name: string;
    data: LaunchTemplateData;
    tags?: Record<string, string>;
  },
): LaunchTemplate {
  if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(input.name)) {
    throw new AwsError(
      'InvalidLaunchTemplateName.MalformedException',
      `LaunchTemplateName: ${input.name} must be 3-128 characters of letters, digits and ( ) . - / _`,
    );
  }
  if (ec2.launchTemplateByName(input.name)) {
    throw new AwsError(
      'InvalidLaunchTemplateName.AlreadyExistsException',
      `Launch template name already in use: ${input.name}`,
    );
  }
  const now = new Date();
  const template: LaunchTemplate = {
    launchTemplateId: resourceId('lt'),
    launchTemplateName: input.name,
    createTime: now,
    defaultVersionNumber: 1,
    versions: [{ versionNumber: 1, createTime: now, data: input.data }],
    tags: { ...(input.tags ?? {}) },
  };
  ec2.launchTemplates.set(template.launchTemplateId, template);
  return template;
}
