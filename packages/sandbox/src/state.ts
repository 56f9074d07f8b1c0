import { EksState } from './aws/eks/model';
import { Ec2State } from './aws/ec2/model';
import { Elbv2State } from './aws/elbv2/model';
import { EventsState } from './aws/events/model';
import { IamState } from './aws/iam/model';
import { SqsState } from './aws/sqs/model';

/** The default account: requests whose access key id is not 12 digits land here. */
export const DEFAULT_ACCOUNT_ID = '000000000000';
/** The default region: requests without a region land here. */
export const DEFAULT_REGION = 'eu-west-1';

/** The regional services of one account and region. */
export class RegionState {
  readonly eks = new EksState();
  readonly ec2 = new Ec2State();
  readonly elbv2 = new Elbv2State();
  readonly sqs = new SqsState();
  readonly events = new EventsState();

  constructor(
    readonly accountId: string,
    readonly region: string,
    /** The account's IAM (global), which regional services look up. */
    readonly iam: IamState,
  ) {}
}

/** One AWS account: global IAM plus its regions. */
export class AccountState {
  readonly iam: IamState;
  readonly regions = new Map<string, RegionState>();

  constructor(readonly accountId: string) {
    this.iam = new IamState(accountId);
  }

  region(name: string): RegionState {
    let r = this.regions.get(name);
    if (!r) {
      r = new RegionState(this.accountId, name, this.iam);
      this.regions.set(name, r);
    }
    return r;
  }
}

/** Everything the sandbox holds. */
export class SandboxState {
  readonly accounts = new Map<string, AccountState>();

  account(accountId: string): AccountState {
    let a = this.accounts.get(accountId);
    if (!a) {
      a = new AccountState(accountId);
      this.accounts.set(accountId, a);
    }
    return a;
  }

  region(accountId: string, region: string): RegionState {
    return this.account(accountId).region(region);
  }
}
