import { awsTarget, targetKey, type RouteContext } from './context';

/** What an account already has, for the form's pickers. */
export function accountRoutes({ router, read, cache }: RouteContext) {
  router.get('/account/iam-principals', async (req, res) => {
    const target = awsTarget(req.query);
    const { search } = req.query;
    res.json(
      await cache.get(
        `iam-principals:${target.accountId ?? ''}:${(
          search ?? ''
        ).toLowerCase()}`,
        () => read.accountResources.iamPrincipals({ search }, target),
      ),
    );
  });

  router.get('/account/vpcs', async (req, res) => {
    const target = awsTarget(req.query);
    res.json(
      await cache.get(`vpcs:${targetKey(target)}`, () =>
        read.accountResources.vpcs(target),
      ),
    );
  });

  router.get('/account/subnets', async (req, res) => {
    const target = awsTarget(req.query);
    const { vpcId } = req.query;
    res.json(
      await cache.get(`subnets:${targetKey(target)}:${vpcId}`, () =>
        read.accountResources.subnets({ vpcId }, target),
      ),
    );
  });

  router.get('/account/instance-types', async (req, res) => {
    const target = awsTarget(req.query);
    res.json(
      await cache.get(`instance-types:${targetKey(target)}`, () =>
        read.accountResources.instanceTypes(target),
      ),
    );
  });
}
