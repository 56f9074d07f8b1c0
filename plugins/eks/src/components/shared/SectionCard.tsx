import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { Section } from '@backstage-eks/plugin-eks-common';
import { SectionError } from './SectionError';

/**
 * An InfoCard for one section of the health document: the section's content
 * when it loaded, a warning naming the failed source when it did not.
 */
export function SectionCard<T>(props: {
  title: string;
  section: Section<T>;
  children: (data: T) => ReactNode;
  action?: ReactNode;
}) {
  const { title, section, children, action } = props;
  return (
    <InfoCard title={title} action={action}>
      {section.error ? (
        <SectionError title={title} error={section.error} />
      ) : (
        children(section.data)
      )}
    </InfoCard>
  );
}
