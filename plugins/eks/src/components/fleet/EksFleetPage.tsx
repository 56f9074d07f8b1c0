import { Content, Header, Page } from '@backstage/core-components';
import { EksFleetPageContent } from './EksFleetPageContent';

/** The fleet page with its own header (legacy frontend system). */
export function EksFleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="EKS fleet"
        subtitle="Every EKS cluster of the configured accounts and regions"
      />
      <Content>
        <EksFleetPageContent />
      </Content>
    </Page>
  );
}
